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

    /// <summary>
    /// The ring is made of chunks of this many bytes, added as the lines need them: it grows
    /// without copying what it holds and without leaving a smaller ring behind (a ring that
    /// doubles leaves the one it outgrew in memory until a full collection, as much again as
    /// it holds). Above the large-object threshold, so the collector never moves them. A line
    /// never spans two chunks; one bigger than a chunk (thousands of columns, every cell
    /// another colour) is cut until it fits.
    /// </summary>
    internal const int ChunkBytes = 128 * 1024;

    private readonly Line[] _lines;
    private readonly HistoryLineEncoder _encoder = new();
    // The chunks by number (a line says which it is in), and their order round the ring: the
    // kept lines run from the oldest, in this order, to the newest, which ends at the write
    // position; the bytes from there to the oldest are free.
    private readonly byte[][] _chunks;
    private readonly int[] _order;
    private int _chunkCount;
    // The line ring: the slot of the oldest kept line and how many are kept.
    private int _oldest;
    private int _count;
    // The write position: a place in the chunk order, and an offset in that chunk.
    private int _writeIndex;
    private int _writeOffset;
    private ulong _end;

    /// <param name="capacity">Lines kept (at least 1).</param>
    public ScreenHistory(int capacity)
    {
        capacity = Math.Max(1, capacity);
        _lines = new Line[capacity];
        int maxChunks = (int)Math.Max(1, (long)capacity * MaxBytesPerLine / ChunkBytes);
        _chunks = new byte[maxChunks][];
        _order = new int[maxChunks];
    }

    /// <summary>How many of the newest lines are kept (fewer while the lines are very large, see the remarks).</summary>
    public int Capacity => _lines.Length;

    /// <summary>Number of the oldest line still kept (lines before it are lost).</summary>
    public ulong Start => _end - (ulong)_count;

    /// <summary>Number the next line will get: every line that ever left the screen is below it.</summary>
    public ulong End => _end;

    /// <summary>Lines kept.</summary>
    public int Count => _count;

    /// <summary>Memory the kept lines take: the chunks of the ring and the index.</summary>
    public long FootprintBytes => (long)_chunkCount * ChunkBytes + (long)_lines.Length * IndexBytesPerLine;

    /// <summary>
    /// The most memory the kept lines can take whatever they hold: <see cref="MaxBytesPerLine"/>
    /// per line of capacity (in whole chunks, at least one) and <see cref="IndexBytesPerLine"/>.
    /// </summary>
    public long MaxFootprintBytes => (long)_chunks.Length * ChunkBytes + (long)_lines.Length * IndexBytesPerLine;

    /// <summary>The kept line numbered <paramref name="number"/> (<see cref="Start"/> ≤ number &lt; <see cref="End"/>), valid until the next append.</summary>
    public HistoryLine this[ulong number]
    {
        get
        {
            if (number < Start || number >= _end)
                throw new ArgumentOutOfRangeException(nameof(number));
            ref readonly Line line = ref _lines[Slot((int)(number - Start))];
            return new HistoryLine(_chunks[line.Chunk].AsSpan(line.Offset, line.Length));
        }
    }

    /// <summary>Appends what <paramref name="row"/> shows now, pushing out the oldest line when full.</summary>
    internal void Append(Row row)
    {
        bool mayGrow = MakeRoomForOne();
        // Most lines: straight into the ring, where there is room for the most they can take
        // after the newest line. A flood keeps hundreds of thousands of lines a second, and a
        // copy through the scratch buffer is a good part of each one's cost.
        int columns = HistoryLineEncoder.Columns(row);
        int room = HistoryLineEncoder.MaxBytes(columns);
        if (_chunkCount > 0 && _writeOffset + room <= ChunkBytes && !OldestWithin(_writeOffset + room))
        {
            int chunk = _order[_writeIndex];
            int length = HistoryLineEncoder.EncodeColumns(row, columns, _chunks[chunk].AsSpan(_writeOffset, room));
            Add(chunk, _writeOffset, length);
            return;
        }
        Encode(row);
        Store(mayGrow);
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
            Store(MakeRoomForOne());
    }

    /// <summary>Lets go of every kept line; the numbering goes on from <see cref="End"/>.</summary>
    public void Clear()
    {
        _count = 0;
        _writeOffset = 0;
    }

    /// <summary>Encodes the row; a line bigger than a chunk of the ring is cut until it fits.</summary>
    private void Encode(Row row)
    {
        _encoder.Encode(row);
        for (int columns = row.Width / 2; _encoder.Length > ChunkBytes; columns /= 2)
            _encoder.Encode(row, columns);
    }

    /// <summary>Stores the line last encoded as the newest (<paramref name="mayGrow"/>: no line was pushed out for it).</summary>
    private void Store(bool mayGrow)
    {
        ReadOnlySpan<byte> encoded = _encoder.Encoded;
        int offset = Place(encoded.Length, mayGrow);
        int chunk = _order[_writeIndex];
        encoded.CopyTo(_chunks[chunk].AsSpan(offset));
        Add(chunk, offset, encoded.Length);
    }

    /// <summary>Takes the line just written at the write position (in <paramref name="chunk"/>, at <paramref name="offset"/>) into the ring as the newest.</summary>
    private void Add(int chunk, int offset, int length)
    {
        _writeOffset = offset + length;
        ref Line line = ref _lines[Slot(_count)];
        line.Chunk = chunk;
        line.Offset = offset;
        line.Length = length;
        _count++;
        _end++;
    }

    private int Slot(int index)
    {
        int slot = _oldest + index;
        return slot >= _lines.Length ? slot - _lines.Length : slot;
    }

    /// <summary>
    /// Before a line is kept: pushes out the oldest when the retention is full. Returns whether
    /// the ring may grow for the new line (it may not when a line was pushed out for it).
    /// </summary>
    private bool MakeRoomForOne()
    {
        if (_count < _lines.Length)
            return true;
        DropOldest();
        return false;
    }

    private void DropOldest()
    {
        _oldest = _oldest + 1 == _lines.Length ? 0 : _oldest + 1;
        _count--;
    }

    /// <summary>Whether the oldest line lies in the write position's chunk, from the write position up to <paramref name="end"/> (ahead of it: the ring went round).</summary>
    private bool OldestWithin(int end)
    {
        if (_count == 0)
            return false;
        ref readonly Line oldest = ref _lines[_oldest];
        return oldest.Chunk == _order[_writeIndex] && oldest.Offset >= _writeOffset && oldest.Offset < end;
    }

    /// <summary>
    /// Moves the write position to where <paramref name="size"/> contiguous bytes go and returns
    /// their offset: after the newest line, or at the start of the next chunk when this one has
    /// not that much left, making room by pushing out the oldest lines or, while they all fit
    /// (<paramref name="mayGrow"/>), by adding a chunk.
    /// </summary>
    private int Place(int size, bool mayGrow)
    {
        while (true)
        {
            if (_chunkCount == 0)
            {
                AddChunk();
                continue;
            }
            int end = _writeOffset + size;
            if (end <= ChunkBytes)
            {
                if (!OldestWithin(end))
                    return _writeOffset;
                // The oldest line is in the way in this chunk: no chunk can go in between.
                DropOldest();
                continue;
            }
            // On to the next chunk. What is left of this one ahead of the write position holds
            // the oldest lines, if any: skipped, they go.
            if (OldestWithin(ChunkBytes))
            {
                DropOldest();
                continue;
            }
            int next = _writeIndex + 1 == _chunkCount ? 0 : _writeIndex + 1;
            if (mayGrow && _chunkCount < _chunks.Length && _count > 0 && _lines[_oldest].Chunk == _order[next])
            {
                // The next chunk holds the oldest lines: a new one goes in between.
                AddChunk();
                continue;
            }
            _writeIndex = next;
            _writeOffset = 0;
        }
    }

    /// <summary>A new chunk right after the write position's, which becomes the write position (at its start).</summary>
    private void AddChunk()
    {
        int chunk = _chunkCount;
        _chunks[chunk] = new byte[ChunkBytes];
        int at = _chunkCount == 0 ? 0 : _writeIndex + 1;
        Array.Copy(_order, at, _order, at + 1, _chunkCount - at);
        _order[at] = chunk;
        _chunkCount++;
        _writeIndex = at;
        _writeOffset = 0;
    }

    /// <summary>A kept line's place in the ring: its chunk, its offset there, its length.</summary>
    private struct Line
    {
        public int Chunk;
        public int Offset;
        public int Length;
    }
}
