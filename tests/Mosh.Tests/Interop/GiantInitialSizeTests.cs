using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// Initial window sizes are clamped as resizes are (protocol §13.3): a tty that says 65535×65535
/// (4 Gi cells, 64 GiB of them) makes neither our server (its stdin, the ssh pty) nor our client
/// (its own terminal) allocate it; the session works at the clamped size, 10 000×419. (The
/// server's daemon would survive even without its clamp: its blank rows are shared; <see cref="Frontend.InitialSizeTests"/> pins the clamp itself.)
/// </summary>
[Trait("Category", "Interop")]
public class GiantInitialSizeTests
{
    // Gives the program a pty of 65535×65535 as its stdin (as sshd's pty can be); stdout and stderr stay.
    private const string OnGiantPty =
        "import os, sys, fcntl, termios, struct\n" +
        "m, s = os.openpty()\n" +
        "fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack('HHHH', 65535, 65535, 0, 0))\n" +
        "os.dup2(s, 0)\n" +
        "os.execv(sys.argv[1], sys.argv[1:])\n";

    [SkippableFact]
    public void TheServerStartsOnAGiantPtyAndTheSessionTakesTheClientsSize()
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        Skip.IfNot(File.Exists("/usr/bin/python3"), "python3 is not installed");
        string sizeFile = Path.Combine(Path.GetTempPath(), $"moshaot-size-{Guid.NewGuid():N}");
        using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand,
            env: new Dictionary<string, string> { ["PS1"] = "mosh$ " }, commandPrefix: ["/usr/bin/python3", "-c", OnGiantPty]);
        Assert.True(MoshSession.WaitUntil(() => server.IsRunning, TimeSpan.FromSeconds(2)));
        using var tmux = TmuxSession.Start($"{MoshPrograms.OurClient} 127.0.0.1 {server.Port}; exec sleep 300",
            env: new Dictionary<string, string> { ["MOSH_KEY"] = server.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
        try
        {
            Assert.True(tmux.WaitForText("mosh$", TimeSpan.FromSeconds(15), out string screen), screen);
            Assert.Equal("24 80", ShellSays(tmux, sizeFile, "stty size"));
            Assert.True(server.IsRunning);
        }
        finally
        {
            File.Delete(sizeFile);
        }
    }

    [SkippableFact]
    public void TheClientStartsInAGiantTerminalAtTheClampedSize()
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        string sizeFile = Path.Combine(Path.GetTempPath(), $"moshaot-size-{Guid.NewGuid():N}");
        using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand,
            env: new Dictionary<string, string> { ["PS1"] = "mosh$ " });
        // The pane's pty says 65535×65535 (tmux itself stays 80×24 and shows the top left).
        using var tmux = TmuxSession.Start(
            $"stty rows 65535 cols 65535; {MoshPrograms.OurClient} 127.0.0.1 {server.Port}; echo client-exit=$?; exec sleep 300",
            env: new Dictionary<string, string> { ["MOSH_KEY"] = server.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
        try
        {
            // The client draws for 419 rows, so in the 24-row pane the prompt may have scrolled into tmux's history.
            Assert.True(MoshSession.WaitUntil(() => tmux.CaptureHistory().Contains("mosh$", StringComparison.Ordinal), TimeSpan.FromSeconds(20)),
                tmux.CaptureHistory());
            Assert.Equal("419 10000", ShellSays(tmux, sizeFile, "stty size"));
            Assert.DoesNotContain("client-exit=", tmux.Capture());
        }
        finally
        {
            File.Delete(sizeFile);
        }
    }

    /// <summary>Runs a command in the session's shell; its output goes to a file (the screen may be clipped).</summary>
    private static string ShellSays(TmuxSession tmux, string file, string command)
    {
        tmux.Type($"{command} > {file}.tmp; mv {file}.tmp {file}");
        tmux.Keys("Enter");
        Assert.True(MoshSession.WaitUntil(() => File.Exists(file), TimeSpan.FromSeconds(15)), $"{command} never ran:\n{tmux.Capture()}");
        return File.ReadAllText(file).Trim();
    }
}
