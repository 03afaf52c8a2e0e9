using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// The mosh launcher as users run it: through a real (throwaway, loopback) sshd, and with
/// --local; ours and upstream's Perl launcher driving our server (and ours driving upstream's),
/// with our client or upstream's. Every session is typed into through tmux, left with `exit`, and must end with
/// the client's status 0 and no mosh-server of that session left behind.
/// </summary>
[Trait("Category", "Interop")]
public class LauncherInteropTests
{
    /// <summary>(launcher, server, client).</summary>
    public static TheoryData<Impl, Impl, Impl> SshPairings => new()
    {
        { Impl.Ours, Impl.Ours, Impl.Ours },
        { Impl.Upstream, Impl.Ours, Impl.Ours },
        { Impl.Upstream, Impl.Ours, Impl.Upstream },
        { Impl.Ours, Impl.Upstream, Impl.Ours },
    };

    public static TheoryData<Impl> Launchers => new() { Impl.Ours, Impl.Upstream };

    [Theory]
    [MemberData(nameof(SshPairings))]
    public void SessionThroughSshEchoesAndExits(Impl launcher, Impl server, Impl client)
    {
        using var sshd = SshServer.Start();
        string args = $"--ssh=\"{sshd.SshCommand}\" --server={MoshSession.ServerPath(server)} --client={MoshSession.ClientPath(client)} root@127.0.0.1";
        using var s = LauncherSession.Start(launcher, args, "ssh", () => sshd.Log);
        Assert.Contains("Accepted publickey for root from 127.0.0.1", sshd.Log);
        // The login has no locale of its own: UTF-8 here means the server applied the -l LANG=… it was given.
        s.Command("echo ssh-$((6*7)) $(locale charmap)");
        Assert.True(s.WaitForLine("ssh-42 UTF-8", TimeSpan.FromSeconds(10), out string screen), screen);
        s.ExitAndCheck();
    }

    public static TheoryData<Impl, string> SshModes => new()
    {
        { Impl.Ours, "--no-ssh-pty" },
        { Impl.Ours, "--experimental-remote-ip=remote" },
        { Impl.Ours, "--experimental-remote-ip=local" },
        { Impl.Upstream, "--no-ssh-pty" },
        { Impl.Upstream, "--experimental-remote-ip=remote" },
        { Impl.Upstream, "--experimental-remote-ip=local" },
    };

    /// <summary>The other ways of starting the server and learning its address, with our server and client.</summary>
    [Theory]
    [MemberData(nameof(SshModes))]
    public void SshModeEchoesAndExits(Impl launcher, string option)
    {
        using var sshd = SshServer.Start();
        string args = $"{option} --ssh=\"{sshd.SshCommand}\" --server={MoshPrograms.OurServer} --client={MoshPrograms.OurClient} root@127.0.0.1";
        using var s = LauncherSession.Start(launcher, args, "ssh", () => sshd.Log);
        s.Command("echo mode-$((6*7))");
        Assert.True(s.WaitForLine("mode-42", TimeSpan.FromSeconds(10), out string screen), screen);
        s.ExitAndCheck();
    }

    /// <summary>
    /// No mosh-server on the far side: the remote shell's complaint is passed through, then the
    /// launcher gives up with upstream's message and a failure status (upstream's Perl die exits
    /// with whatever errno happens to be, so only "not 0" is compared).
    /// </summary>
    [Theory]
    [MemberData(nameof(Launchers))]
    public void MissingServerThroughSshIsReported(Impl launcher)
    {
        using var sshd = SshServer.Start();
        string program = launcher == Impl.Ours ? MoshPrograms.OurLauncher : MoshPrograms.RequireUpstream(MoshPrograms.UpstreamLauncher);
        var (exit, stdout, stderr) = MoshPrograms.Run(program,
            [$"--ssh={sshd.SshCommand}", "--server=/nonexistent/mosh-server", $"--client={MoshPrograms.OurClient}", "root@127.0.0.1"],
            TimeSpan.FromSeconds(20), new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
        string output = stdout + stderr;
        Assert.NotEqual(0, exit);
        if (launcher == Impl.Ours) Assert.Equal(255, exit);
        Assert.Contains("/nonexistent/mosh-server: No such file or directory", output);
        Assert.EndsWith(": Did not find mosh server startup message. (Have you installed mosh on your server?)\n", output);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public void LocalSessionEchoesAndExits(Impl launcher)
    {
        string args = $"--local --server={MoshPrograms.OurServer} --client={MoshPrograms.OurClient} 127.0.0.1";
        using var s = LauncherSession.Start(launcher, args, "local", () => "");
        s.Command("echo local-$((6*7))");
        Assert.True(s.WaitForLine("local-42", TimeSpan.FromSeconds(10), out string screen), screen);
        s.ExitAndCheck();
    }

    public static TheoryData<string> KnownTerms => new() { "xterm-256color", "xterm", "dumb" };

    [Theory]
    [MemberData(nameof(KnownTerms))]
    public void ClientColorCountMatchesUpstream(string term)
    {
        var env = new Dictionary<string, string> { ["TERM"] = term };
        var ours = MoshPrograms.Run(MoshPrograms.OurClient, ["-c"], TimeSpan.FromSeconds(10), env);
        var upstream = MoshPrograms.Run(MoshPrograms.RequireUpstream(MoshPrograms.UpstreamClient), ["-c"], TimeSpan.FromSeconds(10), env);
        Assert.Equal(0, upstream.Exit);
        Assert.Matches(@"^-?\d+\n$", upstream.Stdout);
        Assert.Equal((upstream.Exit, upstream.Stdout), (ours.Exit, ours.Stdout));
    }

    [Theory]
    [InlineData("no-such-terminal-xyz", "'no-such-terminal-xyz': unknown terminal type.\n")]
    [InlineData("", "TERM environment variable not set.\n")]
    public void ClientColorCountRejectsUnknownTermAsUpstream(string term, string message)
    {
        var env = new Dictionary<string, string> { ["TERM"] = term };
        var ours = MoshPrograms.Run(MoshPrograms.OurClient, ["-c"], TimeSpan.FromSeconds(10), env);
        var upstream = MoshPrograms.Run(MoshPrograms.RequireUpstream(MoshPrograms.UpstreamClient), ["-c"], TimeSpan.FromSeconds(10), env);
        Assert.Equal((1, "", message), (upstream.Exit, upstream.Stdout, upstream.Stderr));
        Assert.Equal((1, "", message), (ours.Exit, ours.Stdout, ours.Stderr));
    }

    /// <summary>
    /// A launcher running in a tmux pane whose shell reports the launcher's (that is, the
    /// client's) exit status. The remote command is bash with a fixed prompt and a variable
    /// naming this session, by which its shell — and so its mosh-server, the shell's parent —
    /// is found.
    /// </summary>
    private sealed class LauncherSession : IDisposable
    {
        private const string ExitMarker = "launcher-exit-status=";
        private const string SessionVariable = "MOSHAOT_TEST_SESSION";

        private readonly string _tag;
        private readonly Func<string> _diagnostics;
        private int _serverPid = -1;

        private LauncherSession(TmuxSession tmux, string tag, Func<string> diagnostics)
        {
            Tmux = tmux;
            _tag = tag;
            _diagnostics = diagnostics;
        }

        public TmuxSession Tmux { get; }

        public static LauncherSession Start(Impl launcher, string arguments, string what, Func<string> diagnostics)
        {
            string program = launcher == Impl.Ours ? MoshPrograms.OurLauncher : MoshPrograms.RequireUpstream(MoshPrograms.UpstreamLauncher);
            string tag = $"{what}-{Guid.NewGuid():N}";
            string command = $"{program} {arguments} -- env 'PS1=mosh$ ' {SessionVariable}={tag} {MoshSession.Shell} --norc --noprofile";
            // The ssh login carries no locale; the launcher forwards LANG with -l and the server falls back to it.
            var env = new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color", ["HOME"] = Path.GetTempPath() };
            var tmux = TmuxSession.Start($"{command}; echo {ExitMarker}$?; exec sleep 300", 80, 24, env);
            var session = new LauncherSession(tmux, tag, diagnostics);
            try
            {
                if (!tmux.WaitForText("mosh$", TimeSpan.FromSeconds(20), out string screen))
                    throw new InvalidOperationException($"no prompt through {launcher} launcher ({what}):\n{screen}\n{diagnostics()}");
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        public void Command(string line)
        {
            Tmux.Type(line);
            Tmux.Keys("Enter");
        }

        public bool WaitForLine(string line, TimeSpan timeout, out string screen) =>
            Tmux.WaitFor(s => s.Split('\n').Any(l => l.TrimEnd() == line), timeout, out screen);

        /// <summary>
        /// Finds this session's mosh-server, types `exit`, and checks that the client exits with
        /// status 0 and the server goes away.
        /// </summary>
        public void ExitAndCheck()
        {
            _serverPid = FindServer();
            Assert.True(_serverPid > 0, $"no shell with {SessionVariable}={_tag} found\n{_diagnostics()}");
            Assert.Equal("mosh-server", ProcessName(_serverPid));

            Command("exit");
            int? status = WaitForExitStatus(TimeSpan.FromSeconds(15), out string screen);
            Assert.True(status == 0, $"client exit status {status?.ToString() ?? "(still running)"}:\n{screen}\n{_diagnostics()}");
            Assert.True(MoshSession.WaitUntil(() => !IsAlive(_serverPid), TimeSpan.FromSeconds(10)),
                $"mosh-server {_serverPid} of the session is still running");
        }

        private int? WaitForExitStatus(TimeSpan timeout, out string screen)
        {
            if (!Tmux.WaitForText(ExitMarker, timeout, out screen)) return null;
            foreach (string line in screen.Split('\n'))
            {
                int at = line.IndexOf(ExitMarker, StringComparison.Ordinal);
                if (at >= 0 && int.TryParse(line[(at + ExitMarker.Length)..].Trim(), out int value)) return value;
            }
            return -1;
        }

        /// <summary>The parent of the process whose environment names this session, or -1.</summary>
        private int FindServer()
        {
            string needle = $"\0{SessionVariable}={_tag}\0";
            foreach (string dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
                try
                {
                    string environ = "\0" + File.ReadAllText(Path.Combine(dir, "environ"));
                    if (!environ.Contains(needle, StringComparison.Ordinal)) continue;
                    string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    // pid (comm) state ppid …; comm may contain spaces, so parse after the last ')'.
                    string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    return int.Parse(rest[1]);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return -1;
        }

        private static string ProcessName(int pid)
        {
            try { return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n'); }
            catch (IOException) { return ""; }
        }

        private static bool IsAlive(int pid)
        {
            try { return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal); }
            catch (IOException) { return false; }
        }

        public void Dispose()
        {
            if (_serverPid < 0) _serverPid = FindServer();
            Tmux.Dispose();
            if (_serverPid > 0 && IsAlive(_serverPid) && ProcessName(_serverPid) == "mosh-server")
                MoshPrograms.Run("kill", ["-KILL", _serverPid.ToString()], TimeSpan.FromSeconds(5));
        }
    }
}
