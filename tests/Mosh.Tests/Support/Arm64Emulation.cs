namespace Mosh.Tests.Support;

/// <summary>
/// The linux-arm64 binary (`make publish-arm64`) and the ways tests run it on this x86-64
/// machine: directly under qemu-user, or, for a server, inside a user and mount namespace with a
/// binfmt_misc of its own that hands every arm64 ELF to qemu. The server's daemon is the binary
/// started again, and an exec of an arm64 ELF fails on an x86-64 kernel unless binfmt_misc
/// knows an emulator for it. The registration lives and dies with that namespace (Linux 6.7+
/// gives each user namespace its own binfmt_misc); the machine's own is untouched.
/// </summary>
public static class Arm64Emulation
{
    public const string Qemu = "/usr/bin/qemu-aarch64";
    public const string Sysroot = "/usr/aarch64-linux-gnu";

    /// <summary>
    /// binfmt_misc registration for arm64 ELF executables (static and PIE), as Debian's
    /// qemu-user-binfmt writes it. P keeps argv[0] (the binary picks its role from it), F opens qemu
    /// now, so the rule works in any mount namespace below.
    /// </summary>
    private const string Registration =
        @":qemu-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:" +
        @"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:" + Qemu + ":PF";

    private const string MountAndRegister =
        "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc && printf '%s' \"$MOSH_TEST_BINFMT\" > /proc/sys/fs/binfmt_misc/register && exec \"$@\"";

    /// <summary>
    /// The binary to run: the one MOSH_AOT_ARM64_BINARY names (as `make test` does), else
    /// build/linux-arm64/mosh-aot. When the variable is set, the binary and qemu must be there and
    /// the test fails without them; when it is not, their absence skips the test.
    /// </summary>
    public static string Binary
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("MOSH_AOT_ARM64_BINARY");
            bool required = !string.IsNullOrEmpty(env);
            string path = required ? env! : Path.Combine(MoshPrograms.RepositoryRoot, "build", "linux-arm64", "mosh-aot");
            Need(required, File.Exists(path), $"{path} is missing: run `make publish-arm64` (make test does and sets MOSH_AOT_ARM64_BINARY)");
            Need(required, File.Exists(Qemu), $"{Qemu} is missing: scripts/install-deps.sh installs qemu-user");
            return path;
        }
    }

    /// <summary>The arm64 binary with <paramref name="args"/>, run by qemu directly (no re-exec possible).</summary>
    public static MoshPrograms.Invocation Direct(params string[] args) => new(Qemu, ["-L", Sysroot, Binary, .. args]);

    /// <summary>A shell command line for <see cref="Direct"/> (for a tmux pane).</summary>
    public static string DirectCommandLine(params string[] args) =>
        string.Join(' ', new[] { Qemu, "-L", Sysroot, Binary }.Concat(args));

    /// <summary>
    /// The arm64 binary with <paramref name="args"/>, run where binfmt_misc sends arm64 ELFs to
    /// qemu, so whatever it executes of its own runs too. Skips the test where the kernel gives
    /// user namespaces no binfmt_misc of their own.
    /// </summary>
    public static MoshPrograms.Invocation UnderBinfmt(params string[] args)
    {
        string binary = Binary;
        Skip.IfNot(NamespacedBinfmtWorks.Value,
            "this kernel gives a user namespace no binfmt_misc of its own (Linux 6.7+), so an arm64 server cannot start itself again under qemu here");
        return new MoshPrograms.Invocation("unshare", ["--user", "--map-root-user", "--mount", "/bin/sh", "-c", MountAndRegister, "sh", binary, .. args]);
    }

    /// <summary>What <see cref="UnderBinfmt"/> needs in the environment: the registration, and the arm64 libraries for qemu.</summary>
    public static Dictionary<string, string> UnderBinfmtEnvironment => new()
    {
        ["MOSH_TEST_BINFMT"] = Registration,
        ["QEMU_LD_PREFIX"] = Sysroot,
    };

    private static readonly Lazy<bool> NamespacedBinfmtWorks = new(() =>
    {
        try
        {
            var (exit, _, _) = MoshPrograms.Run("unshare", ["--user", "--map-root-user", "--mount", "/bin/sh", "-c", MountAndRegister, "sh", "/bin/true"],
                TimeSpan.FromSeconds(10), UnderBinfmtEnvironment);
            return exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no unshare(1)
        }
    });

    private static void Need(bool required, bool present, string why)
    {
        if (required)
            Assert.True(present, why);
        else
            Skip.IfNot(present, why);
    }
}
