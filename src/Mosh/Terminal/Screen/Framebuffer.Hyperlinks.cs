namespace Mosh.Terminal.Screen;

/// <summary>
/// OSC 8 hyperlinks (not in 1.4.0; as upstream's development branch keeps them): the link that
/// printed characters get (<see cref="CurrentHyperlink"/>, part of the synchronized state as in
/// upstream's branch) and the table the cells' link indices point into.
/// </summary>
public sealed partial class Framebuffer
{
    private HyperlinkTable? _hyperlinks;
    // OSC 8 bytes that asked for a new link since the table was last compacted (see TryCompact).
    private long _hyperlinkCredit;

    /// <summary>The link printed characters get: an index into <see cref="Hyperlinks"/>, 0 for none.</summary>
    public int CurrentHyperlink { get; internal set; }

    /// <summary>The table the cells' <see cref="Cell.Hyperlink"/> indices refer to; null until a link is first set.</summary>
    public HyperlinkTable? Hyperlinks => _hyperlinks;

    /// <summary>The link with index <paramref name="index"/> (null for 0).</summary>
    public Hyperlink? GetHyperlink(int index) => index == 0 ? null : _hyperlinks?[index];

    /// <summary>
    /// OSC 8: makes the link with these parameters and URI current (an empty URI ends the link).
    /// The caller has checked both are printable ASCII within the length limits. When the table
    /// is full and cannot be compacted yet, the characters that follow get no link.
    /// </summary>
    internal void SetCurrentHyperlink(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> uri)
    {
        if (uri.IsEmpty)
        {
            CurrentHyperlink = 0;
            return;
        }
        int hash = Hyperlink.ComputeHash(parameters, uri);
        HyperlinkTable table = _hyperlinks ??= new HyperlinkTable();
        int index = table.Find(parameters, uri, hash);
        if (index == 0)
        {
            int size = parameters.Length + uri.Length;
            _hyperlinkCredit += size;
            if (!table.HasRoomFor(size) && !TryCompactHyperlinks(size))
            {
                CurrentHyperlink = 0;
                return;
            }
            index = _hyperlinks!.Add(new Hyperlink(parameters, uri, hash));
        }
        CurrentHyperlink = index;
    }

    /// <summary>
    /// Replaces the full table by one with only the links this framebuffer's cells (both
    /// screens) and its current link still use, at the same indices. It reads every cell, so it
    /// runs only once a quarter as many OSC 8 bytes as there are cells arrived since the last
    /// one: the work per byte received stays bounded, however large the window.
    /// </summary>
    private bool TryCompactHyperlinks(int size)
    {
        long cells = (long)Width * Height * (_alternateScreen ? 2 : 1);
        if (_hyperlinkCredit < cells / 4)
        {
            return false;
        }
        _hyperlinkCredit = 0;
        bool[] live = new bool[HyperlinkTable.Capacity];
        MarkLiveHyperlinks(_rows.Rows, live);
        if (_alternateScreen)
        {
            MarkLiveHyperlinks(_otherRows!.Rows, live);
        }
        live[CurrentHyperlink] = true;
        _hyperlinks = _hyperlinks!.Compact(live);
        return _hyperlinks.HasRoomFor(size);
    }

    private static void MarkLiveHyperlinks(ReadOnlySpan<Row> rows, bool[] live)
    {
        for (int y = 0; y < rows.Length; y++)
        {
            foreach (ref readonly Cell cell in rows[y].Cells)
            {
                live[cell.Hyperlink] = true;
            }
        }
    }

    private void CopyHyperlinksFrom(Framebuffer other)
    {
        _hyperlinks = other._hyperlinks;
        CurrentHyperlink = other.CurrentHyperlink;
        _hyperlinkCredit = other._hyperlinkCredit;
    }

    /// <summary>
    /// For two rows with the same cells (<see cref="Row.ContentEquals"/>) in framebuffers whose
    /// link tables are <paramref name="tableA"/> and <paramref name="tableB"/>: whether their
    /// linked cells name the same links. Only needed when the tables differ (an index may then
    /// have been freed and reused in one of them); a row both hold is the same in both.
    /// </summary>
    public static bool SameHyperlinks(Row a, HyperlinkTable? tableA, Row b, HyperlinkTable? tableB)
    {
        if (ReferenceEquals(a, b) || ReferenceEquals(tableA, tableB))
        {
            return true;
        }
        ReadOnlySpan<Cell> cells = a.Cells;
        for (int x = 0; x < cells.Length; x++)
        {
            int link = cells[x].Hyperlink;
            if (link != 0 && !HyperlinkTable.SameLink(tableA, link, tableB, b[x].Hyperlink))
            {
                return false;
            }
        }
        return true;
    }
}
