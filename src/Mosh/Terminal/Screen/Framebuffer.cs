using System.Runtime.CompilerServices;

namespace Mosh.Terminal.Screen;

/// <summary>
/// The terminal's complete state: the grid of <see cref="Row"/>s, the state synchronized to the
/// client (§5.4) and the emulator's local state (scroll region, modes, tabs, saved cursor).
/// Copying is cheap: rows are shared and reference-counted, so <see cref="CopyFrom"/> costs one
/// pointer copy per row and reuses the destination's storage; writes clone shared rows first.
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

    private Row[] _rows;
    private bool[] _tabStops;
    private TitleBuffer _title;
    private TitleBuffer _iconName;
    private int _titleLength;
    private int _iconNameLength;
    // Immutable once published: "selection;data" as given by OSC 52, shared by copies.
    private byte[]? _clipboard;
    private int _clipboardSeparator;

    // Main-screen rows while the alternate screen is shown (null otherwise).
    private Row[]? _mainScreenRows;

    // The alternate screen's row array, kept for the next switch.
    private Row[]? _spareRowArray;

    private TerminalModes _modes;

    /// <summary>A blank framebuffer in the initial state (cursor home, visible, default modes, tabs every 8).</summary>
    public Framebuffer(int width, int height)
    {
        width = Math.Max(1, width);
        height = Math.Max(1, height);
        Width = width;
        Height = height;
        _rows = new Row[height];
        for (int y = 0; y < height; y++)
        {
            _rows[y] = RowPool.Rent(width, default);
        }
        _tabStops = new bool[width];
        ResetState();
    }

    /// <summary>A copy sharing all rows with <paramref name="other"/>.</summary>
    public Framebuffer(Framebuffer other)
    {
        _rows = [];
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

    /// <summary>The SGR state that newly printed characters get.</summary>
    public Renditions CurrentRenditions { get; internal set; }

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

    public bool AlternateScreenActive => _mainScreenRows is not null;

    /// <summary>The last graphic character printed (before character-set mapping), for REP; 0 once anything else was parsed (xterm's <c>lastchar</c>).</summary>
    internal int LastGraphic { get; set; }

    /// <summary>G0/G1 designations and the SI/SO shift (not synchronized: cells already hold what they show).</summary>
    internal CharacterSets Charsets;

    internal SavedCursor Saved;

    /// <summary>Cursor saved by mode 1049 (separate from DECSC's, as in xterm).</summary>
    internal SavedCursor SavedForAlternateScreen;

    // ---- Rows ----

    public Row GetRow(int y) => _rows[y];

    public ReadOnlySpan<Row> Rows => new(_rows, 0, Height);

    public bool IsTabStop(int column) => _tabStops[column];

    /// <summary>The row at <paramref name="y"/>, made private to this framebuffer and given a new identity.</summary>
    internal Row GetMutableRow(int y)
    {
        Row row = _rows[y];
        if (row.RefCount > 1)
        {
            // A shared row of the framebuffer's own (a blank, or a row REP repeated) is wiped or
            // filled by whoever writes it next anyway: a fresh row of the same background costs
            // one fill instead of a fill and a copy.
            Row copy = SharedRowFor(row) is { } background ? RowPool.Rent(Width, background) : row.CloneForWrite();
            row.Release();
            _rows[y] = copy;
            return copy;
        }
        row.Touch();
        return row;
    }

    /// <summary>Blank cell with the current background (BCE).</summary>
    internal Cell BlankCell => Cell.Blank(CurrentRenditions.Background);

    /// <summary>Replaces row <paramref name="y"/> by a blank row with the current background (shared, so erasing costs no fill).</summary>
    internal void ResetRow(int y) => PutSharedRow(y, SharedBlankRow(CurrentRenditions.Background));

    /// <summary>
    /// Moves rows <paramref name="top"/>..<paramref name="bottom"/> up by <paramref name="count"/>
    /// (rows keep their identity), filling the bottom with blank rows.
    /// </summary>
    internal void ScrollUp(int top, int bottom, int count)
    {
        int span = bottom - top + 1;
        if (count <= 0 || span <= 0)
        {
            return;
        }
        count = Math.Min(count, span);
        Row[] rows = _rows;
        Color bg = CurrentRenditions.Background;
        if (count == 1)
        {
            // The common line feed: the row leaving at the top comes back, wiped, at the bottom.
            Row leaving = rows[top];
            Array.Copy(rows, top + 1, rows, top, span - 1);
            rows[bottom] = leaving.Recycle(bg);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            rows[top + i].Release();
        }
        Array.Copy(rows, top + count, rows, top, span - count);
        // Several rows at once (SU, DL, REP): the shared blank row, so the cost does not grow
        // with the width; whoever writes one of them gets a private row then.
        Row blank = SharedBlankRow(bg);
        for (int y = bottom - count + 1; y <= bottom; y++)
        {
            blank.AddRef();
            rows[y] = blank;
        }
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
        Row[] rows = _rows;
        Color bg = CurrentRenditions.Background;
        if (count == 1)
        {
            Row leaving = rows[bottom];
            Array.Copy(rows, top, rows, top + 1, span - 1);
            rows[top] = leaving.Recycle(bg);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            rows[bottom - i].Release();
        }
        Array.Copy(rows, top, rows, top + count, span - count);
        Row blank = SharedBlankRow(bg);
        for (int y = top; y < top + count; y++)
        {
            blank.AddRef();
            rows[y] = blank;
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
        if (_mainScreenRows is not null)
        {
            return;
        }
        _mainScreenRows = _rows;
        Row[]? spare = _spareRowArray;
        _spareRowArray = null;
        _rows = spare is not null && spare.Length >= _mainScreenRows.Length ? spare : new Row[_mainScreenRows.Length];
        Row blank = SharedBlankRow(CurrentRenditions.Background);
        for (int y = 0; y < Height; y++)
        {
            blank.AddRef();
            _rows[y] = blank;
        }
    }

    /// <summary>Brings the main screen back (the alternate screen's contents are discarded).</summary>
    internal void LeaveAlternateScreenRows()
    {
        if (_mainScreenRows is null)
        {
            return;
        }
        for (int y = 0; y < Height; y++)
        {
            _rows[y].Release();
            _rows[y] = null!;
        }
        _spareRowArray = _rows;
        _rows = _mainScreenRows;
        _mainScreenRows = null;
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
        ResizeRows(ref _rows, width, height);
        if (_mainScreenRows is not null)
        {
            ResizeRows(ref _mainScreenRows, width, height);
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

    private void ResizeRows(ref Row[] rows, int width, int height)
    {
        int oldHeight = Height;
        int keep = Math.Min(oldHeight, height);
        for (int y = height; y < oldHeight; y++)
        {
            rows[y].Release();
        }
        if (height > rows.Length)
        {
            Array.Resize(ref rows, height);
        }
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
                    rows[y] = row = copy;
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
            rows[y] = RowPool.Rent(width, bg);
        }
        for (int y = height; y < rows.Length; y++)
        {
            rows[y] = null!;
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
        CopyRows(other._rows, other.Height, ref _rows);
        if (other._mainScreenRows is not null)
        {
            if (_mainScreenRows is null)
            {
                // The array kept from the last time (copies of a screen that switches back and
                // forth allocate nothing).
                _mainScreenRows = _spareRowArray ?? [];
                _spareRowArray = null;
            }
            CopyRows(other._mainScreenRows, other.Height, ref _mainScreenRows);
        }
        else if (_mainScreenRows is not null)
        {
            _spareRowArray = _mainScreenRows;
            _mainScreenRows = null;
        }
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

    private static void CopyRows(Row[] source, int height, ref Row[] destination)
    {
        if (destination.Length < height)
        {
            destination = new Row[source.Length];
        }
        for (int y = 0; y < height; y++)
        {
            Row row = source[y];
            row.AddRef();
            destination[y] = row;
        }
    }

    private void ReleaseRows()
    {
        for (int y = 0; y < Height; y++)
        {
            _rows[y]?.Release();
            _rows[y] = null!;
        }
        if (_mainScreenRows is not null)
        {
            for (int y = 0; y < Height; y++)
            {
                _mainScreenRows[y]?.Release();
                _mainScreenRows[y] = null!;
            }
        }
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
        for (int y = 0; y < Height; y++)
        {
            Row a = _rows[y];
            Row b = other._rows[y];
            if (!a.ContentEquals(b) || (!sameLinkTable && !SameHyperlinks(a, _hyperlinks, b, other._hyperlinks)))
            {
                return false;
            }
        }
        return true;
    }
}
