namespace Mosh.Terminal.Screen;

/// <summary>
/// The lines that left the top of the main screen (protocol §14.3), numbered absolutely from 0
/// for the session, of which the newest <see cref="Capacity"/> are kept. A line's written cells
/// (up to the last one that shows anything) are copied into one ring of cells, so a short line
/// costs its length, not the screen's width, and the row that left is wiped in place for reuse
/// as without history. A row with combining marks is kept itself instead (counted once more).
/// Once the ring has grown to what the lines need, keeping a line allocates nothing.
/// </summary>
/// <remarks>
/// The ring holds at most <see cref="MaxCellsPerLine"/> cells per line of capacity on average:
/// very wide lines push out the oldest earlier than the line count alone would. Single-threaded,
/// like rows.
/// </remarks>
public sealed class ScreenHistory : IDisposable
{
    /// <summary>A single write (REP over many rows) keeps at most this many of the identical lines it pushes out; the rest count as lost.</summary>
    internal const int MaxRepeatedKept = 256;

    /// <summary>Cells the ring may hold per line of capacity (16 bytes each).</summary>
    public const int MaxCellsPerLine = 200;

    private const int InitialCellsPerLine = 16;

    private readonly Line[] _lines;
    private Cell[] _cells;
    private readonly int _maxCells;
    // The line ring: the slot of the oldest kept line and how many are kept.
    private int _oldest;
    private int _count;
    // The cell ring: where the next line's cells go, and how many cells the kept lines take
    // (with the tails they skipped so as not to wrap around the end).
    private int _cellWrite;
    private int _cellsUsed;
    private ulong _end;

    /// <param name="capacity">Lines kept (at least 1).</param>
    public ScreenHistory(int capacity)
    {
        capacity = Math.Max(1, capacity);
        _lines = new Line[capacity];
        _maxCells = (int)Math.Min((long)capacity * MaxCellsPerLine, Array.MaxLength / 2);
        _cells = new Cell[Math.Min(_maxCells, Math.Max(1024, capacity * InitialCellsPerLine))];
    }

    /// <summary>How many of the newest lines are kept (fewer while the lines are very wide, see the remarks).</summary>
    public int Capacity => _lines.Length;

    /// <summary>Number of the oldest line still kept (lines before it are lost).</summary>
    public ulong Start => _end - (ulong)_count;

    /// <summary>Number the next line will get: every line that ever left the screen is below it.</summary>
    public ulong End => _end;

    /// <summary>Lines kept.</summary>
    public int Count => _count;

    /// <summary>Memory the kept lines take beyond the rows kept whole: the ring of cells.</summary>
    public long CellBytes => (long)_cells.Length * 16;

    /// <summary>The kept line numbered <paramref name="number"/> (<see cref="Start"/> ≤ number &lt; <see cref="End"/>), valid until the next append.</summary>
    public HistoryLine this[ulong number]
    {
        get
        {
            if (number < Start || number >= _end)
                throw new ArgumentOutOfRangeException(nameof(number));
            ref readonly Line line = ref _lines[Slot((int)(number - Start))];
            if (line.Row is not null)
                return new HistoryLine(line.Row.Cells, line.SoftWrapped, line.Row);
            return new HistoryLine(_cells.AsSpan(line.CellOffset, line.Length), line.SoftWrapped, null);
        }
    }

    /// <summary>Appends what <paramref name="row"/> shows now, pushing out the oldest line when full.</summary>
    internal void Append(Row row)
    {
        if (_count == _lines.Length)
            DropOldest();
        ref Line line = ref _lines[Slot(_count)];
        line.SoftWrapped = row.SoftWrapped;
        // (Only a tiny retention with a huge window has lines wider than the whole ring.)
        ReadOnlySpan<Cell> cells = row.Cells[..Math.Min(row.WrittenWidth, _maxCells)];
        if (row.MayHaveCombiningMarks && AnyCombiningMarks(cells))
        {
            // Rare: the marks live beside the row's cells; keep the row itself.
            row.AddRef();
            line.Row = row;
            line.CellOffset = 0;
            line.Length = 0;
            line.CellSpan = 0;
        }
        else
        {
            line.Row = null;
            line.CellOffset = Place(cells.Length, out line.CellSpan);
            line.Length = cells.Length;
            cells.CopyTo(_cells.AsSpan(line.CellOffset, cells.Length));
        }
        _count++;
        _end++;
    }

    /// <summary>
    /// Appends <paramref name="count"/> lines that all show <paramref name="row"/>. Beyond
    /// <see cref="MaxRepeatedKept"/> (or the capacity) the older ones only count as lost, so the
    /// work stays bounded whatever the count.
    /// </summary>
    internal void AppendRepeated(Row row, long count)
    {
        if (count <= 0)
            return;
        int keep = (int)Math.Min(count, Math.Min(MaxRepeatedKept, _lines.Length));
        if (count > keep)
        {
            // Lines pushed out unseen: everything kept so far is older still, and goes too.
            Clear();
            _end += (ulong)(count - keep);
        }
        for (int i = 0; i < keep; i++)
            Append(row);
    }

    /// <summary>Lets go of every kept line; the numbering goes on from <see cref="End"/>.</summary>
    public void Clear()
    {
        while (_count > 0)
            DropOldest();
    }

    /// <summary>Releases the rows kept whole.</summary>
    public void Dispose() => Clear();

    private static bool AnyCombiningMarks(ReadOnlySpan<Cell> cells)
    {
        foreach (ref readonly Cell cell in cells)
        {
            if (cell.HasCombiningMarks)
                return true;
        }
        return false;
    }

    private int Slot(int index)
    {
        int slot = _oldest + index;
        return slot >= _lines.Length ? slot - _lines.Length : slot;
    }

    private void DropOldest()
    {
        ref Line oldest = ref _lines[_oldest];
        if (oldest.Row is not null)
        {
            oldest.Row.Release();
            oldest.Row = null;
        }
        _cellsUsed -= oldest.CellSpan;
        _oldest = _oldest + 1 == _lines.Length ? 0 : _oldest + 1;
        if (--_count == 0)
        {
            _cellWrite = 0;
            _cellsUsed = 0;
        }
    }

    /// <summary>
    /// Where <paramref name="length"/> contiguous cells go: after the newest, making room by
    /// pushing out the oldest lines or growing the ring. <paramref name="span"/> is what they
    /// take of the ring (with the end's tail they skip, if any).
    /// </summary>
    private int Place(int length, out int span)
    {
        while (true)
        {
            int size = _cells.Length;
            // A line never wraps around the ring's end: it skips the tail.
            int skip = _cellWrite + length > size ? size - _cellWrite : 0;
            if (_cellsUsed + skip + length <= size)
            {
                int offset = skip > 0 ? 0 : _cellWrite;
                _cellWrite = offset + length == size ? 0 : offset + length;
                span = skip + length;
                _cellsUsed += span;
                return offset;
            }
            if (_cells.Length < _maxCells && _count < _lines.Length)
                Grow();
            else if (_count > 0)
                DropOldest();
            else
                throw new InvalidOperationException("a line wider than the history's ring");
        }
    }

    /// <summary>Doubles the ring (up to its limit), laying the kept lines out again from its start.</summary>
    private void Grow()
    {
        var cells = new Cell[(int)Math.Min((long)_cells.Length * 2, _maxCells)];
        int position = 0;
        for (int i = 0; i < _count; i++)
        {
            ref Line line = ref _lines[Slot(i)];
            if (line.Row is null)
                _cells.AsSpan(line.CellOffset, line.Length).CopyTo(cells.AsSpan(position, line.Length));
            line.CellOffset = position;
            line.CellSpan = line.Length;
            position += line.Length;
        }
        _cells = cells;
        _cellWrite = position == cells.Length ? 0 : position;
        _cellsUsed = position;
    }

    private struct Line
    {
        public int CellOffset;
        public int Length;
        public int CellSpan;
        public bool SoftWrapped;
        public Row? Row;
    }
}

/// <summary>One kept line: its written cells and soft-wrap flag; <see cref="Row"/> when the row was kept whole (for its combining marks).</summary>
public readonly ref struct HistoryLine
{
    public HistoryLine(ReadOnlySpan<Cell> cells, bool softWrapped, Row? row)
    {
        Cells = cells;
        SoftWrapped = softWrapped;
        Row = row;
    }

    public ReadOnlySpan<Cell> Cells { get; }

    public bool SoftWrapped { get; }

    public Row? Row { get; }
}
