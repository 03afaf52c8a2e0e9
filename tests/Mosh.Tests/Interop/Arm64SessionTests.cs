using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// Whole sessions with the linux-arm64 binary under qemu-user: upstream's (x86-64) client with
/// our arm64 server, whose daemon is the arm64 binary started again, and our arm64 client with
/// upstream's server. Each runs a command and ends with `exit`, and both sides go away cleanly.
/// </summary>
[Trait("Category", "Interop")]
public class Arm64SessionTests
{
    [SkippableFact]
    public void UpstreamClientWithOurArm64Server()
    {
        using var s = RunCommand(Impl.OursArm64, Impl.Upstream);
        // The daemon is really our arm64 binary: the kernel runs qemu for it (binfmt_misc).
        string exe = new FileInfo($"/proc/{s.Server.Pid}/exe").LinkTarget ?? "";
        string cmdline = File.ReadAllText($"/proc/{s.Server.Pid}/cmdline").Replace('\0', ' ');
        Assert.Equal(Arm64Emulation.Qemu, exe);
        Assert.Contains($"{Arm64Emulation.Binary} mosh-server --daemon-handoff", cmdline);
        ExitCleanly(s);
    }

    [SkippableFact]
    public void OurArm64ClientWithUpstreamServer()
    {
        using var s = RunCommand(Impl.Upstream, Impl.OursArm64);
        ExitCleanly(s);
    }

    /// <summary>The arm64 binary starts itself again and execs, as the server does, when binfmt_misc knows qemu.</summary>
    [SkippableFact]
    public void Arm64BinaryStartsItselfAgainUnderEmulation()
    {
        var run = Arm64Emulation.UnderBinfmt("selftest-posix");
        var (exit, stdout, stderr) = MoshPrograms.Run(run.File, run.LeadingArgs, TimeSpan.FromSeconds(120), Arm64Emulation.UnderBinfmtEnvironment);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("ok   re-exec self, then exec", stdout);
    }

    private static MoshSession RunCommand(Impl server, Impl client)
    {
        var s = MoshSession.Start(server, client);
        try
        {
            s.Command("echo arm64-session-$((6*7))");
            Assert.True(s.WaitForLine("arm64-session-42", TimeSpan.FromSeconds(30), out string screen), screen);
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    private static void ExitCleanly(MoshSession s)
    {
        s.Command("exit");
        Assert.Equal(0, s.WaitForClientExit(TimeSpan.FromSeconds(60)));
        Assert.True(s.Server.WaitForExit(TimeSpan.FromSeconds(30)), "server still running");
        Assert.Contains("[mosh is exiting.]", s.Tmux.Capture());
    }
}
