using System.Diagnostics;

namespace Mosh.Tests.Support;

/// <summary>Which implementation plays a role in an interop test.</summary>
public enum Impl
{
    Ours,
    Upstream,

    /// <summary>Our linux-arm64 binary under qemu-user (see <see cref="Arm64Emulation"/>).</summary>
    OursArm64,
}

/// <summary>
/// A real mosh session on loopback: a server started with `new -i 127.0.0.1 -p 0 -- COMMAND`
/// and a client running in a private tmux pane, both of the chosen implementations. Disposing
/// kills whatever is left, so a failing test never leaves processes behind.
/// </summary>
public sealed class MoshSession : IDisposable
{
    public const string Shell = "/bin/bash";
    public static readonly string[] ShellCommand = [Shell, "--norc", "--noprofile"];

    private MoshSession(MoshPrograms.ServerInfo server, TmuxSession tmux, Impl serverImpl, Impl clientImpl)
    {
        Server = server;
        Tmux = tmux;
        ServerImpl = serverImpl;
        ClientImpl = clientImpl;
    }

    public MoshPrograms.ServerInfo Server { get; }
    public TmuxSession Tmux { get; }
    public Impl ServerImpl { get; }
    public Impl ClientImpl { get; }

    public static string ServerPath(Impl impl) => impl switch
    {
        Impl.Ours => MoshPrograms.OurServer,
        Impl.Upstream => MoshPrograms.RequireUpstream(MoshPrograms.UpstreamServer),
        _ => throw new ArgumentException($"{impl} has no path of its own", nameof(impl)),
    };

    public static string ClientPath(Impl impl) => impl switch
    {
        Impl.Ours => MoshPrograms.OurClient,
        Impl.Upstream => MoshPrograms.RequireUpstream(MoshPrograms.UpstreamClient),
        _ => throw new ArgumentException($"{impl} has no path of its own", nameof(impl)),
    };

    /// <summary>How to start the server; the arm64 one starts itself again, so it runs where binfmt_misc knows qemu.</summary>
    private static MoshPrograms.Invocation ServerInvocation(Impl impl, Dictionary<string, string> env)
    {
        if (impl != Impl.OursArm64) return new MoshPrograms.Invocation(ServerPath(impl), []);
        foreach (var (k, v) in Arm64Emulation.UnderBinfmtEnvironment) env[k] = v;
        return Arm64Emulation.UnderBinfmt("server");
    }

    /// <summary>The client as a shell command line (for the tmux pane).</summary>
    private static string ClientCommandLine(Impl impl) =>
        impl == Impl.OursArm64 ? Arm64Emulation.DirectCommandLine("client") : ClientPath(impl);

    /// <summary>
    /// Starts server and client; waits until the shell's prompt is on the client's screen. With
    /// <paramref name="commandPrefix"/> (e.g. nsenter into a network namespace), both run under it.
    /// </summary>
    public static MoshSession Start(Impl server, Impl client, int cols = 80, int rows = 24,
        IDictionary<string, string>? serverEnv = null, IDictionary<string, string>? clientEnv = null,
        string? relayTarget = null, Func<int, int>? clientPort = null, string[]? commandPrefix = null, int? historyLimit = null)
    {
        var env = new Dictionary<string, string> { ["PS1"] = "mosh$ ", ["HOME"] = Path.GetTempPath(), ["SHELL"] = Shell };
        if (serverEnv is not null) foreach (var (k, v) in serverEnv) env[k] = v;
        var info = MoshPrograms.StartServer(ServerInvocation(server, env), [.. ShellCommand], env: env, commandPrefix: commandPrefix);
        TmuxSession? tmux = null;
        try
        {
            int port = clientPort?.Invoke(info.Port) ?? info.Port;
            var cenv = new Dictionary<string, string> { ["MOSH_KEY"] = info.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" };
            if (clientEnv is not null) foreach (var (k, v) in clientEnv) cenv[k] = v;
            // The shell around the client reports its exit status on the screen (tmux's own
            // pane_dead_status is not always filled in).
            string prefix = commandPrefix is null ? "" : string.Join(' ', commandPrefix) + " ";
            tmux = TmuxSession.Start($"{prefix}{ClientCommandLine(client)} 127.0.0.1 {port}; echo {ExitMarker}$?; exec sleep 300", cols, rows, cenv,
                historyLimit: historyLimit);
            var session = new MoshSession(info, tmux, server, client);
            // Emulated, our binary starts and runs several times slower.
            var promptWait = server == Impl.OursArm64 || client == Impl.OursArm64 ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(15);
            if (!tmux.WaitForText("mosh$", promptWait, out string screen))
                throw new InvalidOperationException($"no prompt through mosh ({server} server, {client} client):\n{screen}");
            return session;
        }
        catch
        {
            tmux?.Dispose();
            info.Dispose();
            throw;
        }
    }

    private const string ExitMarker = "client-exit-status=";

    /// <summary>Waits for the client to exit; returns its exit status, or null if it is still running.</summary>
    public int? WaitForClientExit(TimeSpan timeout)
    {
        if (!Tmux.WaitForText(ExitMarker, timeout, out string screen)) return null;
        foreach (string line in screen.Split('\n'))
        {
            int at = line.IndexOf(ExitMarker, StringComparison.Ordinal);
            if (at >= 0 && int.TryParse(line[(at + ExitMarker.Length)..].Trim(), out int status)) return status;
        }
        return -1;
    }

    /// <summary>Types a command line and presses Enter.</summary>
    public void Command(string line)
    {
        Tmux.Type(line);
        Tmux.Keys("Enter");
    }

    /// <summary>Waits for a line that is exactly <paramref name="line"/> (so an echoed command line does not count).</summary>
    public bool WaitForLine(string line, TimeSpan timeout, out string screen) =>
        Tmux.WaitFor(s => s.Split('\n').Any(l => l.TrimEnd() == line), timeout, out screen);

    public void Dispose()
    {
        Tmux.Dispose();
        Server.Dispose();
    }

    /// <summary>Processes whose command line mentions <paramref name="marker"/>, other than ourselves.</summary>
    public static List<int> ProcessesMentioning(string marker)
    {
        var result = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId) continue;
            try
            {
                string cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (stat.Contains(") Z ", StringComparison.Ordinal)) continue;
                if (cmd.Contains(marker, StringComparison.Ordinal)) result.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return result;
    }

    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }
}
