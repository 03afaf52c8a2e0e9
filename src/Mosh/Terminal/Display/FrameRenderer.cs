using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Display;

/// <summary>
/// Writes the escape sequences that turn a terminal showing one frame into one showing another
/// (§5.6; upstream calls this the Display). The same renderer produces the server's host bytes
/// (capabilities <see cref="DisplayCapabilities.Server"/>, <c>initialized</c> true) and the
/// client's output to the real terminal (terminfo capabilities).
/// </summary>
/// <remarks>
/// Reusable and single-threaded; allocation-free once its scratch row table and the output
/// buffer have grown to the frame size. It never emits queries (DA/DSR), and it always leaves
/// the receiver's scroll region, origin, insert and auto-wrap modes at defaults. OSC 8
/// hyperlinks go out where upstream's development branch sends them: before each drawn cell
/// (and erased run) whose link differs from the receiver's current one, closed before a scroll,
/// and set to the frame's current link at the end.
/// </remarks>
public sealed partial class FrameRenderer
{
    private const int Unknown = -1;

    private readonly DisplayCapabilities _capabilities;

    // What the receiver shows in each row while this frame is drawn; null stands for a blank
    // row with default renditions (what the receiver scrolls in after CSI 0 m).
    private Row?[] _shown = [];

    // Per-frame state: the output, the receiver's cursor as far as we know it (Unknown when
    // not), its current SGR and whether its cursor is visible.
    private ByteBuffer _output = null!;
    private int _cursorRow;
    private int _cursorColumn;
    private Renditions _renditions;
    private bool _cursorVisible;
    // The receiver's current OSC 8 link; unknown at the start of a full repaint.
    private Hyperlink? _link;
    private bool _linkKnown;
    // Whether either frame ever had a link (otherwise no OSC 8 is ever sent).
    private bool _linksInUse;
    // Whether both frames share one link table, so equal cell indices are equal links.
    private bool _sameLinkTable;
    private HyperlinkTable? _lastLinks;
    private Framebuffer _target = null!;

    public FrameRenderer(DisplayCapabilities capabilities)
    {
        _capabilities = capabilities;
    }

    public DisplayCapabilities Capabilities => _capabilities;

    /// <summary>
    /// Appends to <paramref name="output"/> the bytes that change a terminal showing
    /// <paramref name="last"/> into one showing <paramref name="next"/>. With
    /// <paramref name="initialized"/> false nothing is assumed about the terminal (it is fully
    /// reset and repainted); a size change has the same effect.
    /// </summary>
    public void Render(Framebuffer last, Framebuffer next, bool initialized, ByteBuffer output)
    {
        _output = output;
        try
        {
            RenderFrame(last, next, initialized);
        }
        finally
        {
            // Rows are pooled and recycled by their framebuffers: hold none between frames.
            Array.Clear(_shown);
            _output = null!;
            _target = null!;
            _link = null;
            _lastLinks = null;
        }
    }

    /// <summary>
    /// What the client writes to the real terminal before its first frame (§5.7): the
    /// terminfo <c>smcup</c> (empty when MOSH_NO_TERM_INIT is set) and application cursor keys.
    /// </summary>
    public static void WriteOpen(ByteBuffer output, ReadOnlySpan<byte> smcup)
    {
        output.Append(smcup);
        output.Append("\e[?1h"u8);
    }

    /// <summary>
    /// What the client writes to the real terminal on exit, after its last frame (§5.7, verified
    /// byte for byte; 1.4.0 does not reset bracketed paste or focus events here), then <c>rmcup</c>.
    /// </summary>
    public static void WriteClose(ByteBuffer output, ReadOnlySpan<byte> rmcup)
    {
        output.Append("\e[?1l\e[0m\e[?25h\e[?1003l\e[?1002l\e[?1001l\e[?1000l\e[?1015l\e[?1006l\e[?1005l"u8);
        output.Append(rmcup);
    }

    private void RenderFrame(Framebuffer last, Framebuffer f, bool initialized)
    {
        ByteBuffer o = _output;

        if (f.BellCount != last.BellCount)
            o.Append((byte)0x07);

        if (_capabilities.Titles && f.TitleInitialized)
        {
            // Mirror what the application set: OSC 1 for the icon name, OSC 2 for the title, OSC 0
            // when both changed to one text. (1.4.0 always sends both, so setting the icon name
            // alone blanks the title.)
            bool iconChanged = f.IconNameSet
                && (!initialized || !last.IconNameSet || !f.IconName.SequenceEqual(last.IconName));
            bool titleChanged = f.WindowTitleSet
                && (!initialized || !last.WindowTitleSet || !f.WindowTitle.SequenceEqual(last.WindowTitle));
            if (iconChanged && titleChanged && f.IconName.SequenceEqual(f.WindowTitle))
            {
                o.Append("\e]0;"u8);
                o.Append(f.WindowTitle);
                o.Append((byte)0x07);
            }
            else
            {
                if (iconChanged)
                {
                    o.Append("\e]1;"u8);
                    o.Append(f.IconName);
                    o.Append((byte)0x07);
                }
                if (titleChanged)
                {
                    o.Append("\e]2;"u8);
                    o.Append(f.WindowTitle);
                    o.Append((byte)0x07);
                }
            }
        }

        if (!f.ClipboardSelection.SequenceEqual(last.ClipboardSelection) || !f.Clipboard.SequenceEqual(last.Clipboard))
        {
            o.Append("\e]52;"u8);
            // A cleared clipboard has no selection of its own; "c" is the one every peer knows.
            o.Append(f.ClipboardSelection.IsEmpty ? "c"u8 : f.ClipboardSelection);
            o.Append((byte)';');
            o.Append(f.Clipboard);
            o.Append((byte)0x07);
        }

        if (!initialized || f.Modes.ReverseVideo != last.Modes.ReverseVideo)
            o.Append(f.Modes.ReverseVideo ? "\e[?5h"u8 : "\e[?5l"u8);

        int width = f.Width;
        int height = f.Height;
        _target = f;
        _sameLinkTable = ReferenceEquals(last.Hyperlinks, f.Hyperlinks);
        _lastLinks = last.Hyperlinks;
        _linksInUse = _capabilities.Hyperlinks && (last.Hyperlinks is not null || f.Hyperlinks is not null);
        _link = initialized ? last.GetHyperlink(last.CurrentHyperlink) : null;
        _linkKnown = initialized;
        if (!initialized || width != last.Width || height != last.Height)
        {
            // CSI r also homes the cursor; CSI 2 J then leaves every row blank and unwrapped.
            // Over a scrollback, the first row and then the rest from the second, neither of
            // which a terminal takes for clearing the screen.
            o.Append(_capabilities.KeepsScrollback ? "\e[r\e[0m\e[H\e[2K\e[2H\e[J\e[H"u8 : "\e[r\e[0m\e[H\e[2J"u8);
            initialized = false;
            _linkKnown = false;
            _cursorRow = 0;
            _cursorColumn = 0;
            _renditions = default;
        }
        else if (last.NextPrintWillWrap)
        {
            // The receiver may sit in the pending-wrap state: a print there would wrap first,
            // and only an absolute move is sure to land where we think.
            _cursorRow = Unknown;
            _cursorColumn = Unknown;
            _renditions = last.CurrentRenditions;
        }
        else
        {
            _cursorRow = last.CursorRow;
            _cursorColumn = last.CursorColumn;
            _renditions = last.CurrentRenditions;
        }

        _cursorVisible = last.Modes.CursorVisible;
        if (!initialized)
        {
            _cursorVisible = false;
            o.Append("\e[?25l"u8);
        }

        if (_shown.Length < height)
            _shown = new Row?[Math.Max(height, _shown.Length * 2)];
        Row?[] shown = _shown;
        if (initialized)
        {
            ReadOnlySpan<Row> oldRows = last.Rows;
            for (int y = 0; y < height; y++)
                shown[y] = oldRows[y];
        }
        else
        {
            Array.Clear(shown, 0, height);
        }

        int firstRow = initialized && !_capabilities.KeepsScrollback ? DrawScroll(f) : 0;

        bool wrap = false;
        for (int y = firstRow; y < height; y++)
        {
            Row? old = shown[y];
            // The very row the receiver shows, with nothing wrapped into it: PutRow would find
            // it the same and draw nothing (most rows of most frames; its call is not free).
            if (initialized && !wrap && ReferenceEquals(f.GetRow(y), old))
                continue;
            wrap = PutRow(initialized, f, y, old, wrap);
        }

        if (!initialized || f.CursorRow != _cursorRow || f.CursorColumn != _cursorColumn)
            AppendMove(f.CursorRow, f.CursorColumn);

        if (!initialized || f.Modes.CursorVisible != _cursorVisible)
            o.Append(f.Modes.CursorVisible ? "\e[?25h"u8 : "\e[?25l"u8);

        UpdateRenditions(f.CurrentRenditions, force: !initialized);
        UpdateHyperlink(f.CurrentHyperlink);

        if (!initialized || f.Modes.BracketedPaste != last.Modes.BracketedPaste)
            o.Append(f.Modes.BracketedPaste ? "\e[?2004h"u8 : "\e[?2004l"u8);

        if (!initialized || f.Modes.MouseReporting != last.Modes.MouseReporting)
        {
            if (f.Modes.MouseReporting == MouseReportingMode.None)
            {
                o.Append("\e[?1003l\e[?1002l\e[?1001l\e[?1000l"u8);
            }
            else
            {
                if (last.Modes.MouseReporting != MouseReportingMode.None)
                    AppendPrivateMode((int)last.Modes.MouseReporting, set: false);
                AppendPrivateMode((int)f.Modes.MouseReporting, set: true);
            }
        }

        if (!initialized || f.Modes.FocusEvents != last.Modes.FocusEvents)
            o.Append(f.Modes.FocusEvents ? "\e[?1004h"u8 : "\e[?1004l"u8);

        if (!initialized || f.Modes.MouseEncoding != last.Modes.MouseEncoding)
            WriteMouseEncodings(f.Modes.MouseEncoding, initialized ? last.Modes.MouseEncoding : MouseEncoding.Utf8 | MouseEncoding.Sgr | MouseEncoding.Urxvt);
    }

    /// <summary>
    /// The mouse encodings as independent switches: those turned off are reset, then every one
    /// that is on is set again, SGR last, so a terminal that keeps only one (xterm, 1.4.0) ends
    /// with the best of them. Back to none is 1.4.0's three resets.
    /// </summary>
    private void WriteMouseEncodings(MouseEncoding target, MouseEncoding previous)
    {
        if (target == MouseEncoding.Default)
        {
            _output.Append("\e[?1015l\e[?1006l\e[?1005l"u8);
            return;
        }
        MouseEncoding off = previous & ~target;
        foreach (MouseEncoding bit in (ReadOnlySpan<MouseEncoding>)[MouseEncoding.Urxvt, MouseEncoding.Sgr, MouseEncoding.Utf8])
        {
            if ((off & bit) != 0)
                AppendPrivateMode(MouseEncodingModes.ToMode(bit), set: false);
        }
        foreach (MouseEncoding bit in (ReadOnlySpan<MouseEncoding>)[MouseEncoding.Utf8, MouseEncoding.Urxvt, MouseEncoding.Sgr])
        {
            if ((target & bit) != 0)
                AppendPrivateMode(MouseEncodingModes.ToMode(bit), set: true);
        }
    }

    /// <summary>
    /// Scroll detection (§5.6 step 7): if the new top row is an old row further down, scroll the
    /// receiver instead of redrawing. Returns how many top rows are already correct.
    /// </summary>
    private int DrawScroll(Framebuffer f)
    {
        int height = f.Height;
        Row?[] shown = _shown;
        ReadOnlySpan<Row> rows = f.Rows;

        // The shared blank row stands at many places at once: as the top row it would match
        // the first of them and scroll for nothing. Further down, a match is a real one.
        if (_target.IsSharedBlankRow(rows[0]))
            return 0;
        int linesScrolled = 0;
        for (int k = 0; k < height; k++)
        {
            if (SameRow(rows[0], shown[k], k == height - 1))
            {
                linesScrolled = k;
                break;
            }
        }
        if (linesScrolled == 0)
            return 0;

        int scrollHeight = 1;
        while (linesScrolled + scrollHeight < height
               && SameRow(rows[scrollHeight], shown[linesScrolled + scrollHeight], linesScrolled + scrollHeight == height - 1))
            scrollHeight++;

        // Lines scrolled in take the current background: make it the default.
        UpdateRenditions(default, force: true);
        UpdateHyperlink(0);

        int bottom = linesScrolled + scrollHeight - 1;
        if (bottom == height - 1 && _cursorRow == height - 1)
        {
            _output.Append((byte)'\r');
            _output.AppendRepeated((byte)'\n', linesScrolled);
            _cursorColumn = 0;
        }
        else
        {
            AppendCsi(1, bottom + 1, (byte)'r');
            _cursorRow = Unknown;
            _cursorColumn = Unknown;
            SilentMove(bottom, 0);
            _output.AppendRepeated((byte)'\n', linesScrolled);
            _output.Append("\e[r"u8);
            _cursorRow = Unknown;
            _cursorColumn = Unknown;
        }

        // The same move in our picture of the receiver.
        for (int y = 0; y <= bottom; y++)
            shown[y] = y + linesScrolled <= bottom ? shown[y + linesScrolled] : null;

        return scrollHeight;
    }

    /// <summary>
    /// The same row (identity) with the same contents; a blank placeholder matches nothing. A
    /// soft-wrapped bottom row does not count: no byte string can set the wrap flag of the
    /// bottom row in place, so the receiver's copy may lack it and must not be scrolled up.
    /// </summary>
    private static bool SameRow(Row row, Row? shown, bool shownIsBottomRow) =>
        shown is not null && row.Id == shown.Id && !(shownIsBottomRow && shown.SoftWrapped) && row.ContentEquals(shown);

    /// <summary>Erasing shows the current renditions' background only; without BCE the renditions must be the default, and (as upstream's branch) no link may be active.</summary>
    private bool CanErase => _capabilities.BackgroundColorErase || (_renditions.IsDefault && _link is null);

    private void AppendCell(Row row, int x)
    {
        ref readonly Cell cell = ref row[x];
        if (cell.IsEmpty)
        {
            _output.Append((byte)' ');
            return;
        }
        if (cell.CodePoint < 0x80 && !cell.HasCombiningMarks && !cell.IsFallback)
        {
            _output.Append((byte)cell.CodePoint);
            return;
        }
        if (cell.IsFallback)
            _output.Append("\u00A0"u8);
        Span<byte> destination = _output.GetSpan(Row.MaxContentsBytes);
        _output.Advance(row.GetContentsUtf8(x, destination));
    }

    /// <summary><see cref="UpdateRenditions(in Renditions, bool)"/> for a cell's renditions, compared in place: most cells drawn have the renditions of the one before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateRenditions(in Cell cell)
    {
        if (!cell.HasRenditions(in _renditions))
            UpdateRenditions(cell.Renditions, force: true);
    }

    private void UpdateRenditions(in Renditions renditions, bool force)
    {
        if (force || _renditions != renditions)
        {
            SgrWriter.Write(_output, renditions, _capabilities);
            _renditions = renditions;
        }
    }

    /// <summary>
    /// Makes link <paramref name="index"/> of the frame being drawn the receiver's current one:
    /// <c>OSC 8 ; params ; URI</c>, or <c>OSC 8 ; ;</c> for none, ended with BEL for a mosh
    /// client (1.4.0 reads <c>ESC \</c> as an escape that cancels a pending wrap) and with ST for a
    /// terminal. The text is printable ASCII by construction (<see cref="Hyperlink"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateHyperlink(int index)
    {
        // Without links in either frame every cell's index is 0 and the receiver's link stays
        // none: the common case costs one test per cell.
        if (_linksInUse)
            WriteHyperlinkIfChanged(index);
    }

    private void WriteHyperlinkIfChanged(int index)
    {
        Hyperlink? link = _target.GetHyperlink(index);
        if (_linkKnown ? Hyperlink.AreEqual(link, _link) : link is null && !_linksInUse)
            return;
        _output.Append("\e]8;"u8);
        if (link is not null)
            _output.Append(link.Parameters);
        _output.Append((byte)';');
        if (link is not null)
            _output.Append(link.Uri);
        if (_capabilities.HostBytes)
            _output.Append((byte)0x07);
        else
            _output.Append("\e\\"u8);
        _link = link;
        _linkKnown = true;
    }

    /// <summary>Moves the receiver's cursor, hiding it first so the drawing does not flicker.</summary>
    private void SilentMove(int row, int column)
    {
        if (_cursorRow == row && _cursorColumn == column)
            return;
        if (_cursorVisible)
        {
            _output.Append("\e[?25l"u8);
            _cursorVisible = false;
        }
        AppendMove(row, column);
    }

    /// <summary>CR/LF or BS when the cursor is known and close, otherwise CUP.</summary>
    private void AppendMove(int row, int column)
    {
        int lastRow = _cursorRow;
        int lastColumn = _cursorColumn;
        _cursorRow = row;
        _cursorColumn = column;
        if (lastRow != Unknown && lastColumn != Unknown)
        {
            int down = row - lastRow;
            if (column == 0 && down >= 0 && down < 5)
            {
                if (lastColumn != 0)
                    _output.Append((byte)'\r');
                _output.AppendRepeated((byte)'\n', down);
                return;
            }
            int left = lastColumn - column;
            if (row == lastRow && left > 0 && left < 5)
            {
                _output.AppendRepeated((byte)'\b', left);
                return;
            }
        }
        AppendCsi(row + 1, column + 1, (byte)'H');
    }

    private void AppendPrivateMode(int mode, bool set)
    {
        _output.Append("\e[?"u8);
        _output.AppendDecimal(mode);
        _output.Append(set ? (byte)'h' : (byte)'l');
    }

    /// <summary><c>ESC [ n final</c>.</summary>
    private void AppendCsi(int n, byte final)
    {
        _output.Append("\e["u8);
        _output.AppendDecimal(n);
        _output.Append(final);
    }

    /// <summary><c>ESC [ a ; b final</c>.</summary>
    private void AppendCsi(int a, int b, byte final)
    {
        _output.Append("\e["u8);
        _output.AppendDecimal(a);
        _output.Append((byte)';');
        _output.AppendDecimal(b);
        _output.Append(final);
    }
}
