using Mosh.StateSync;
using Mosh;
using Mosh.Posix;
using Mosh.Terminal.Display;

namespace MoshAot.Client;

/// <summary>
/// The user's real terminal: raw mode, the initialisation and restoration strings (protocol §5.7),
/// the capabilities the renderer may use, and unbuffered writes to stdout. Restoring is safe to
/// call from every exit path, any number of times, from any thread: exactly one call undoes
/// <see cref="Enter"/>, and it allocates nothing, so a crash handler can use it.
/// </summary>
internal sealed class LocalTerminal
{
    private readonly SavedTerminal _saved;
    private byte[] _enterCa;
    private byte[] _closeSequence;
    private readonly byte[] _exitCa;
    private readonly byte[] _smcup;
    private int _raw;
    // 1 while the alternate screen is shown for the session's program, on a terminal otherwise on its main screen.
    private int _showingAlternate;

    private LocalTerminal(SavedTerminal saved, byte[] enterCa, byte[] exitCa, DisplayCapabilities capabilities)
    {
        _saved = saved;
        _enterCa = enterCa;
        _smcup = enterCa;
        _exitCa = exitCa;
        var close = new ByteBuffer(128);
        FrameRenderer.WriteClose(close, exitCa);
        _closeSequence = close.WrittenSpan.ToArray();
        Capabilities = capabilities;
    }

    public DisplayCapabilities Capabilities { get; }

    /// <summary>Reads terminfo for $TERM and saves the terminal's mode; null (with the error) if stdin is no terminal.</summary>
    public static LocalTerminal? Open(out string? error)
    {
        error = null;
        SavedTerminal? saved = SavedTerminal.Capture(0, out Errno e);
        if (saved is null)
        {
            error = "tcgetattr: " + e.Message;
            return null;
        }
        string term = Environment.GetEnvironmentVariable("TERM") ?? "";
        TerminfoEntry? info = TerminfoDatabase.Load(term);
        bool noInit = Environment.GetEnvironmentVariable("MOSH_NO_TERM_INIT") is not null;
        byte[] enter = noInit || info is null ? [] : info.EnterCaMode.ToArray();
        byte[] exit = noInit || info is null ? [] : info.ExitCaMode.ToArray();
        // Titles only where the terminal is known to take them (upstream's list of TERM prefixes).
        bool titles = false;
        foreach (string prefix in (string[])["xterm", "rxvt", "kterm", "Eterm", "alacritty", "screen", "tmux"])
            if (term.StartsWith(prefix, StringComparison.Ordinal)) titles = true;
        var caps = new DisplayCapabilities(info?.HasEraseChars ?? false, info?.BackColorErase ?? false, titles)
        {
            Renditions = ExtendedRenditionsOf(term, info),
            // Terminals without OSC 8 ignore it like any unknown OSC; the Linux console is the exception worth avoiding.
            Hyperlinks = !term.StartsWith("linux", StringComparison.Ordinal),
        };
        return new LocalTerminal(saved, enter, exit, caps);
    }

    /// <summary>
    /// The attributes beyond 1.4.0's this terminal draws: what its terminfo entry declares
    /// (<c>dim</c>, <c>smxx</c>, <c>Smol</c>, <c>Smulx</c>, <c>Setulc</c>), and everything for
    /// terminals known to have them whatever the entry says (tmux, kitty, VTE, WezTerm, foot).
    /// </summary>
    internal static ExtendedRenditions ExtendedRenditionsOf(string term, TerminfoEntry? info)
    {
        if (Environment.GetEnvironmentVariable("TMUX") is { Length: > 0 }
            || term.StartsWith("tmux", StringComparison.Ordinal) || term.StartsWith("xterm-kitty", StringComparison.Ordinal)
            || term.StartsWith("foot", StringComparison.Ordinal) || term.StartsWith("wezterm", StringComparison.Ordinal)
            || Environment.GetEnvironmentVariable("KITTY_WINDOW_ID") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("TERM_PROGRAM") == "WezTerm"
            || (int.TryParse(Environment.GetEnvironmentVariable("VTE_VERSION"), out int vte) && vte >= 5400))
        {
            return ExtendedRenditions.All;
        }
        if (info is null)
        {
            return ExtendedRenditions.None;
        }
        ExtendedRenditions r = ExtendedRenditions.None;
        if (info.HasDim) r |= ExtendedRenditions.Faint;
        if (info.HasExtended("smxx")) r |= ExtendedRenditions.Strikethrough;
        if (info.HasExtended("Smol")) r |= ExtendedRenditions.Overline;
        if (info.HasExtended("Smulx")) r |= ExtendedRenditions.UnderlineStyles;
        if (info.HasExtended("Setulc")) r |= ExtendedRenditions.UnderlineColor;
        return r;
    }

    /// <summary>Raw mode, then the renderer's opening sequences: the alternate screen (smcup) and application cursor keys.</summary>
    public void Enter()
    {
        _saved.EnterRaw();
        Volatile.Write(ref _raw, 1);
        var open = new ByteBuffer(64);
        FrameRenderer.WriteOpen(open, _enterCa);
        Write(open.WrittenSpan);
    }

    /// <summary>
    /// From now on the session is drawn on the main screen (the server sends history, §14.3):
    /// leaves the alternate screen now, and neither a resume nor the exit switches screens again,
    /// so the last screen stays when the client exits, as with ssh.
    /// </summary>
    public void LeaveAlternateScreen()
    {
        var close = new ByteBuffer(128);
        FrameRenderer.WriteClose(close, []);
        _closeSequence = close.WrittenSpan.ToArray();
        _enterCa = [];
        Write(_exitCa);
    }

    /// <summary>Whether the terminal has an alternate screen to switch to and back from (smcup and rmcup).</summary>
    public bool CanSwitchScreens => _smcup.Length > 0 && _exitCa.Length > 0;

    /// <summary>
    /// After <see cref="LeaveAlternateScreen"/>: shows the alternate screen while the session's
    /// program shows its own, as ssh would have the terminal do; <see cref="ShowMainScreen"/> and
    /// <see cref="Restore"/> leave it.
    /// </summary>
    public void ShowAlternateScreen()
    {
        if (Interlocked.Exchange(ref _showingAlternate, 1) == 0)
            Write(_smcup);
    }

    /// <summary>Back to the main screen from <see cref="ShowAlternateScreen"/>, if it is shown.</summary>
    public void ShowMainScreen()
    {
        if (Interlocked.Exchange(ref _showingAlternate, 0) == 1)
            Write(_exitCa);
    }

    /// <summary>
    /// Undoes <see cref="Enter"/>: the renderer's closing sequences (modes the session may have set —
    /// mouse reporting, a hidden cursor, application cursor keys — then rmcup), then the saved termios.
    /// </summary>
    public void Restore()
    {
        if (Interlocked.Exchange(ref _raw, 0) == 0) return;
        Write(_closeSequence);
        ShowMainScreen();
        _saved.Restore();
    }

    /// <summary>
    /// The last resort when the process is dying (an unhandled exception, a fatal signal): as
    /// <see cref="Restore"/>, and standard input back to blocking mode, which the shell needs and
    /// the session's normal end would have restored.
    /// </summary>
    public void RestoreAfterCrash()
    {
        Restore();
        FileDescriptor.SetNonBlocking(0, false);
    }

    public static void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            IoResult r = FileDescriptor.Write(1, bytes);
            if (r.IsSuccess)
            {
                bytes = bytes[r.Count..];
                continue;
            }
            if (r.WouldBlock)
            {
                Thread.Sleep(1);
                continue;
            }
            return; // the terminal is gone; nothing more can be shown
        }
    }

    /// <summary>The size of the terminal on <paramref name="fd"/> (stdin), clamped; 80×24 and false if it has none.</summary>
    public static bool TryGetSize(out int columns, out int rows, int fd = 0)
    {
        columns = 80;
        rows = 24;
        if (Pty.GetWindowSize(fd, out WindowSize size) != Errno.None || size.Columns == 0 || size.Rows == 0) return false;
        // Clamped as the server clamps resizes: a tty may say 65535×65535.
        (columns, rows) = WindowLimits.Clamp(size.Columns, size.Rows);
        return true;
    }
}
