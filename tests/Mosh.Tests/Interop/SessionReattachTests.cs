using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// Sessions that outlive their client (protocol §14): detach with Ctrl-^ d, `mosh --list`,
/// `mosh --attach` after the client was killed, a second attach taking over from the first
/// client, upstream's client attaching with `mosh-server attach`'s line, another user refused,
/// and a crashed session's registry entry removed. Each test has a registry directory of its
/// own (MOSH_AOT_SESSION_DIR, passed to the far side through --server=env …), so sessions of
/// other tests on this machine never show up, and kills what it started.
/// </summary>
[Trait("Category", "Interop")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public partial class SessionReattachTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Ways => new() { "local", "ssh" };

    [SkippableTheory]
    [MemberData(nameof(Ways))]
    public void KilledClientThenAttachShowsTheScreenAndTypingWorks_ThenDetachAndList(string way)
    {
        using var reg = new Registry();
        using SshServer? sshd = StartWay(way);
        using var first = reg.Launcher(sshd, "", newSession: true);
        first.Type("echo MA''RK");
        first.Keys("Enter");
        Assert.True(first.WaitFor(s => HasLine(s, "MARK"), Wait, out string screen), screen);

        // The client dies without a word: the session still counts as attached.
        Kill(ClientPid(first));
        Assert.Equal(128 + 9, ExitStatus(first));

        using var second = reg.Launcher(sshd, "--attach", newSession: false);
        Assert.True(second.WaitFor(s => HasLine(s, "MARK"), Wait, out screen), $"the screen did not come back:\n{screen}");
        second.Type("echo TY''PED");
        second.Keys("Enter");
        Assert.True(second.WaitFor(s => HasLine(s, "TYPED"), Wait, out screen), screen);

        second.Keys("C-^");
        second.Type("d");
        Assert.True(second.WaitFor(s => s.Contains("[mosh: detached from session ", StringComparison.Ordinal), Wait, out screen), screen);
        Assert.Equal(0, ExitStatus(second));

        string id = Assert.Single(reg.Ids());
        Assert.Contains($"--attach={id}", screen.Replace("\n", "", StringComparison.Ordinal));
        var (exit, output) = reg.LauncherList(sshd);
        Assert.True(exit == 0, output);
        Assert.Matches(new Regex($@"(?m)^{id}\s+detached\s"), output);
    }

    /// <summary>
    /// The server's first diff to a new client resizes to the old client's size, which our client
    /// has not asked for and refuses (protocol §13.3); the screen comes once the server has the
    /// new client's size.
    /// </summary>
    [SkippableFact]
    public void AttachFromAWindowOfAnotherSizeShowsTheScreenAtThatSize()
    {
        using var reg = new Registry();
        using var first = reg.Launcher(null, "", newSession: true);
        first.Type("echo MA''RK");
        first.Keys("Enter");
        Assert.True(first.WaitFor(s => HasLine(s, "MARK"), Wait, out string screen), screen);
        Kill(ClientPid(first));

        using var second = reg.Launcher(null, "--attach", newSession: false, cols: 100, rows: 30);
        Assert.True(second.WaitFor(s => HasLine(s, "MARK"), Wait, out screen), $"the screen did not come back:\n{screen}");
        second.Type("stty size");
        second.Keys("Enter");
        Assert.True(second.WaitFor(s => HasLine(s, "30 100"), Wait, out screen), screen);
    }

    [SkippableTheory]
    [MemberData(nameof(Ways))]
    public void SecondAttachTellsTheFirstClientWhichExits(string way)
    {
        using var reg = new Registry();
        using SshServer? sshd = StartWay(way);
        using var first = reg.Launcher(sshd, "", newSession: true);
        using var second = reg.Launcher(sshd, "--attach", newSession: false);
        string from = way == "ssh" ? "127.0.0.1" : "localhost";
        Assert.True(first.WaitFor(s => s.Contains($"[mosh: session attached from {from}]", StringComparison.Ordinal), Wait, out string screen), screen);
        Assert.Equal(0, ExitStatus(first));

        second.Type("echo SE''COND");
        second.Keys("Enter");
        Assert.True(second.WaitFor(s => HasLine(s, "SECOND"), Wait, out screen), screen);
        var (exit, output) = reg.LauncherList(sshd);
        Assert.True(exit == 0, output);
        Assert.Matches(new Regex(@"(?m)^\S+\s+attached\s"), output);
    }

    /// <summary>Upstream's client attaches to our session with what `mosh-server attach` prints; each attach has a new key.</summary>
    [SkippableFact]
    public void UpstreamClientAttachesWithTheAttachLine()
    {
        Skip.IfNot(MoshPrograms.UpstreamInstalled, "upstream mosh is not installed");
        using var reg = new Registry();
        using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand, env: reg.Environment(prompt: true));
        using var ours = TmuxSession.Start($"exec {MoshPrograms.OurClient} 127.0.0.1 {server.Port}", 80, 24,
            new Dictionary<string, string> { ["MOSH_KEY"] = server.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
        Assert.True(ours.WaitForText("mosh$", Wait, out string screen), screen);
        ours.Type("echo MA''RK");
        ours.Keys("Enter");
        Assert.True(ours.WaitFor(s => HasLine(s, "MARK"), Wait, out screen), screen);

        var (exit, stdout, stderr) = reg.Server("attach");
        Assert.True(exit == 0, stderr);
        Match connect = Regex.Match(stdout, @"^MOSH CONNECT (\d+) ([A-Za-z0-9/+]{22})\n$");
        Assert.True(connect.Success, stdout);
        Assert.Equal(server.Port.ToString(), connect.Groups[1].Value);
        string key = connect.Groups[2].Value;
        Assert.NotEqual(server.Key, key);

        using var upstream = TmuxSession.Start($"exec {MoshPrograms.UpstreamClient} 127.0.0.1 {server.Port}", 90, 30,
            new Dictionary<string, string> { ["MOSH_KEY"] = key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
        Assert.True(upstream.WaitFor(s => HasLine(s, "MARK"), Wait, out screen), screen);
        upstream.Type("echo UP''STREAM");
        upstream.Keys("Enter");
        Assert.True(upstream.WaitFor(s => HasLine(s, "UPSTREAM"), Wait, out screen), screen);
        Assert.True(ours.WaitFor(s => s.Contains("[mosh: session attached from localhost]", StringComparison.Ordinal), Wait, out screen), screen);

        // Another attach: again a key of its own. Upstream's client is not told (it knows no notice) and just goes quiet.
        (exit, stdout, stderr) = reg.Server("attach", Assert.Single(reg.Ids()));
        Assert.True(exit == 0, stderr);
        string third = Regex.Match(stdout, @"MOSH CONNECT \d+ (\S{22})").Groups[1].Value;
        Assert.NotEqual(key, third);
        Assert.NotEqual(server.Key, third);
    }

    /// <summary>Upstream's server advertises nothing: our client keeps upstream's escape help and sends Ctrl-^ d through.</summary>
    [SkippableFact]
    public void WithUpstreamsServerCtrlCaretDIsSentThrough()
    {
        Skip.IfNot(MoshPrograms.UpstreamInstalled, "upstream mosh is not installed");
        using var server = MoshPrograms.StartServer(MoshPrograms.UpstreamServer, MoshSession.ShellCommand,
            env: new Dictionary<string, string> { ["PS1"] = "mosh$ " });
        using var client = TmuxSession.Start($"exec {MoshPrograms.OurClient} 127.0.0.1 {server.Port}", 80, 24,
            new Dictionary<string, string> { ["MOSH_KEY"] = server.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
        Assert.True(client.WaitForText("mosh$", Wait, out string screen), screen);
        client.Type("cat -v");
        client.Keys("Enter");
        client.Keys("C-^");
        Assert.True(client.WaitForText("Commands: Ctrl-Z suspends, \".\" quits, \"^\" gives literal Ctrl-^", Wait, out screen), screen);
        client.Type("d");
        client.Keys("Enter");
        Assert.True(client.WaitFor(s => HasLine(s, "^^d"), Wait, out screen), screen);
        Assert.False(client.PaneDead);
    }

    /// <summary>A detached session counts as a silent client: upstream's network timeout still ends it, and its entry goes.</summary>
    [SkippableFact]
    public void DetachedSessionStillObeysTheNetworkTimeout()
    {
        using var reg = new Registry();
        var env = reg.Environment(prompt: true);
        env["MOSH_SERVER_NETWORK_TMOUT"] = "3";
        using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand, env: env);
        using var client = TmuxSession.Start($"{MoshPrograms.OurClient} 127.0.0.1 {server.Port}; echo {ExitMarker}$?; exec sleep 300", 80, 24,
            new Dictionary<string, string> { ["MOSH_KEY"] = server.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
        Assert.True(client.WaitForText("mosh$", Wait, out string screen), screen);
        client.Keys("C-^");
        client.Type("d");
        Assert.Equal(0, ExitStatus(client));
        Assert.Single(reg.Ids());
        Assert.True(server.IsRunning, "the session ended at the detach");
        Assert.True(MoshSession.WaitUntil(() => !server.IsRunning, TimeSpan.FromSeconds(15)), "the detached session outlived its network timeout");
        Assert.Empty(reg.Ids());
    }

    [SkippableFact]
    public void CrashedSessionsEntryIsIgnoredAndRemoved()
    {
        using var reg = new Registry();
        var server = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand, env: reg.Environment(prompt: false));
        Assert.True(MoshSession.WaitUntil(() => reg.Ids().Count == 1, Wait));
        string id = reg.Ids()[0];
        Kill(server.Pid);
        Assert.True(MoshSession.WaitUntil(() => !server.IsRunning, Wait));
        Assert.True(File.Exists(Path.Combine(reg.Directory, id)), "the crashed session's socket should still be there");

        var (exit, stdout, stderr) = reg.Server("attach", id);
        Assert.Equal(1, exit);
        Assert.Contains($"cannot attach to session {id}: session {id} is not running (stale entry removed)", stderr);
        Assert.Equal("", stdout);
        Assert.False(File.Exists(Path.Combine(reg.Directory, id)));

        // And a list finds nothing (a second stale entry, made by hand from the first's kind, is removed too).
        var server2 = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand, env: reg.Environment(prompt: false));
        Assert.True(MoshSession.WaitUntil(() => reg.Ids().Count == 1, Wait));
        string id2 = reg.Ids()[0];
        Kill(server2.Pid);
        Assert.True(MoshSession.WaitUntil(() => !server2.IsRunning, Wait));
        (exit, stdout, stderr) = reg.Server("list");
        Assert.Equal((0, "No mosh sessions.\n"), (exit, stdout));
        Assert.Contains($"removed stale entry {id2}", stderr);
        Assert.Empty(reg.Ids());
    }

    /// <summary>
    /// Another user gets a clear refusal from the registry's checks (the directory is not theirs)
    /// and, reaching the socket itself, from the session (its peer's uid is not the session's).
    /// Root is the session's owner here; the other user is nobody, through setpriv.
    /// </summary>
    [SkippableFact]
    public void AnotherUserCannotListOrAttach()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root to run a command as another user");
        Skip.If(TmuxSession.FindOnPath("setpriv") is null, "setpriv (util-linux) is missing");
        Skip.IfNot(File.Exists("/usr/bin/python3"), "/usr/bin/python3 is missing (the raw socket client)");
        using var reg = new Registry();
        using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand, env: reg.Environment(prompt: false));
        Assert.True(MoshSession.WaitUntil(() => reg.Ids().Count == 1, Wait));
        string id = reg.Ids()[0];

        var asNobody = reg.AsNobody(MoshPrograms.OurServer, "list");
        Assert.Equal(1, asNobody.Exit);
        Assert.Contains($"{reg.Directory} belongs to uid 0, not to uid 65534", asNobody.Stderr);
        asNobody = reg.AsNobody(MoshPrograms.OurServer, "attach", id);
        Assert.Equal(1, asNobody.Exit);
        Assert.DoesNotContain("MOSH CONNECT", asNobody.Stdout);

        // Open the way to the socket itself: the session checks who is asking.
        File.SetUnixFileMode(reg.Directory, (UnixFileMode)0x1C9); // 0711
        File.SetUnixFileMode(Path.Combine(reg.Directory, id), (UnixFileMode)0x1FF);
        try
        {
            string script = "import socket,sys\n" +
                "s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode()+b'\\n')\n" +
                "print(s.recv(4096).decode(), end='')\n";
            foreach (string request in new[] { "info", "attach 192.0.2.66" })
            {
                var raw = reg.AsNobody("/usr/bin/python3", "-c", script, Path.Combine(reg.Directory, id), request);
                Assert.Equal($"ERR permission denied: session {id} belongs to uid 0; uid 65534 may not list or attach it\n", raw.Stdout);
            }
            // A directory others can enter is refused by its owner's tools too.
            var (exit, _, stderr) = reg.Server("list");
            Assert.Equal(1, exit);
            Assert.Contains("is accessible to other users (mode 711); it must be 700", stderr);
        }
        finally
        {
            File.SetUnixFileMode(reg.Directory, (UnixFileMode)0x1C0);
        }
        // The refused attach changed nothing: the session still answers its owner, with no client yet.
        Assert.Matches(new Regex($@"(?m)^{id}\s+detached\s"), reg.Server("list").Stdout);
    }

    /// <summary>Root is not special: a session of another user refuses root's tools and root's own requests on its socket.</summary>
    [SkippableFact]
    public void RootCannotListOrAttachAnotherUsersSession()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root to start a session as another user");
        Skip.If(TmuxSession.FindOnPath("setpriv") is null, "setpriv (util-linux) is missing");
        using var reg = new Registry();
        var (exit, stdout, stderr) = reg.AsNobody(MoshPrograms.OurServer, "new", "-i", "127.0.0.1", "-p", "0", "--", "/bin/sh");
        Assert.True(exit == 0, stderr);
        int daemon = int.Parse(Regex.Match(stderr, @"detached, pid = (\d+)").Groups[1].Value);
        try
        {
            Assert.True(MoshSession.WaitUntil(() => reg.Ids().Count == 1, Wait));
            string id = reg.Ids()[0];

            (exit, _, stderr) = reg.Server("list");
            Assert.Equal(1, exit);
            Assert.Contains($"{reg.Directory} belongs to uid 65534, not to uid 0", stderr);
            (exit, stdout, _) = reg.Server("attach", id);
            Assert.Equal(1, exit);
            Assert.DoesNotContain("MOSH CONNECT", stdout);

            // Root can reach the socket anyway; the session itself refuses.
            foreach (string request in new[] { "info\n", "attach 192.0.2.66\n" })
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(Path.Combine(reg.Directory, id)));
                socket.ReceiveTimeout = 5000;
                socket.Send(Encoding.ASCII.GetBytes(request));
                var buffer = new byte[4096];
                string reply = Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
                Assert.Equal($"ERR permission denied: session {id} belongs to uid 65534; uid 0 may not list or attach it\n", reply);
            }
        }
        finally
        {
            Kill(daemon);
        }
    }

    private static SshServer? StartWay(string way)
    {
        if (way == "local") return null;
        string? why = SshServer.Unavailable;
        Skip.If(why is not null, why);
        return SshServer.Start();
    }

    private const string ExitMarker = "launcher-exit-status=";

    /// <summary>The launcher's (that is, its client's) exit status, as the pane's shell reports it; null while it runs.</summary>
    private static int? ExitStatus(TmuxSession tmux)
    {
        // A killed client leaves the terminal raw: the marker may start mid-line and wrap.
        static string Joined(string screen) => screen.Replace("\n", "", StringComparison.Ordinal);
        if (!tmux.WaitFor(s => Regex.IsMatch(Joined(s), ExitMarker + @"\d+"), TimeSpan.FromSeconds(10), out string screen)) return null;
        return int.Parse(Regex.Match(Joined(screen), ExitMarker + @"(\d+)").Groups[1].Value);
    }

    /// <summary>The pane's shell runs the launcher, which becomes the client: the shell's child.</summary>
    private static int ClientPid(TmuxSession tmux)
    {
        int shell = int.Parse(tmux.Run("display-message", "-p", "-t", tmux.Target, "#{pane_pid}").Trim());
        var (_, stdout, _) = MoshPrograms.Run("pgrep", ["-P", shell.ToString()], TimeSpan.FromSeconds(5));
        return int.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single());
    }

    private static bool HasLine(string screen, string line) => screen.Split('\n').Any(l => l.TrimEnd() == line);

    private static void Kill(int pid) => MoshPrograms.Run("kill", ["-KILL", pid.ToString()], TimeSpan.FromSeconds(5));

    /// <summary>A registry directory of the test's own, and what runs against it.</summary>
    private sealed class Registry : IDisposable
    {
        private readonly List<TmuxSession> _panes = new();

        public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"moshaot-registry-{Guid.NewGuid():N}");

        public Dictionary<string, string> Environment(bool prompt)
        {
            var env = new Dictionary<string, string> { ["MOSH_AOT_SESSION_DIR"] = Directory, ["LANG"] = "C.UTF-8" };
            if (prompt) env["PS1"] = "mosh$ ";
            return env;
        }

        public (int Exit, string Stdout, string Stderr) Server(params string[] args) =>
            MoshPrograms.Run(MoshPrograms.OurServer, args, Wait, Environment(prompt: false));

        public (int Exit, string Stdout, string Stderr) AsNobody(params string[] command) =>
            MoshPrograms.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "env", $"MOSH_AOT_SESSION_DIR={Directory}", .. command],
                Wait, new Dictionary<string, string> { ["LANG"] = "C.UTF-8" });

        public List<string> Ids()
        {
            try
            {
                return System.IO.Directory.GetFileSystemEntries(Directory).Select(Path.GetFileName).OfType<string>().Order().ToList();
            }
            catch (DirectoryNotFoundException)
            {
                return [];
            }
        }

        private string ServerOption => $"'--server=env MOSH_AOT_SESSION_DIR={Directory} {MoshPrograms.OurServer}'";

        private static string WayOptions(SshServer? sshd) =>
            sshd is null ? "--local" : $"\"--ssh={sshd.SshCommand}\"";

        /// <summary>Our launcher in a pane of its own (the pane's process becomes the client); a new session waits for its prompt.</summary>
        public TmuxSession Launcher(SshServer? sshd, string extra, bool newSession, int cols = 80, int rows = 24)
        {
            string command = $"{MoshPrograms.OurLauncher} {WayOptions(sshd)} {ServerOption} --client={MoshPrograms.OurClient} {extra} 127.0.0.1";
            if (newSession) command += $" -- env 'PS1=mosh$ ' {MoshSession.Shell} --norc --noprofile";
            command += $"; echo {ExitMarker}$?; exec sleep 300";
            var env = new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color", ["HOME"] = Path.GetTempPath() };
            var tmux = TmuxSession.Start(command, cols, rows, env);
            _panes.Add(tmux);
            if (newSession && !tmux.WaitForText("mosh$", Wait, out string screen))
                throw new InvalidOperationException($"no prompt:\n{screen}\n{sshd?.Log}");
            return tmux;
        }

        public (int Exit, string Output) LauncherList(SshServer? sshd)
        {
            var args = new List<string> { sshd is null ? "--local" : $"--ssh={sshd.SshCommand}",
                $"--server=env MOSH_AOT_SESSION_DIR={Directory} {MoshPrograms.OurServer}", $"--client={MoshPrograms.OurClient}",
                "--list", "127.0.0.1" };
            var (exit, stdout, stderr) = MoshPrograms.Run(MoshPrograms.OurLauncher, args.ToArray(), Wait,
                new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
            return (exit, (stdout + stderr).Replace("\r", "", StringComparison.Ordinal));
        }

        /// <summary>The pid of the program of session <paramref name="id"/>, asked over its socket (0 before it starts).</summary>
        private int ProgramPid(string id)
        {
            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(Path.Combine(Directory, id)));
                socket.ReceiveTimeout = 2000;
                socket.Send("info\n"u8);
                var buffer = new byte[4096];
                int n = socket.Receive(buffer);
                string[] fields = Encoding.UTF8.GetString(buffer, 0, n).Split('\t');
                return fields.Length == 9 && int.TryParse(fields[7], out int pid) ? pid : 0;
            }
            catch (SocketException)
            {
                return 0;
            }
        }

        public void Dispose()
        {
            foreach (TmuxSession pane in _panes) pane.Dispose();
            // Each session's daemon is its program's parent; end both.
            foreach (string id in Ids())
            {
                int pid = ProgramPid(id);
                if (pid <= 0) continue;
                try
                {
                    string stat = File.ReadAllText($"/proc/{pid}/stat");
                    int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                    if (File.ReadAllText($"/proc/{parent}/comm").TrimEnd('\n') == "mosh-server") Kill(parent);
                }
                catch (IOException) { }
                Kill(pid);
            }
            try { System.IO.Directory.Delete(Directory, recursive: true); }
            catch (IOException) { }
        }
    }
}
