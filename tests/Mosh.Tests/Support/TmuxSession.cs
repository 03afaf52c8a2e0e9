using System.Diagnostics;

namespace Mosh.Tests.Support;

/// <summary>
/// A private tmux server (its own socket name) running one program in a pane of a fixed size,
/// so tests can type into a real terminal and read what it shows. Disposing kills the server.
/// Every wait is bounded.
/// </summary>
public sealed class TmuxSession : IDisposable
{
    private static int s_counter;

    public string Socket { get; }
    public string Target => "main";

    private TmuxSession(string socket) => Socket = socket;

    public static bool IsAvailable => File.Exists("/usr/bin/tmux") || FindOnPath("tmux") is not null;

    /// <summary>
    /// Starts <paramref name="command"/> (a shell command line) in a new detached session. With
    /// <paramref name="through"/> (say, nsenter into a mount namespace), the tmux server is started
    /// through that command, so the pane's programs run where it puts them; later tmux commands
    /// reach the server through its socket as usual.
    /// </summary>
    /// <param name="historyLimit">The pane's scrollback in lines (tmux's history-limit); tmux's default when null.</param>
    public static TmuxSession Start(string command, int cols = 80, int rows = 24, IDictionary<string, string>? env = null,
        IReadOnlyList<string>? through = null, int? historyLimit = null)
    {
        string socket = $"moshaot-test-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";
        var session = new TmuxSession(socket);
        // The configuration is read before the pane exists. remain-on-exit keeps the pane after its
        // program exits, so its last screen and exit status can be read: set afterwards, a program
        // that ends at once (a client whose session is already over) took the tmux server with it
        // first. history-limit applies only to panes made after it is set.
        string config = Path.Combine(Path.GetTempPath(), $"{socket}.conf");
        File.WriteAllText(config, "set -wg remain-on-exit on\n" + (historyLimit is { } limit ? $"set -g history-limit {limit}\n" : ""));
        var args = new List<string> { "-f", config, "new-session", "-d", "-s", "main", "-x", cols.ToString(), "-y", rows.ToString() };
        if (env is not null)
            foreach (var (k, v) in env) args.AddRange(["-e", $"{k}={v}"]);
        args.Add(command);
        session.RunThrough(through ?? [], args.ToArray());
        return session;
    }

    /// <summary>Runs a tmux command against this server and returns its standard output.</summary>
    public string Run(params string[] args) => RunThrough([], args);

    private string RunThrough(IReadOnlyList<string> through, string[] args)
    {
        var psi = new ProcessStartInfo(through.Count > 0 ? through[0] : "tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in through.Skip(1)) psi.ArgumentList.Add(a);
        if (through.Count > 0) psi.ArgumentList.Add("tmux");
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(Socket);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment.Remove("TMUX");
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(10_000) || !Task.WaitAll([output, error], 10_000))
        {
            p.Kill(true);
            throw new TimeoutException($"tmux {string.Join(' ', args)} did not finish within 10 s");
        }
        if (p.ExitCode != 0 && args.Length > 0 && args[0] is not ("kill-server" or "has-session"))
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error.Result}");
        return output.Result;
    }

    /// <summary>Types literal text (no key names interpreted).</summary>
    public void Type(string text) => Run("send-keys", "-t", Target, "-l", text);

    /// <summary>
    /// Pastes <paramref name="data"/> into the pane as a terminal would (tmux load-buffer and
    /// paste-buffer, no bracketing; tmux turns each LF into CR, as pressing Enter would).
    /// </summary>
    public void Paste(byte[] data)
    {
        string file = Path.Combine(Path.GetTempPath(), $"{Socket}-paste");
        File.WriteAllBytes(file, data);
        try
        {
            Run("load-buffer", "-b", "paste", file);
            Run("paste-buffer", "-d", "-b", "paste", "-t", Target);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Sends key names such as Enter, C-c, C-^.</summary>
    public void Keys(params string[] keys)
    {
        var args = new List<string> { "send-keys", "-t", Target };
        args.AddRange(keys);
        Run(args.ToArray());
    }

    /// <summary>The pane's scrollback and screen as plain text (capture-pane -S -), one line per row.</summary>
    public string CaptureHistory() => Run("capture-pane", "-p", "-S", "-", "-t", Target);

    /// <summary>Lines in the pane's scrollback (above the screen).</summary>
    public int HistorySize => int.Parse(Run("display-message", "-p", "-t", Target, "#{history_size}").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The visible screen as plain text, one line per row (trailing spaces trimmed by tmux).</summary>
    public string Capture(bool escapes = false) =>
        escapes ? Run("capture-pane", "-p", "-e", "-t", Target) : Run("capture-pane", "-p", "-t", Target);

    /// <summary>
    /// The screen as cells with canonical attributes, one line per row: captured with trailing
    /// spaces kept (-N), because without it tmux trims them differently depending on whether
    /// cells were erased or never written, which says nothing about what is shown.
    /// </summary>
    public string CaptureCells()
    {
        var rows = Mosh.Tests.Terminal.Differential.ScreenComparison.Decode(Run("capture-pane", "-p", "-e", "-N", "-t", Target), dropFaint: false);
        return string.Join("\n", rows.Select(r => string.Join("", r.Select(c => "[" + c + "]"))));
    }

    public void Resize(int cols, int rows) => Run("resize-window", "-t", Target, "-x", cols.ToString(), "-y", rows.ToString());

    /// <summary>Whether the pane's program has exited (remain-on-exit keeps the pane).</summary>
    public bool PaneDead => Run("display-message", "-p", "-t", Target, "#{pane_dead}").Trim() == "1";

    /// <summary>The exit status of the pane's program; null until tmux learns it (tmux 3.3 may never, for a program that ended as it started).</summary>
    public int? PaneExitStatus
    {
        get
        {
            string s = Run("display-message", "-p", "-t", Target, "#{pane_dead_status}").Trim();
            return int.TryParse(s, out int v) ? v : null;
        }
    }

    public string PaneTitle => Run("display-message", "-p", "-t", Target, "#{pane_title}").TrimEnd('\n');

    /// <summary>Polls the screen until <paramref name="condition"/> holds; returns the last screen either way.</summary>
    public bool WaitFor(Func<string, bool> condition, TimeSpan timeout, out string screen, bool escapes = false)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            screen = Capture(escapes);
            if (condition(screen)) return true;
            if (sw.Elapsed > timeout) return false;
            Thread.Sleep(50);
        }
    }

    public bool WaitForText(string text, TimeSpan timeout, out string screen) =>
        WaitFor(s => s.Contains(text, StringComparison.Ordinal), timeout, out screen);

    /// <summary>
    /// Waits until the screen stops changing for <paramref name="quiet"/> and returns it; throws
    /// if it is still changing after <paramref name="timeout"/>.
    /// </summary>
    public string WaitStable(TimeSpan quiet, TimeSpan timeout, bool escapes = false)
    {
        var sw = Stopwatch.StartNew();
        string last = Capture(escapes);
        var stableSince = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            Thread.Sleep(50);
            string now = Capture(escapes);
            if (now != last)
            {
                last = now;
                stableSince.Restart();
            }
            else if (stableSince.Elapsed >= quiet)
            {
                return last;
            }
        }
        throw new TimeoutException($"the screen did not hold still for {quiet.TotalMilliseconds:F0} ms within {timeout}; last:\n{last}");
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (PaneDead) return true;
            Thread.Sleep(50);
        }
        return PaneDead;
    }

    public void Dispose()
    {
        // The pane's programs go first: killing the server hangs up on them, but script(1)
        // survives a hang-up, and with it the client it runs, which would wait for its server
        // for ever.
        try { KillPaneProcesses(); } catch { /* nothing left to kill */ }
        try { Run("kill-server"); } catch { /* already gone */ }
        File.Delete(Path.Combine(Path.GetTempPath(), $"{Socket}.conf"));
    }

    /// <summary>Kills the pane's program and everything it started, while the pane still runs it (a dead pane's pid may be another's by now).</summary>
    private void KillPaneProcesses()
    {
        string[] pane = Run("display-message", "-p", "-t", Target, "#{pane_dead} #{pane_pid}").Trim().Split(' ');
        if (pane.Length != 2 || pane[0] != "0" || !int.TryParse(pane[1], out int root) || root <= 1)
            return;
        var children = new Dictionary<int, List<int>>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; }
            // "pid (comm) state ppid …": the name may hold spaces and parentheses.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], out int parent))
            {
                if (!children.TryGetValue(parent, out List<int>? list))
                    children[parent] = list = [];
                list.Add(pid);
            }
        }
        var tree = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            tree.Add(pid);
            if (children.TryGetValue(pid, out List<int>? list))
                foreach (int child in list) pending.Push(child);
        }
        foreach (int pid in tree)
        {
            try { using Process p = Process.GetProcessById(pid); p.Kill(); } catch { /* gone already */ }
        }
    }

    internal static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            string p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
