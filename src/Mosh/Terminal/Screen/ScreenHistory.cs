namespace Mosh.Terminal.Screen;

/// <summary>
/// The lines that left the top of the main screen (protocol §14.1), numbered absolutely from 0
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
    // Absolute cell positions: where the next line's cells go, and where the oldest kept cells start.
    private long _cellEnd;
    private ulong _start;
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
    public ulong Start => _start;

    /// <summary>Number the next line will get: every line that ever left the screen is below it.</summary>
    public ulong End => _end;

    /// <summary>Lines kept.</summary>
    public int Count => (int)(_end - _start);

    /// <summary>Memory the kept lines take beyond the rows kept whole: the ring of cells.</summary>
    public long CellBytes => (long)_cells.Length * 16;

    /// <summary>The kept line numbered <paramref name="number"/> (<see cref="Start"/> ≤ number &lt; <see cref="End"/>), valid until the next append.</summary>
    public HistoryLine this[ulong number]
    {
        get
        {
            if (number < _start || number >= _end)
                throw new ArgumentOutOfRangeException(nameof(number));
            ref readonly Line line = ref _lines[(int)(number % (ulong)_lines.Length)];
            if (line.Row is not null)
                return new HistoryLine(line.Row.Cells, line.SoftWrapped, line.Row);
            return new HistoryLine(_cells.AsSpan((int)(line.CellStart % _cells.Length), line.Length), line.SoftWrapped, null);
        }
    }

    /// <summary>Appends what <paramref name="row"/> shows now, pushing out the oldest line when full.</summary>
    internal void Append(Row row)
    {
        if (_end - _start == (ulong)_lines.Length)
            DropOldest();
        ref Line line = ref _lines[(int)(_end % (ulong)_lines.Length)];
        line.SoftWrapped = row.SoftWrapped;
        if (row.MayHaveCombiningMarks)
        {
            // Rare: the marks live beside the row's cells; keep the row itself.
            row.AddRef();
            line.Row = row;
            line.CellStart = _cellEnd;
            line.Length = 0;
        }
        else
        {
            ReadOnlySpan<Cell> cells = row.Cells[..row.WrittenWidth];
            line.Row = null;
            line.CellStart = Place(cells.Length);
            line.Length = cells.Length;
            cells.CopyTo(_cells.AsSpan((int)(line.CellStart % _cells.Length), cells.Length));
        }
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
            ulong lost = (ulong)(count - keep);
            // Lines pushed out unseen: everything kept so far is older still, and goes too.
            Clear();
            _end += lost;
            _start = _end;
        }
        for (int i = 0; i < keep; i++)
            Append(row);
    }

    /// <summary>Lets go of every kept line; the numbering goes on from <see cref="End"/>.</summary>
    public void Clear()
    {
        while (_start < _end)
            DropOldest();
    }

    /// <summary>Releases the rows kept whole.</summary>
    public void Dispose() => Clear();

    private void DropOldest()
    {
        ref Line oldest = ref _lines[(int)(_start % (ulong)_lines.Length)];
        if (oldest.Row is not null)
        {
            oldest.Row.Release();
            oldest.Row = null;
        }
        _start++;
    }

    /// <summary>Where <paramref name="length"/> contiguous cells go: after the newest, making room by pushing out the oldest lines or growing the ring.</summary>
    private long Place(int length)
    {
        while (true)
        {
            long position = _cellEnd;
            int offset = (int)(position % _cells.Length);
            if (offset + length > _cells.Length)
                position += _cells.Length - offset; // a line never wraps around the ring's end
            long oldest = _start < _end ? _lines[(int)(_start % (ulong)_lines.Length)].CellStart : position;
            if (position + length - oldest <= _cells.Length)
            {
                _cellEnd = position + length;
                return position;
            }
            if (_cells.Length < _maxCells && _end - _start < (ulong)_lines.Length)
                Grow();
            else
                DropOldest();
        }
    }

    /// <summary>Doubles the ring (up to its limit), laying the kept lines out again from its start.</summary>
    private void Grow()
    {
        var cells = new Cell[(int)Math.Min((long)_cells.Length * 2, _maxCells)];
        long position = 0;
        for (ulong n = _start; n < _end; n++)
        {
            ref Line line = ref _lines[(int)(n % (ulong)_lines.Length)];
            if (line.Row is null)
                _cells.AsSpan((int)(line.CellStart % _cells.Length), line.Length).CopyTo(cells.AsSpan((int)position, line.Length));
            line.CellStart = position;
            position += line.Length;
        }
        _cells = cells;
        _cellEnd = position;
    }

    private struct Line
    {
        public long CellStart;
        public int Length;
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
