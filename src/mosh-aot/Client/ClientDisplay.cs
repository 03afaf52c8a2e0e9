using Mosh;
using Mosh.Overlays;
using Mosh.Overlays.Prediction;
using Mosh.StateSync;
using Mosh.Terminal.Display;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace MoshAot.Client;

/// <summary>
/// What the user sees: the newest server frame with the overlays (predictions, notification
/// bar, title prefix) drawn over a copy, rendered as a minimal diff against what the terminal
/// already shows (§5.6, §6.8), and written straight from the renderer's buffer.
/// </summary>
internal sealed class ClientDisplay
{
    private readonly LocalTerminal _local;
    private readonly HistoryInbox? _inbox;
    private FrameRenderer _renderer;
    private readonly ByteBuffer _output = new(64 * 1024);
    private Framebuffer _displayed;
    private Framebuffer _frame;
    private bool _mainScreen;
    // On the main screen for good, while the session's program shows its alternate screen the
    // terminal shows its own (as ssh would have it): the program's rows never reach the
    // scrollback, and the wheel scrolls the program (where the terminal makes it send arrow
    // keys there) rather than the history. Drawn by a renderer of its own, free to scroll and
    // clear; the main screen's last frame waits aside.
    private bool _showingAlternate;
    private FrameRenderer? _alternateRenderer;
    private Framebuffer? _mainFrame;
    // Each line of history is read into this one-row terminal, so what reaches the real terminal
    // is only ever text and SGR, written with its capabilities.
    private VirtualTerminal? _lineTerminal;

    /// <param name="inbox">Where the session's history arrives (§14.3); null when the client does not ask for it.</param>
    public ClientDisplay(LocalTerminal local, OverlayManager overlays, int columns, int rows, HistoryInbox? inbox = null)
    {
        _local = local;
        _inbox = inbox;
        Overlays = overlays;
        _renderer = new FrameRenderer(local.Capabilities);
        _displayed = new Framebuffer(columns, rows);
        _frame = new Framebuffer(columns, rows);
        _localRows = rows;
        _localColumns = columns;
    }

    /// <summary>Whether the session is drawn on the main screen, with its history in the terminal's scrollback (§14.3).</summary>
    public bool OnMainScreen => _mainScreen;

    /// <summary>Whether frames go to the main screen now (not the alternate screen, whether for good or for the program's alternate screen).</summary>
    private bool DrawingOnMainScreen => _mainScreen && !_showingAlternate;

    // The terminal's own size, which history is written against (the frame follows it late).
    private int _localRows;
    private int _localColumns;
    // How many lines this display has pushed into the terminal's scrollback: a lower bound on
    // what a terminal that grows taller can bring down from it.
    private long _pushedLines;

    /// <summary>
    /// The terminal changed size. A terminal that grows taller brings lines from its scrollback
    /// down into the new rows at the top (tmux, xterm); on the main screen they are pushed back
    /// up at once, before anything is drawn over them. It brings down no more lines than its
    /// scrollback holds, so no more are pushed than this display put there: pushing more would
    /// push rows of the screen, which come again as history once they leave the server's screen.
    /// A terminal that shrinks pushes rows of the screen into its scrollback itself (below).
    /// </summary>
    public void LocalResized(int columns, int rows)
    {
        // The main screen set aside changes size too: at once, or when shown again (tmux). Shown
        // again now, it is handled as any resize of the main screen; the next draw goes back.
        if (_showingAlternate && (rows != _localRows || columns != _localColumns))
            ShowMainScreen();
        int grown = rows - _localRows;
        _localRows = rows;
        _localColumns = columns;
        RepaintRequested = true;
        if (!_mainScreen || grown == 0)
            return;
        if (grown < 0)
        {
            NoteRowsPushedByShrinking(columns, rows);
            // What the terminal shows now, should it change size again before the next draw
            // (or, for the main screen set aside, before the program leaves its alternate screen).
            _displayed.ResizeKeepingCursorRow(columns, rows);
            return;
        }
        _output.Clear();
        AppendMove(rows - 1, 0);
        _output.AppendRepeated((byte)'\n', (int)Math.Min(grown, _pushedLines));
        LocalTerminal.Write(_output.WrittenSpan);
        _displayed.Resize(columns, rows);
    }

    // Rows a shrinking terminal pushed into its own scrollback: their text as history would
    // write it, and the number of the history line the first of them will be.
    private readonly List<byte[]> _pushedByTerminal = [];
    private ulong _pushedByTerminalFrom;
    // The history end of the state last drawn: the number its top row gets when it scrolls off.
    private ulong _drawnHistoryEnd;
    private readonly ByteBuffer _lineText = new(1024);

    /// <summary>
    /// A terminal that shrinks keeps its cursor's row: it drops the rows below the cursor, then
    /// pushes as many as are still too many from the top into its scrollback (tmux, xterm). The
    /// server does the same for a client shown the history (§14.3), into the history: those
    /// rows come as its next lines, numbered from the history end of the state drawn (if its
    /// lines had all been sent). Each that comes so, with the same text, is not written again
    /// (<see cref="WriteHistory"/>); anything else ends the expectation, and a line is then
    /// written as ever. A terminal that changes width too may reflow its rows: no telling what
    /// it pushed, so nothing is expected.
    /// </summary>
    private void NoteRowsPushedByShrinking(int columns, int rows)
    {
        int pushed = _displayed.RowsAboveCursorBeyond(rows);
        if (pushed == 0)
            return;
        // They are in the terminal's scrollback now: growing again brings them back down.
        _pushedLines += pushed;
        _pushedByTerminal.Clear();
        if (columns != _displayed.Width)
            return;
        _pushedByTerminalFrom = _drawnHistoryEnd;
        for (int y = 0; y < pushed; y++)
        {
            _lineText.Clear();
            RowTextWriter.Write(_displayed.GetRow(y), _renderer.Capabilities, _lineText, _displayed.Width);
            _pushedByTerminal.Add(_lineText.WrittenSpan.ToArray());
        }
    }

    /// <summary>
    /// Whether history line <paramref name="number"/>, whose text is <paramref name="text"/>, is
    /// a row the terminal pushed into its scrollback itself when it shrank (see
    /// <see cref="NoteRowsPushedByShrinking"/>).
    /// </summary>
    private bool PushedByTerminal(ulong number, ReadOnlySpan<byte> text)
    {
        if (_pushedByTerminal.Count == 0 || number < _pushedByTerminalFrom)
            return false;
        ulong index = number - _pushedByTerminalFrom;
        if (index < (ulong)_pushedByTerminal.Count && text.SequenceEqual(_pushedByTerminal[(int)index]))
        {
            if (index == (ulong)_pushedByTerminal.Count - 1)
                _pushedByTerminal.Clear();
            return true;
        }
        _pushedByTerminal.Clear();
        return false;
    }

    public OverlayManager Overlays { get; }

    /// <summary>What the terminal shows now (the frame predictions are made against).</summary>
    public Framebuffer Displayed => _displayed;

    /// <summary>Set when the terminal's contents are unknown (after a suspend, Ctrl-^ Ctrl-L): the next draw repaints all.</summary>
    public bool RepaintRequested { get; set; } = true;

    /// <summary>Raw mode and the terminal's opening sequences, then a blank frame.</summary>
    public void Open()
    {
        _local.Enter();
        _output.Clear();
        _renderer.Render(_displayed, _frame, initialized: false, _output);
        LocalTerminal.Write(_output.WrittenSpan);
        RepaintRequested = false;
    }

    /// <summary>Ctrl-^ Ctrl-Z: the terminal as the shell had it, and a word on why.</summary>
    public void Suspend()
    {
        ShowMainScreen();
        _local.Restore();
        LocalTerminal.Write("\n\x1b[37;44m[mosh is suspended.]\x1b[m\n"u8);
    }

    /// <summary>Back from a suspend: raw mode again, and a full repaint (the shell has drawn over us).</summary>
    public void Resume()
    {
        _local.Enter();
        RepaintRequested = true;
    }

    /// <summary>Restores the terminal; safe on every exit path, any number of times.</summary>
    public void Close() => _local.Restore();

    /// <summary>Draws <paramref name="remote"/> with the overlays, if anything changed.</summary>
    public void Draw(CompleteTerminal remote, long now)
    {
        if (remote.Framebuffer.Width != _frame.Width || remote.Framebuffer.Height != _frame.Height)
        {
            // The server's frame follows our size; until it does, predictions would land in the wrong place.
            Overlays.Predictions.Reset();
        }
        if (_inbox is not null)
            WriteHistory(remote);
        FollowRemoteScreen(remote);
        _frame.CopyFrom(remote.Framebuffer);
        FitToTerminal(_frame);
        Overlays.Apply(_frame, now);
        _output.Clear();
        Renderer.Render(_displayed, _frame, initialized: !RepaintRequested, _output);
        RepaintRequested = false;
        _drawnHistoryEnd = remote.HistoryEnd;
        if (_output.Length > 0)
        {
            LocalTerminal.Write(_output.WrittenSpan);
            (_displayed, _frame) = (_frame, _displayed);
        }
    }

    /// <summary>The last frame, without the notification bar and the title prefix.</summary>
    public void DrawFinal(CompleteTerminal remote, long now)
    {
        Overlays.Notifications.SetMessage("", now);
        Overlays.Title.Enabled = false;
        if (_inbox is not null)
            WriteHistory(remote);
        FollowRemoteScreen(remote);
        _frame.CopyFrom(remote.Framebuffer);
        FitToTerminal(_frame);
        Overlays.Title.Apply(_frame);
        _output.Clear();
        Renderer.Render(_displayed, _frame, initialized: !(_mainScreen && RepaintRequested), _output);
        if (_frame.CurrentHyperlink != 0 && _renderer.Capabilities.Hyperlinks)
        {
            // The application left a link open: what the shell prints next must not belong to it.
            _output.Append("\e]8;;\e\\"u8);
        }
        if (DrawingOnMainScreen)
        {
            // The last screen stays, as with ssh: the shell goes on below the cursor's line.
            _output.Append("\e[0m"u8);
            if (_frame.CursorColumn > 0 || _frame.NextPrintWillWrap)
                _output.Append("\r\n"u8);
        }
        LocalTerminal.Write(_output.WrittenSpan);
    }

    /// <summary>
    /// On the main screen, a frame bigger than the terminal (the server has not yet followed a
    /// shrink) is cut to it as the terminal and the server cut it (keeping the cursor's row,
    /// §14.3): drawn whole, its rows past the bottom would scroll the terminal, and push rows
    /// into its scrollback that come again as history.
    /// </summary>
    private void FitToTerminal(Framebuffer frame)
    {
        if (!DrawingOnMainScreen || (frame.Width <= _localColumns && frame.Height <= _localRows))
            return;
        frame.ResizeKeepingCursorRow(Math.Max(1, Math.Min(frame.Width, _localColumns)), Math.Max(1, Math.Min(frame.Height, _localRows)));
    }

    /// <summary>
    /// Once the server offers history: over to the main screen, with the whole screen the shell
    /// left pushed into the scrollback (all of it, so that the display knows how many lines it
    /// put there). Then the waiting lines, into the scrollback in order, each exactly once: drawn
    /// from the top row down, and scrolled off the top by line feeds at the bottom; the screen is
    /// repainted after them.
    /// </summary>
    private void WriteHistory(CompleteTerminal remote)
    {
        if (!_mainScreen && !remote.HistoryOffered)
            return;
        // The terminal's height as it is now, rather than as of the last SIGWINCH handled (the
        // signal is read later in the loop): a terminal grown taller has brought lines of its
        // scrollback down, which must go back up before a frame is drawn over them, and line
        // feeds short of the bottom would overwrite lines instead of pushing them.
        if (LocalTerminal.TryGetSize(out int columnsNow, out int rowsNow) && (rowsNow != _localRows || columnsNow != _localColumns))
            LocalResized(columnsNow, rowsNow);
        if (!_mainScreen)
        {
            _mainScreen = true;
            _renderer = new FrameRenderer(_local.Capabilities with { KeepsScrollback = true });
            _local.LeaveAlternateScreen();
            _output.Clear();
            AppendMove(_localRows - 1, 0);
            _output.AppendRepeated((byte)'\n', _localRows);
            _pushedLines = _localRows;
            LocalTerminal.Write(_output.WrittenSpan);
            RepaintRequested = true;
        }
        if (!_inbox!.HasPending)
            return;
        // Lines go into the main screen's scrollback, whatever the program shows.
        ShowMainScreen();

        int width = Math.Max(1, remote.Framebuffer.Width);
        int height = Math.Max(1, _localRows);
        if (_lineTerminal is null || _lineTerminal.Framebuffer.Width != width)
            _lineTerminal = new VirtualTerminal(width, 1);
        DisplayCapabilities capabilities = _renderer.Capabilities;
        _output.Clear();
        _output.Append("\e[?25l\e[r\e[0m"u8);
        int row = 0;
        ulong number = _inbox.PendingStart;
        foreach (ref readonly HistoryInbox.Entry entry in _inbox.Pending)
        {
            if (entry.Skipped > 0)
            {
                AppendMove(row, 0);
                _output.Append("\e[2K\e[0;7m[mosh: "u8);
                System.Buffers.Text.Utf8Formatter.TryFormat(entry.Skipped, _output.GetSpan(20), out int digits);
                _output.Advance(digits);
                _output.Append(entry.Skipped == 1 ? " line skipped]\e[0m"u8 : " lines skipped]\e[0m"u8);
                number += entry.Skipped;
            }
            else
            {
                // Reset, no auto-wrap (a line never leaves its row), then the line.
                _lineTerminal.Write("\ec\e[?7l"u8);
                _lineTerminal.Write(_inbox.TextOf(entry));
                _lineText.Clear();
                RowTextWriter.Write(_lineTerminal.Framebuffer.GetRow(0), capabilities, _lineText, width);
                if (PushedByTerminal(number++, _lineText.WrittenSpan))
                    continue;
                AppendMove(row, 0);
                _output.Append("\e[2K"u8);
                _output.Append(_lineText.WrittenSpan);
            }
            if (++row == height)
                ScrollOff(ref row, height);
        }
        ScrollOff(ref row, height);
        _inbox.Clear();
        LocalTerminal.Write(_output.WrittenSpan);
        RepaintRequested = true;
    }

    /// <summary>The renderer of the screen frames go to now.</summary>
    private FrameRenderer Renderer => _showingAlternate ? _alternateRenderer! : _renderer;

    /// <summary>
    /// On the main screen for good: shows the alternate screen while the session's program
    /// shows its own (the server says so with the history, §14.3), the main screen otherwise.
    /// Either way the screen shown is repainted.
    /// </summary>
    private void FollowRemoteScreen(CompleteTerminal remote)
    {
        bool alternate = _mainScreen && remote.AlternateScreenShown && _local.CanSwitchScreens;
        if (alternate == _showingAlternate)
            return;
        if (!alternate)
        {
            ShowMainScreen();
            return;
        }
        if (RepaintRequested)
            RedrawMainScreen(remote.HistoryEnd);
        _mainFrame ??= new Framebuffer(_displayed.Width, _displayed.Height);
        _mainFrame.CopyFrom(_displayed);
        _alternateRenderer ??= new FrameRenderer(_local.Capabilities);
        _local.ShowAlternateScreen();
        _showingAlternate = true;
        RepaintRequested = true;
    }

    /// <summary>
    /// Before the alternate screen is shown, the main screen is drawn again, so that the frame
    /// kept aside is what the terminal shows there: a resize before the program leaves relies on
    /// it (<see cref="NoteRowsPushedByShrinking"/>). Lines that came in the same state as the
    /// switch (output just before the program started) were written over it and scrolled it;
    /// they are the top rows of the frame last drawn, up to the history end
    /// <paramref name="historyEnd"/>, so that frame goes up by as many, blank below (the
    /// server's main screen is not sent while the alternate screen is shown).
    /// </summary>
    private void RedrawMainScreen(ulong historyEnd)
    {
        int height = _displayed.Height;
        ulong left = historyEnd > _drawnHistoryEnd ? Math.Min(historyEnd - _drawnHistoryEnd, (ulong)height) : 0;
        _frame.CopyFrom(_displayed);
        _frame.ScrollUp(0, height - 1, (int)left);
        _output.Clear();
        _renderer.Render(_displayed, _frame, initialized: false, _output);
        LocalTerminal.Write(_output.WrittenSpan);
        (_displayed, _frame) = (_frame, _displayed);
        _drawnHistoryEnd = historyEnd;
    }

    /// <summary>Back to the main screen, if the alternate screen is shown: it shows the frame last drawn there, repainted at the next draw.</summary>
    private void ShowMainScreen()
    {
        if (!_showingAlternate)
            return;
        _local.ShowMainScreen();
        (_displayed, _mainFrame) = (_mainFrame!, _displayed);
        _showingAlternate = false;
        RepaintRequested = true;
    }

    /// <summary>Line feeds at the bottom row push the <paramref name="rows"/> top rows into the scrollback.</summary>
    private void ScrollOff(ref int rows, int height)
    {
        if (rows == 0)
            return;
        AppendMove(height - 1, 0);
        _output.AppendRepeated((byte)'\n', rows);
        _pushedLines += rows;
        rows = 0;
    }

    private void AppendMove(int row, int column)
    {
        _output.Append("\e["u8);
        _output.AppendDecimal(row + 1);
        _output.Append((byte)';');
        _output.AppendDecimal(column + 1);
        _output.Append((byte)'H');
    }
}
