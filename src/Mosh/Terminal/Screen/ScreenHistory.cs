namespace Mosh.Terminal.Screen;

/// <summary>
/// The lines that left the top of the main screen (protocol §14.3), numbered absolutely from 0
/// for the session, of which the newest <see cref="Capacity"/> are kept. Each line is kept in its
/// compact form (<see cref="HistoryLine"/>: text and rendition marks, about a byte a column)
/// in one ring of bytes, so a line costs what it shows, not the screen's width in 16-byte cells,
/// and the row that left is wiped in place for reuse as without history. Once the ring has grown
/// to what the lines need, keeping a line allocates nothing.
/// </summary>
/// <remarks>
/// The ring holds at most <see cref="MaxBytesPerLine"/> bytes per line of capacity on average:
/// lines bigger than that on average push out the oldest earlier than the line count alone
/// would. Single-threaded, like rows.
/// </remarks>
public sealed class ScreenHistory
{
    /// <summary>A single write (REP over many rows) keeps at most this many of the identical lines it pushes out; the rest count as lost.</summary>
    internal const int MaxRepeatedKept = 256;

    /// <summary>Bytes the ring may hold per line of capacity, on average.</summary>
    public const int MaxBytesPerLine = 1024;

    /// <summary>Bytes the index takes per line of capacity (a line's place in the ring).</summary>
    public const int IndexBytesPerLine = 12;

    // The ring starts small and doubles as the lines need (a ring is touched all over as its
    // write position goes round, however little of it the kept lines fill): short lines (`seq`,
    // a build log) then cost their length, not a size picked for long ones.
    private const int InitialBytesPerLine = 8;
    private const int MinRingBytes = 64 * 1024;

    private readonly Line[] _lines;
    private readonly HistoryLineEncoder _encoder = new();
    private byte[] _bytes;
    private readonly int _maxBytes;
    // The line ring: the slot of the oldest kept line and how many are kept.
    private int _oldest;
    private int _count;
    // The byte ring: where the next line goes, and how many bytes the kept lines take (with the
    // tails they skipped so as not to wrap around the end).
    private int _write;
    private int _used;
    private ulong _end;

    /// <param name="capacity">Lines kept (at least 1).</param>
    public ScreenHistory(int capacity)
    {
        capacity = Math.Max(1, capacity);
        _lines = new Line[capacity];
        _maxBytes = (int)Math.Min(Math.Max((long)capacity * MaxBytesPerLine, MinRingBytes), Array.MaxLength / 2);
        _bytes = new byte[Math.Min(_maxBytes, Math.Max(MinRingBytes / 4, capacity * InitialBytesPerLine))];
    }

    /// <summary>How many of the newest lines are kept (fewer while the lines are very large, see the remarks).</summary>
    public int Capacity => _lines.Length;

    /// <summary>Number of the oldest line still kept (lines before it are lost).</summary>
    public ulong Start => _end - (ulong)_count;

    /// <summary>Number the next line will get: every line that ever left the screen is below it.</summary>
    public ulong End => _end;

    /// <summary>Lines kept.</summary>
    public int Count => _count;

    /// <summary>Memory the kept lines take: the ring of bytes and the index.</summary>
    public long FootprintBytes => _bytes.Length + (long)_lines.Length * IndexBytesPerLine;

    /// <summary>
    /// The most memory the kept lines can take whatever they hold: <see cref="MaxBytesPerLine"/>
    /// and <see cref="IndexBytesPerLine"/> per line of capacity (at least 64 KiB of ring).
    /// </summary>
    public long MaxFootprintBytes => _maxBytes + (long)_lines.Length * IndexBytesPerLine;

    /// <summary>The kept line numbered <paramref name="number"/> (<see cref="Start"/> ≤ number &lt; <see cref="End"/>), valid until the next append.</summary>
    public HistoryLine this[ulong number]
    {
        get
        {
            if (number < Start || number >= _end)
                throw new ArgumentOutOfRangeException(nameof(number));
            ref readonly Line line = ref _lines[Slot((int)(number - Start))];
            return new HistoryLine(_bytes.AsSpan(line.Offset, line.Length));
        }
    }

    /// <summary>Appends what <paramref name="row"/> shows now, pushing out the oldest line when full.</summary>
    internal void Append(Row row)
    {
        if (_count == _lines.Length)
            DropOldest();
        // Most lines: straight into the ring, where there is room for the most they can take
        // after the newest line. A flood keeps hundreds of thousands of lines a second, and a
        // copy through the scratch buffer is a good part of each one's cost.
        int columns = HistoryLineEncoder.Columns(row);
        int room = HistoryLineEncoder.MaxBytes(columns);
        if (_write + room <= _bytes.Length && _used + room <= _bytes.Length)
        {
            int length = HistoryLineEncoder.EncodeColumns(row, columns, _bytes.AsSpan(_write, room));
            Add(_write, length, length);
            return;
        }
        Encode(row);
        Store();
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
        Encode(row);
        for (int i = 0; i < keep; i++)
            Store();
    }

    /// <summary>Lets go of every kept line; the numbering goes on from <see cref="End"/>.</summary>
    public void Clear()
    {
        _count = 0;
        _write = 0;
        _used = 0;
    }

    /// <summary>Encodes the row; a line bigger than the whole ring (a tiny retention in a huge window) is cut until it fits.</summary>
    private void Encode(Row row)
    {
        _encoder.Encode(row);
        for (int columns = row.Width / 2; _encoder.Length > _maxBytes; columns /= 2)
            _encoder.Encode(row, columns);
    }

    /// <summary>Stores the line last encoded as the newest.</summary>
    private void Store()
    {
        if (_count == _lines.Length)
            DropOldest();
        ReadOnlySpan<byte> encoded = _encoder.Encoded;
        int offset = Place(encoded.Length, out int span);
        encoded.CopyTo(_bytes.AsSpan(offset));
        Add(offset, encoded.Length, span);
    }

    /// <summary>
    /// Takes the line just written at <paramref name="offset"/> into the ring as the newest:
    /// <paramref name="span"/> is what it takes of the ring (with the end's tail it skipped).
    /// </summary>
    private void Add(int offset, int length, int span)
    {
        _write = offset + length == _bytes.Length ? 0 : offset + length;
        _used += span;
        ref Line line = ref _lines[Slot(_count)];
        line.Offset = offset;
        line.Length = length;
        line.Span = span;
        _count++;
        _end++;
    }

    private int Slot(int index)
    {
        int slot = _oldest + index;
        return slot >= _lines.Length ? slot - _lines.Length : slot;
    }

    private void DropOldest()
    {
        _used -= _lines[_oldest].Span;
        _oldest = _oldest + 1 == _lines.Length ? 0 : _oldest + 1;
        if (--_count == 0)
        {
            _write = 0;
            _used = 0;
        }
    }

    /// <summary>
    /// Where <paramref name="size"/> contiguous bytes go: after the newest line, making room by
    /// pushing out the oldest lines or growing the ring. <paramref name="span"/> is what they
    /// will take of the ring (with the end's tail they skip, if any); <see cref="Add"/> takes it.
    /// </summary>
    private int Place(int size, out int span)
    {
        while (true)
        {
            int ring = _bytes.Length;
            // A line never wraps around the ring's end: it skips the tail.
            int skip = _write + size > ring ? ring - _write : 0;
            if (_used + skip + size <= ring)
            {
                span = skip + size;
                return skip > 0 ? 0 : _write;
            }
            if (_bytes.Length < _maxBytes && _count < _lines.Length)
                Grow();
            else if (_count > 0)
                DropOldest();
            else
                throw new InvalidOperationException("a line larger than the history's ring");
        }
    }

    /// <summary>Doubles the ring (up to its limit), laying the kept lines out again from its start.</summary>
    private void Grow()
    {
        var bytes = new byte[(int)Math.Min((long)_bytes.Length * 2, _maxBytes)];
        int position = 0;
        for (int i = 0; i < _count; i++)
        {
            ref Line line = ref _lines[Slot(i)];
            _bytes.AsSpan(line.Offset, line.Length).CopyTo(bytes.AsSpan(position));
            line.Offset = position;
            line.Span = line.Length;
            position += line.Length;
        }
        _bytes = bytes;
        _write = position == bytes.Length ? 0 : position;
        _used = position;
    }

    /// <summary>A kept line's place in the ring, and what it takes of it (with a tail it skipped).</summary>
    private struct Line
    {
        public int Offset;
        public int Length;
        public int Span;
    }
}
