using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// The linux-arm64 binary (`make publish-arm64`), run under qemu-user: its ARM AES path against
/// the RFC vectors and the portable path, and a real exchange with upstream's mosh-server.
/// </summary>
[Trait("Category", "Interop")]
public class Arm64BinaryTests
{
    private const string Qemu = "/usr/bin/qemu-aarch64";
    private const string Sysroot = "/usr/aarch64-linux-gnu";

    /// <summary>
    /// The binary to run: the one MOSH_AOT_ARM64_BINARY names (as `make test` does), else
    /// build/linux-arm64/mosh-aot. When the variable is set, the binary and qemu must be there
    /// and the test fails without them; when it is not, their absence skips the test.
    /// </summary>
    private static string Binary
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

    private static void Need(bool required, bool present, string why)
    {
        if (required)
            Assert.True(present, why);
        else
            Skip.IfNot(present, why);
    }

    [SkippableFact]
    public void ArmAesPathMatchesTheReferenceVectors()
    {
        var (exit, stdout, stderr) = MoshPrograms.Run(Qemu, ["-L", Sysroot, Binary, "selftest-crypto"], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("ok   Arm", stdout);
        Assert.Contains("ok   Portable (constant-time, bitsliced)", stdout); // the bitsliced path's shuffles on ARM64
        Assert.Contains("sessions use: Arm", stdout);
    }

    [SkippableFact]
    public void ArmBinaryTalksToUpstreamServer()
    {
        string binary = Binary;
        string server = MoshPrograms.RequireUpstream(MoshPrograms.UpstreamServer);
        var (exit, stdout, stderr) = MoshPrograms.Run(Qemu,
            ["-L", Sysroot, binary, "probe", "127.0.0.1", "--", server, "new", "-i", "127.0.0.1", "-p", "0", "--", "/bin/sh"],
            TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["LC_ALL"] = "C.UTF-8" });
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("authenticated: yes", stdout);
        Assert.Contains("host bytes:", stdout);
        Assert.Contains("server shut down: yes", stdout);
    }
}
