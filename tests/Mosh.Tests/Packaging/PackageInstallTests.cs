using System.Diagnostics;
using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>
/// The amd64 package really installed with dpkg -i, over this machine's own installation and
/// package database: it takes the place of Debian's mosh (dpkg removes that, as Conflicts and
/// Replaces ask), a session runs with the installed mosh, mosh-server and mosh-client, and
/// dpkg --purge removes it without a trace. All of it happens in a private mount namespace in
/// which the directories dpkg writes are overlays, so the machine itself, and the interop tests
/// running meanwhile against Debian's mosh, never see the change.
/// </summary>
[Trait("Category", "Packaging")]
public class PackageInstallTests
{
    /// <summary>Everything dpkg -i, its triggers and dpkg --purge write to.</summary>
    private static readonly string[] Overlaid = ["/usr", "/etc", "/var/lib/dpkg", "/var/log", "/var/cache/man"];

    private const string Ready = "namespace-ready";

    [SkippableFact]
    public void InstallsRunsASessionAndRemovesCleanly()
    {
        PackagingArtifacts.NeedProgram("dpkg", "dpkg");
        PackagingArtifacts.NeedProgram("nsenter", "util-linux");
        Skip.IfNot(Mosh.Posix.ProcessInfo.UserId == 0, "dpkg -i and mounting overlays need root");
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is missing: scripts/install-deps.sh installs it");
        string architecture = MoshPrograms.Run("dpkg", ["--print-architecture"], TimeSpan.FromSeconds(10)).Stdout.Trim();
        string deb = PackagingArtifacts.Single(PackagingArtifacts.DebDirectory, $"mosh-aot_*_{architecture}.deb");

        string hostServer = File.Exists("/usr/bin/mosh-server") ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes("/usr/bin/mosh-server"))) : "";
        string work = Directory.CreateTempSubdirectory("mosh-dpkg-").FullName;
        var machine = PrivateMachine.Start(work);
        try
        {
            string? debians = machine.Installed("mosh");
            var install = machine.Run("dpkg", "--install", deb);
            Assert.True(install.Exit == 0, install.Output);
            if (debians is not null) Assert.Contains("will remove mosh in favour of mosh-aot", install.Output);
            Assert.Equal("1.4.0-1", machine.Installed("mosh-aot"));
            Assert.Null(machine.Installed("mosh"));
            foreach (string link in new[] { "mosh", "mosh-server", "mosh-client" })
                Assert.Equal("mosh-aot", machine.Run("readlink", $"/usr/bin/{link}").Output.Trim());
            Assert.Contains("mosh-server (mosh-aot 1.4.0)", machine.Run("/usr/bin/mosh-server", "--version").Output);
            Assert.Equal(0, machine.Run("test", "-f", "/usr/share/man/man1/mosh.1.gz").Exit);
            Assert.Equal(0, machine.Run("test", "-f", "/usr/share/bash-completion/completions/mosh").Exit);

            RunSession(machine, work);

            var purge = machine.Run("dpkg", "--purge", "mosh-aot");
            Assert.True(purge.Exit == 0, purge.Output);
            Assert.Null(machine.Installed("mosh-aot"));
            foreach (string path in new[] { "/usr/bin/mosh-aot", "/usr/bin/mosh", "/usr/bin/mosh-server", "/usr/bin/mosh-client",
                         "/usr/share/man/man1/mosh-aot.1.gz", "/usr/share/bash-completion/completions/mosh", "/usr/share/doc/mosh-aot" })
                Assert.True(machine.Run("test", "!", "-e", path, "-a", "!", "-L", path).Exit == 0, $"{path} is left after dpkg --purge");
        }
        finally
        {
            machine.Dispose();
            Directory.Delete(work, recursive: true);
        }
        // The machine itself never saw any of it.
        Assert.Equal(hostServer, File.Exists("/usr/bin/mosh-server") ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes("/usr/bin/mosh-server"))) : "");
    }

    /// <summary>`mosh --local` with the installed launcher, server and client (found on PATH), in a terminal.</summary>
    private static void RunSession(PrivateMachine machine, string home)
    {
        var env = new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color", ["HOME"] = home, ["PATH"] = "/usr/bin:/bin" };
        using var tmux = TmuxSession.Start(
            "mosh --local 127.0.0.1 -- /bin/sh -c 'echo installed-$((6*7)); sleep 3'; echo launcher-exit=$?; exec sleep 300",
            80, 24, env, machine.Enter);
        // The session's screen is the alternate screen, gone once the client has ended.
        Assert.True(tmux.WaitForText("installed-42", TimeSpan.FromSeconds(30), out string screen), screen);
        Assert.True(tmux.WaitForText("launcher-exit=", TimeSpan.FromSeconds(60), out screen), screen);
        Assert.Contains("[mosh is exiting.]", screen);
        Assert.Contains("launcher-exit=0", screen);
    }

    /// <summary>
    /// A mount namespace, held open by a sleeping process, in which <see cref="Overlaid"/> are
    /// overlays whose changes go to a scratch folder. Commands enter it with nsenter.
    /// </summary>
    private sealed class PrivateMachine : IDisposable
    {
        private readonly Process _holder;

        private PrivateMachine(Process holder) => _holder = holder;

        public string[] Enter => ["nsenter", "--target", _holder.Id.ToString(), "--mount", "--"];

        public static PrivateMachine Start(string scratch)
        {
            var script = new System.Text.StringBuilder("set -e\n");
            int i = 0;
            foreach (string dir in Overlaid.Where(Directory.Exists))
            {
                string upper = Path.Combine(scratch, $"upper{i}"), workDir = Path.Combine(scratch, $"work{i++}");
                script.Append($"mkdir -p '{upper}' '{workDir}'\n");
                script.Append($"mount -t overlay overlay -o lowerdir={dir},upperdir={upper},workdir={workDir} {dir}\n");
            }
            script.Append($"echo {Ready}\nexec sleep 600\n");
            var psi = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script.ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var holder = Process.Start(psi)!;
            var line = holder.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result != Ready)
            {
                if (!holder.HasExited) holder.Kill(true);
                Skip.If(true, "cannot mount overlays in a private mount namespace here: " + holder.StandardError.ReadToEnd());
            }
            return new PrivateMachine(holder);
        }

        public (int Exit, string Output) Run(params string[] command)
        {
            var (exit, stdout, stderr) = MoshPrograms.Run(Enter[0], [.. Enter[1..], .. command], TimeSpan.FromMinutes(2),
                new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
            return (exit, stdout + stderr);
        }

        /// <summary>The installed version of <paramref name="package"/>, or null.</summary>
        public string? Installed(string package)
        {
            var (exit, output) = Run("dpkg-query", "--show", "--showformat=${db:Status-Status} ${Version}", package);
            string[] parts = output.Trim().Split(' ', 2);
            return exit == 0 && parts.Length == 2 && parts[0] == "installed" ? parts[1] : null;
        }

        public void Dispose()
        {
            if (!_holder.HasExited)
            {
                _holder.Kill(true);
                _holder.WaitForExit(10_000);
            }
            _holder.Dispose();
        }
    }
}
