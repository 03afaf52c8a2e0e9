using System.Runtime.CompilerServices;

namespace Mosh.Terminal.Screen;

/// <summary>
/// The terminal's complete state: the grid of <see cref="Row"/>s, the state synchronized to the
/// client (§5.4) and the emulator's local state (scroll region, modes, tabs, saved cursor).
/// Copying is cheap: rows are shared and reference-counted, so <see cref="CopyFrom"/> costs one
/// pointer copy per row and reuses the destination's storage; writes clone shared rows first.
/// Scrolling the whole screen moves no row (the rows are a <see cref="RowRing"/>), so a line feed
/// at the bottom costs the same at any height.
/// </summary>
/// <remarks>
/// Single-threaded. Call <see cref="Dispose"/> on a copy you no longer need so that its rows can
/// be written in place (and recycled) again; forgetting it is safe, only slower.
/// </remarks>
public sealed partial class Framebuffer : IDisposable
{
    /// <summary>Titles keep at most 256 code points of OSC text (§8.8), i.e. at most 1024 UTF-8 bytes.</summary>
    public const int MaxTitleBytes = 1024;

    [InlineArray(MaxTitleBytes)]
    private struct TitleBuffer
    {
        private byte _element0;
    }

    private RowRing _rows;
    private bool[] _tabStops;
    private TitleBuffer _title;
    private TitleBuffer _iconName;
    private int _titleLength;
    private int _iconNameLength;
    // Immutable once published: "selection;data" as given by OSC 52, shared by copies.
    private byte[]? _clipboard;
    private int _clipboardSeparator;

    // The screen not shown: the main screen's rows while the alternate screen is shown; otherwise
    // empty, kept for the next switch (null until the first one).
    private RowRing? _otherRows;
    private bool _alternateScreen;

    private TerminalModes _modes;

    /// <summary>A blank framebuffer in the initial state (cursor home, visible, default modes, tabs every 8).</summary>
    public Framebuffer(int width, int height)
    {
        width = Math.Max(1, width);
        height = Math.Max(1, height);
        Width = width;
        Height = height;
        _rows = new RowRing(height);
        for (int y = 0; y < height; y++)
        {
            _rows.Set(y, RowPool.Rent(width, default));
        }
        _tabStops = new bool[width];
        ResetState();
    }

    /// <summary>A copy sharing all rows with <paramref name="other"/>.</summary>
    public Framebuffer(Framebuffer other)
    {
        _rows = new RowRing(0);
        _tabStops = [];
        CopyFrom(other);
    }

    // ---- Synchronized state (§5.4) ----

    public int Width { get; private set; }

    public int Height { get; private set; }

    public int CursorRow { get; internal set; }

    public int CursorColumn { get; internal set; }

    /// <summary>The mode switches, synchronized and local ones (see <see cref="TerminalModes"/>).</summary>
    public ref readonly TerminalModes Modes => ref _modes;

    /// <summary><see cref="Modes"/>, for the emulator and the client's overlays to change.</summary>
    internal ref TerminalModes WritableModes => ref _modes;

    private Renditions _currentRenditions;

    /// <summary>The SGR state that newly printed characters get.</summary>
    public Renditions CurrentRenditions
    {
        get => _currentRenditions;
        internal set => _currentRenditions = value;
    }

    /// <summary>
    /// <see cref="CurrentRenditions"/> in place, for the printing paths: a cell is built from its
    /// two words in registers instead of from a copy of the renditions on the stack.
    /// </summary>
    internal ref readonly Renditions CurrentRenditionsInPlace => ref _currentRenditions;

    /// <summary>Whether a title was ever set by OSC 0/1/2 (titles are rendered only after that).</summary>
    public bool TitleInitialized { get; internal set; }

    /// <summary>Whether OSC 0 or 2 ever set the window title (the renderer then mirrors it with OSC 2).</summary>
    public bool WindowTitleSet { get; internal set; }

    /// <summary>Whether OSC 0 or 1 ever set the icon name (the renderer then mirrors it with OSC 1).</summary>
    public bool IconNameSet { get; internal set; }

    /// <summary>Window title as UTF-8.</summary>
    public ReadOnlySpan<byte> WindowTitle => ((ReadOnlySpan<byte>)_title)[.._titleLength];

    /// <summary>Icon name as UTF-8.</summary>
    public ReadOnlySpan<byte> IconName => ((ReadOnlySpan<byte>)_iconName)[.._iconNameLength];

    /// <summary>The OSC 52 selection parameter as given (e.g. "c", "p", "s0"); empty if never set.</summary>
    public ReadOnlySpan<byte> ClipboardSelection => _clipboard is null ? default : _clipboard.AsSpan(0, _clipboardSeparator);

    /// <summary>The OSC 52 data as given (normally base64); empty if never set.</summary>
    public ReadOnlySpan<byte> Clipboard => _clipboard is null ? default : _clipboard.AsSpan(_clipboardSeparator + 1);

    /// <summary>Bells rung so far; a change renders as one BEL.</summary>
    public uint BellCount { get; internal set; }

    // ---- Local state (not synchronized) ----

    /// <summary>DECSTBM region, inclusive 0-based rows.</summary>
    public int ScrollTop { get; internal set; }

    public int ScrollBottom { get; internal set; }

    /// <summary>The cursor sits in the last column after printing there: the next printable wraps first.</summary>
    public bool NextPrintWillWrap { get; internal set; }

    /// <summary>False once <c>CSI 3 g</c> cleared all stops: a widening then adds no default stops.</summary>
    public bool DefaultTabs { get; internal set; }

    /// <summary>Cell that receives combining marks; -1/-1 when it went off-screen in a resize.</summary>
    public int CombiningRow { get; internal set; }

    public int CombiningColumn { get; internal set; }

    public bool AlternateScreenActive => _alternateScreen;

    /// <summary>The last graphic character printed (before character-set mapping), for REP; 0 once anything else was parsed (xterm's <c>lastchar</c>).</summary>
    internal int LastGraphic { get; set; }

    /// <summary>G0/G1 designations and the SI/SO shift (not synchronized: cells already hold what they show).</summary>
    internal CharacterSets Charsets;

    internal SavedCursor Saved;

    /// <summary>Cursor saved by mode 1049 (separate from DECSC's, as in xterm).</summary>
    internal SavedCursor SavedForAlternateScreen;

    // ---- Rows ----

    public Row GetRow(int y) => _rows[y];

    public ReadOnlySpan<Row> Rows => _rows.Rows;

    public bool IsTabStop(int column) => _tabStops[column];

    /// <summary>The row at <paramref name="y"/>, made private to this framebuffer and given a new identity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Row GetMutableRow(int y)
    {
        Row row = _rows[y];
        if (row.RefCount > 1)
        {
            return CloneRowForWrite(y);
        }
        row.Touch();
        return row;
    }

    /// <summary>Blank cell with the current background (BCE).</summary>
    internal Cell BlankCell => Cell.Blank(CurrentRenditions.Background);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Row CloneRowForWrite(int y)
    {
        Row row = _rows[y];
        // A shared row of the framebuffer's own (the blank) is wiped or filled by whoever writes
        // it next anyway: a fresh row of the same background costs one fill instead of a fill
        // and a copy.
        Row copy = SharedRowFor(row) is { } background ? RowPool.Rent(Width, background) : row.CloneForWrite();
        row.Release();
        _rows.Set(y, copy);
        return copy;
    }

    /// <summary>
    /// Makes row <paramref name="y"/> a blank row with the current background: a private row is
    /// wiped in place when that costs only the cells written into it since its last wipe (a
    /// full-screen program's redraw writes it again at once, and a private row saves the copy);
    /// any other becomes the shared blank row, so that erasing never costs a fill per cell.
    /// </summary>
    internal void ResetRow(int y)
    {
        Color background = CurrentRenditions.Background;
        if (!_rows[y].TryWipeWritten(background))
        {
            PutSharedRow(y, SharedBlankRow(background));
        }
    }

    /// <summary>
    /// Moves rows <paramref name="top"/>..<paramref name="bottom"/> up by <paramref name="count"/>
    /// (rows keep their identity), filling the bottom with blank rows. The rows leaving at the
    /// top come back, wiped and with new identities, at the bottom; for the whole screen no row
    /// moves at all.
    /// </summary>
    internal void ScrollUp(int top, int bottom, int count)
    {
        int span = bottom - top + 1;
        if (count <= 0 || span <= 0)
        {
            return;
        }
        count = Math.Min(count, span);
        _rows.RotateUp(top, bottom, count);
        RecycleRows(bottom - count + 1, bottom);
    }

    /// <summary>Moves rows down by <paramref name="count"/>, filling the top with blank rows.</summary>
    internal void ScrollDown(int top, int bottom, int count)
    {
        int span = bottom - top + 1;
        if (count <= 0 || span <= 0)
        {
            return;
        }
        count = Math.Min(count, span);
        _rows.RotateDown(top, bottom, count);
        RecycleRows(top, top + count - 1);
    }

    /// <summary>
    /// Rows <paramref name="first"/>..<paramref name="last"/> become blank rows with the current
    /// background and new identities. One row (the common line feed) is wiped in place when no
    /// copy holds it; several at once (SU, DL, REP) become the shared blank row, so the cost does
    /// not grow with the width; whoever writes one of them gets a private row then.
    /// </summary>
    private void RecycleRows(int first, int last)
    {
        Color bg = CurrentRenditions.Background;
        if (first == last)
        {
            Row row = _rows[first];
            Row blank = row.Recycle(bg);
            if (!ReferenceEquals(blank, row))
            {
                _rows.Set(first, blank);
            }
            return;
        }
        Row shared = SharedBlankRow(bg);
        for (int y = first; y <= last; y++)
        {
            PutSharedRow(y, shared);
        }
    }

    internal void SetTabStop(int column, bool on) => _tabStops[column] = on;

    internal void ClearAllTabStops() => _tabStops.AsSpan(0, Width).Clear();

    internal void SetWindowTitle(ReadOnlySpan<byte> utf8)
    {
        utf8 = utf8[..Math.Min(utf8.Length, MaxTitleBytes)];
        utf8.CopyTo(_title);
        _titleLength = utf8.Length;
        WindowTitleSet = true;
    }

    internal void SetIconName(ReadOnlySpan<byte> utf8)
    {
        utf8 = utf8[..Math.Min(utf8.Length, MaxTitleBytes)];
        utf8.CopyTo(_iconName);
        _iconNameLength = utf8.Length;
        IconNameSet = true;
    }

    internal void ClearWindowTitle() => _titleLength = 0;

    /// <summary>
    /// Puts <paramref name="prefix"/> in front of the title (the client's "[mosh] " marker), and
    /// in front of the icon name too when the two were equal, so that they stay equal.
    /// </summary>
    internal void PrefixWindowTitle(ReadOnlySpan<byte> prefix)
    {
        if (IconName.SequenceEqual(WindowTitle))
        {
            Prefix(_iconName, ref _iconNameLength, prefix);
        }
        Prefix(_title, ref _titleLength, prefix);

        static void Prefix(Span<byte> buffer, ref int length, ReadOnlySpan<byte> prefix)
        {
            int keep = Math.Min(length, buffer.Length - prefix.Length);
            if (keep < 0)
            {
                return;
            }
            buffer[..keep].CopyTo(buffer[prefix.Length..]);
            prefix.CopyTo(buffer);
            length = prefix.Length + keep;
        }
    }

    /// <summary>Stores an OSC 52 request. Allocates (clipboard writes are rare and copies share the array).</summary>
    internal void SetClipboard(ReadOnlySpan<byte> selection, ReadOnlySpan<byte> data)
    {
        if (_clipboard is not null && selection.SequenceEqual(ClipboardSelection) && data.SequenceEqual(Clipboard))
        {
            return;
        }
        byte[] value = new byte[selection.Length + 1 + data.Length];
        selection.CopyTo(value);
        value[selection.Length] = (byte)';';
        data.CopyTo(value.AsSpan(selection.Length + 1));
        _clipboard = value;
        _clipboardSeparator = selection.Length;
    }

    internal void ClearClipboard()
    {
        _clipboard = null;
        _clipboardSeparator = 0;
    }

    /// <summary>Everything except rows, size, titles, clipboard and bell count back to power-on values.</summary>
    internal void ResetState()
    {
        CursorRow = 0;
        CursorColumn = 0;
        _modes = TerminalModes.Initial;
        CurrentRenditions = default;
        ScrollTop = 0;
        ScrollBottom = Height - 1;
        NextPrintWillWrap = false;
        DefaultTabs = true;
        CombiningRow = 0;
        CombiningColumn = 0;
        LastGraphic = 0;
        Charsets = default;
        CurrentHyperlink = 0;
        Saved = SavedCursor.Initial;
        SavedForAlternateScreen = SavedCursor.Initial;
        for (int x = 0; x < Width; x++)
        {
            _tabStops[x] = x % 8 == 0;
        }
    }

    /// <summary>Full reset (RIS): state, tabs, all rows blank, title text and clipboard cleared; icon name, bell count and "title initialized" kept (as upstream).</summary>
    internal void Reset()
    {
        LeaveAlternateScreenRows();
        ResetState();
        _titleStack = null;
        for (int y = 0; y < Height; y++)
        {
            ResetRow(y);
        }
        ClearWindowTitle();
        ClearClipboard();
    }

    /// <summary>
    /// Shows a fresh blank alternate screen, keeping the main screen's rows aside. Every row is
    /// the one shared blank row and the row array is reused, so a switch costs a pointer per row
    /// and no fill, however large the window (switching must stay cheap per byte received).
    /// </summary>
    internal void EnterAlternateScreenRows()
    {
        if (_alternateScreen)
        {
            return;
        }
        RowRing alternate = _otherRows ?? new RowRing(Height);
        _otherRows = _rows;
        _rows = alternate;
        _rows.Resize(Height);
        Row blank = SharedBlankRow(CurrentRenditions.Background);
        for (int y = 0; y < Height; y++)
        {
            blank.AddRef();
            _rows.Set(y, blank);
        }
        _alternateScreen = true;
    }

    /// <summary>Brings the main screen back (the alternate screen's contents are discarded).</summary>
    internal void LeaveAlternateScreenRows()
    {
        if (!_alternateScreen)
        {
            return;
        }
        ReleaseAll(_rows);
        (_rows, _otherRows) = (_otherRows!, _rows);
        _alternateScreen = false;
    }

    /// <summary>
    /// Resize per §8.10: rows added blank at the bottom or removed from the bottom; on a width
    /// change every row is padded/truncated and loses its wrap flag; scroll region reset; cursor
    /// clamped; the combining target dropped if off-screen.
    /// </summary>
    internal void Resize(int width, int height)
    {
        width = Math.Max(1, width);
        height = Math.Max(1, height);
        if (width == Width && height == Height)
        {
            return;
        }
        int oldWidth = Width;
        ResizeRows(_rows, width, height);
        if (_alternateScreen)
        {
            ResizeRows(_otherRows!, width, height);
        }
        if (width > _tabStops.Length)
        {
            Array.Resize(ref _tabStops, Math.Max(width, _tabStops.Length * 2));
        }
        for (int x = oldWidth; x < width; x++)
        {
            _tabStops[x] = DefaultTabs && x % 8 == 0;
        }
        Width = width;
        Height = height;
        ScrollTop = 0;
        ScrollBottom = height - 1;
        CursorRow = Math.Min(CursorRow, height - 1);
        CursorColumn = Math.Min(CursorColumn, width - 1);
        if (CombiningColumn >= width || CombiningRow >= height)
        {
            CombiningRow = -1;
            CombiningColumn = -1;
        }
    }

    private void ResizeRows(RowRing rows, int width, int height)
    {
        int oldHeight = Height;
        int keep = Math.Min(oldHeight, height);
        for (int y = height; y < oldHeight; y++)
        {
            rows[y].Release();
        }
        rows.Resize(height);
        Color bg = CurrentRenditions.Background;
        if (width != Width)
        {
            Cell blank = Cell.Blank(bg);
            for (int y = 0; y < keep; y++)
            {
                Row row = rows[y];
                if (row.RefCount > 1)
                {
                    Row copy = row.CloneForWrite();
                    row.Release();
                    rows.Set(y, row = copy);
                }
                else
                {
                    row.Touch();
                }
                row.SoftWrapped = false;
                row.Resize(width, blank);
                if (row[width - 1].IsWide)
                {
                    // Cut in half by the narrower screen: no terminal can show half of it.
                    row.WritableCells[width - 1] = blank;
                }
            }
        }
        for (int y = keep; y < height; y++)
        {
            rows.Set(y, RowPool.Rent(width, bg));
        }
    }

    /// <summary>Makes this framebuffer an exact copy of <paramref name="other"/>, sharing its rows and reusing this one's storage.</summary>
    public void CopyFrom(Framebuffer other)
    {
        if (ReferenceEquals(this, other))
        {
            return;
        }
        ReleaseRows();
        ShareRows(other._rows, _rows);
        if (other._alternateScreen)
        {
            _otherRows ??= new RowRing(other.Height);
            ShareRows(other._otherRows!, _otherRows);
        }
        _alternateScreen = other._alternateScreen;
        if (_tabStops.Length < other.Width)
        {
            _tabStops = new bool[other._tabStops.Length];
        }
        other._tabStops.AsSpan(0, other.Width).CopyTo(_tabStops);

        Width = other.Width;
        Height = other.Height;
        CursorRow = other.CursorRow;
        CursorColumn = other.CursorColumn;
        _modes = other._modes;
        CurrentRenditions = other.CurrentRenditions;
        TitleInitialized = other.TitleInitialized;
        WindowTitleSet = other.WindowTitleSet;
        IconNameSet = other.IconNameSet;
        other.WindowTitle.CopyTo(_title);
        _titleLength = other._titleLength;
        other.IconName.CopyTo(_iconName);
        _iconNameLength = other._iconNameLength;
        _titleStack = other._titleStack;
        _clipboard = other._clipboard;
        _clipboardSeparator = other._clipboardSeparator;
        BellCount = other.BellCount;
        ScrollTop = other.ScrollTop;
        ScrollBottom = other.ScrollBottom;
        NextPrintWillWrap = other.NextPrintWillWrap;
        DefaultTabs = other.DefaultTabs;
        CombiningRow = other.CombiningRow;
        CombiningColumn = other.CombiningColumn;
        LastGraphic = other.LastGraphic;
        Charsets = other.Charsets;
        CopyHyperlinksFrom(other);
        Saved = other.Saved;
        SavedForAlternateScreen = other.SavedForAlternateScreen;
    }

    /// <summary>Makes <paramref name="destination"/> (empty) hold <paramref name="source"/>'s rows, each counted once more.</summary>
    private static void ShareRows(RowRing source, RowRing destination)
    {
        destination.Resize(source.Height);
        ReadOnlySpan<Row> rows = source.Rows;
        for (int y = 0; y < rows.Length; y++)
        {
            Row row = rows[y];
            row.AddRef();
            destination.Set(y, row);
        }
    }

    /// <summary>Releases every row of both screens and empties them.</summary>
    private void ReleaseRows()
    {
        ReleaseAll(_rows);
        if (_alternateScreen)
        {
            ReleaseAll(_otherRows!);
        }
    }

    private static void ReleaseAll(RowRing rows)
    {
        foreach (Row? row in rows.Rows)
        {
            row?.Release();
        }
        rows.Clear();
    }

    /// <summary>Releases this copy's rows (so the other holders may write them in place). The framebuffer is unusable afterwards until <see cref="CopyFrom"/>.</summary>
    public void Dispose()
    {
        ReleaseRows();
        ReleaseSharedRows();
        Height = 0;
    }

    /// <summary>
    /// Equality of everything synchronized to the client (§5.4): rows (identity first, then cell
    /// memory, then the hyperlinks of linked cells when the two use different link tables),
    /// title and icon name, clipboard, bell count, size, cursor, synchronized modes, current
    /// renditions and hyperlink. Local state (scroll region, tabs, local modes, …) is not compared.
    /// (1.4.0 leaves the icon name out, so a change of it alone waits for some other change.)
    /// </summary>
    public bool ContentEquals(Framebuffer other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (Width != other.Width || Height != other.Height || CursorRow != other.CursorRow
            || CursorColumn != other.CursorColumn || !_modes.SynchronizedEquals(other._modes)
            || CurrentRenditions != other.CurrentRenditions || BellCount != other.BellCount)
        {
            return false;
        }
        if (!WindowTitle.SequenceEqual(other.WindowTitle) || !IconName.SequenceEqual(other.IconName)
            || WindowTitleSet != other.WindowTitleSet || IconNameSet != other.IconNameSet
            || !HyperlinkTable.SameLink(_hyperlinks, CurrentHyperlink, other._hyperlinks, other.CurrentHyperlink))
        {
            return false;
        }
        if (!ReferenceEquals(_clipboard, other._clipboard)
            && (_clipboard is null || other._clipboard is null || _clipboardSeparator != other._clipboardSeparator
                || !_clipboard.AsSpan().SequenceEqual(other._clipboard)))
        {
            return false;
        }
        bool sameLinkTable = ReferenceEquals(_hyperlinks, other._hyperlinks);
        ReadOnlySpan<Row> rows = _rows.Rows;
        ReadOnlySpan<Row> otherRows = other._rows.Rows;
        for (int y = 0; y < rows.Length; y++)
        {
            Row a = rows[y];
            Row b = otherRows[y];
            if (!a.ContentEquals(b) || (!sameLinkTable && !SameHyperlinks(a, _hyperlinks, b, other._hyperlinks)))
            {
                return false;
            }
        }
        return true;
    }
}
