using System.Diagnostics;
using System.Text;

namespace Mosh.Tests.Terminal.Differential;

/// <summary>What a tmux pane shows: the grid with attributes (<c>capture-pane -p -e</c>) and the pane state we can compare.</summary>
public sealed record TmuxScreen(string Grid, int Width, int CursorX, int CursorY, bool CursorVisible, string Title, bool AlternateScreen, string MouseFlags)
{
    public override string ToString() =>
        $"cursor=({CursorX},{CursorY}) visible={CursorVisible} title='{Title}' alt={AlternateScreen} mouse={MouseFlags}\n{Grid}";
}

/// <summary>
/// A private tmux server (own socket, no user config, no status line) that shows byte streams
/// the way a real terminal does: each stream is written by <c>cat</c> inside a fresh pane of the
/// requested size, then the pane is captured once it has settled. Every wait is bounded.
/// </summary>
public sealed class TmuxHarness : IDisposable
{
    private static int s_counter;
    private readonly string _socket;
    private readonly string _directory;
    private readonly string _config;
    private int _sessions;

    public TmuxHarness()
    {
        int n = Interlocked.Increment(ref s_counter);
        _socket = $"moshdiff{Environment.ProcessId}x{n}";
        _directory = Path.Combine(Path.GetTempPath(), _socket);
        Directory.CreateDirectory(_directory);
        _config = Path.Combine(_directory, "tmux.conf");
        // status off: the pane gets every row of the window. history-limit 0: scrolled-off
        // lines are not kept (capture-pane only shows the visible grid anyway).
        File.WriteAllText(_config,
            "set -g status off\n" +
            "set -g default-terminal tmux-256color\n" +
            "set -g history-limit 0\n" +
            "set -g remain-on-exit off\n" +
            "set -g exit-empty off\n");
        // An idle session keeps the server up between the panes we create and kill.
        Tmux(["new-session", "-d", "-s", "keeper", "exec sleep 100000"]);
    }

    /// <summary>Whether a tmux binary can be run here.</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                var (code, _) = RunTool("tmux", ["-V"], TimeSpan.FromSeconds(5));
                return code == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }

    /// <summary>Shows <paramref name="bytes"/> in a new <paramref name="cols"/>×<paramref name="rows"/> pane and captures it.</summary>
    public TmuxScreen Show(ReadOnlySpan<byte> bytes, int cols, int rows)
    {
        int id = ++_sessions;
        string session = "s" + id;
        string data = Path.Combine(_directory, session + ".bin");
        string done = data + ".done";
        File.WriteAllBytes(data, bytes.ToArray());

        // The pane's tty is raw and silent so the bytes reach tmux untouched (no LF → CRLF) and
        // replies to queries in recorded streams are not echoed onto the screen; cat then idles
        // in sleep, so the screen stays as the stream left it.
        string command = $"sh -c 'stty raw -echo; cat \"{data}\"; : > \"{done}\"; exec sleep 120'";
        Tmux(["new-session", "-d", "-s", session, "-x", cols.ToString(), "-y", rows.ToString(), command]);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(done))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(20))
                    throw new TimeoutException($"tmux pane did not finish writing {data}");
                Thread.Sleep(20);
            }

            // cat has returned, but tmux reads the pty asynchronously: wait until two captures agree.
            TmuxScreen previous = Capture(session);
            deadline.Restart();
            while (true)
            {
                Thread.Sleep(60);
                TmuxScreen current = Capture(session);
                if (current == previous)
                    return current;
                if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                    throw new TimeoutException("tmux pane did not settle");
                previous = current;
            }
        }
        finally
        {
            Tmux(["kill-session", "-t", session], mayFail: true);
        }
    }

    private TmuxScreen Capture(string session)
    {
        string grid = Tmux(["capture-pane", "-p", "-e", "-t", session]);
        string state = Tmux(["display-message", "-p", "-t", session,
            "#{pane_width}\t#{cursor_x}\t#{cursor_y}\t#{cursor_flag}\t#{alternate_on}\t" +
            "#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}#{mouse_utf8_flag}\t#{pane_title}"]);
        string[] f = state.TrimEnd('\n').Split('\t', 7);
        return new TmuxScreen(grid, int.Parse(f[0]), int.Parse(f[1]), int.Parse(f[2]), f[3] == "1", f[6], f[4] == "1", f[5]);
    }

    private string Tmux(string[] args, bool mayFail = false)
    {
        var all = new List<string> { "-L", _socket, "-f", _config };
        all.AddRange(args);
        var (code, output) = RunTool("tmux", all, TimeSpan.FromSeconds(10));
        if (code != 0 && !mayFail)
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed ({code}): {output}");
        return output;
    }

    private static (int Code, string Output) RunTool(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["LC_ALL"] = "C.UTF-8";
        psi.Environment["TERM"] = "xterm-256color";
        psi.Environment.Remove("TMUX");
        psi.Environment.Remove("TMUX_PANE");
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Tmux(["kill-server"], mayFail: true);
        }
        catch (TimeoutException)
        {
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
