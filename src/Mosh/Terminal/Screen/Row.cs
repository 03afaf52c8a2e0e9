using System.Runtime.InteropServices;

namespace Mosh.Terminal.Screen;

/// <summary>
/// One line of cells plus its soft-wrap flag. Rows are shared between framebuffer copies and
/// reference-counted: a framebuffer clones a row before writing to it when anyone else holds it
/// (copy-on-write). <see cref="Id"/> is the row's identity: it survives scrolling (the row object
/// just moves) and changes whenever the row is written, so equal ids imply equal contents.
/// </summary>
/// <remarks>
/// Rows, like framebuffers, are single-threaded objects. Hold rows only through a
/// <see cref="Framebuffer"/> (copy): a row nobody counts may be wiped and reused by the next
/// scroll or erase, so a bare reference kept across writes can later show other contents.
/// </remarks>
public sealed class Row
{
    /// <summary>Upper bound on the UTF-8 contents of one cell (base + combining marks).</summary>
    public const int MaxContentsBytes = 4 + CombiningMarks.Capacity;

    private const int PoolCapacity = 4096;

    [ThreadStatic]
    private static Stack<Row>? t_pool;

    private static long s_nextId;

    private Cell[] _cells;
    private int _width;
    // Parallel to _cells, allocated on the first combining mark of this row and kept for reuse;
    // an entry is meaningful only where the cell has CellFlags.HasMarks.
    private CombiningMarks[]? _marks;
    private int _refCount;

    private Row(int width)
    {
        _cells = new Cell[width];
        _width = width;
    }

    /// <summary>The identity of this row's current contents (see the type remarks).</summary>
    public long Id { get; private set; }

    public int Width => _width;

    /// <summary>Set when printing continued past the last column onto the next row (auto-wrap).</summary>
    public bool SoftWrapped { get; internal set; }

    public ReadOnlySpan<Cell> Cells => new(_cells, 0, _width);

    public ref readonly Cell this[int column] => ref _cells[column];

    internal Span<Cell> WritableCells => new(_cells, 0, _width);

    internal int RefCount => _refCount;

    internal static Row Rent(int width, Color background)
    {
        Row? row = null;
        Stack<Row>? pool = t_pool;
        if (pool is not null && pool.TryPop(out Row? pooled))
        {
            row = pooled;
            if (row._cells.Length < width)
            {
                row._cells = new Cell[width];
                row._marks = null;
            }
            row._width = width;
        }
        row ??= new Row(width);
        row._refCount = 1;
        row.SoftWrapped = false;
        row.Id = NewId();
        row.WritableCells.Fill(Cell.Blank(background));
        return row;
    }

    internal void AddRef() => _refCount++;

    /// <summary>
    /// A blank row of this width in place of this one: this row itself, wiped and given a new
    /// identity, when no one else holds it (the common case when scrolling); otherwise a pooled one.
    /// </summary>
    internal Row Recycle(Color background)
    {
        if (_refCount == 1)
        {
            Id = NewId();
            SoftWrapped = false;
            WritableCells.Fill(Cell.Blank(background));
            return this;
        }
        Release();
        return Rent(_width, background);
    }

    /// <summary>Drops one reference; the last one returns the row to this thread's pool.</summary>
    internal void Release()
    {
        if (--_refCount == 0)
        {
            Stack<Row> pool = t_pool ??= new Stack<Row>(64);
            if (pool.Count < PoolCapacity)
            {
                pool.Push(this);
            }
        }
    }

    /// <summary>A private copy of this row (refcount 1, new identity) for writing.</summary>
    internal Row CloneForWrite()
    {
        Row copy = Rent(_width, default);
        Cells.CopyTo(copy.WritableCells);
        copy.SoftWrapped = SoftWrapped;
        if (_marks is not null)
        {
            copy.EnsureMarks();
            new ReadOnlySpan<CombiningMarks>(_marks, 0, _width).CopyTo(copy._marks);
        }
        return copy;
    }

    /// <summary>Gives the row a new identity: called on every write.</summary>
    internal void Touch() => Id = NewId();

    // Identities are handed out from per-thread blocks so that the write path needs no atomic
    // operation; blocks come from one global counter, so identities never repeat across threads.
    private const long IdBlock = 1 << 16;

    [ThreadStatic]
    private static long t_nextId;

    [ThreadStatic]
    private static long t_idLimit;

    private static long NewId()
    {
        long id = t_nextId;
        if (id == t_idLimit)
        {
            id = Interlocked.Add(ref s_nextId, IdBlock) - IdBlock + 1;
            t_idLimit = id + IdBlock - 1;
        }
        t_nextId = id + 1;
        return id;
    }

    /// <summary>Writes the cell's contents (base then combining marks) as UTF-8; 0 bytes for an empty cell.</summary>
    public int GetContentsUtf8(int column, Span<byte> destination)
    {
        ref readonly Cell cell = ref _cells[column];
        if (cell.IsEmpty)
        {
            return 0;
        }
        int n = EncodeUtf8(cell.CodePoint, destination);
        if (cell.HasCombiningMarks && _marks is not null)
        {
            ReadOnlySpan<byte> marks = _marks[column].AsSpan();
            marks.CopyTo(destination[n..]);
            n += marks.Length;
        }
        return n;
    }

    /// <summary>The combining marks of a cell as UTF-8 (empty when it has none).</summary>
    public ReadOnlySpan<byte> GetCombiningMarks(int column) =>
        _cells[column].HasCombiningMarks && _marks is not null ? _marks[column].AsSpan() : default;

    /// <summary>Full cell equality (contents including combining marks, width, fallback, renditions).</summary>
    public bool CellEquals(int column, Row other, int otherColumn)
    {
        ref readonly Cell a = ref _cells[column];
        ref readonly Cell b = ref other._cells[otherColumn];
        if (!a.InlineEquals(b))
        {
            return false;
        }
        return !a.HasCombiningMarks || GetCombiningMarks(column).SequenceEqual(other.GetCombiningMarks(otherColumn));
    }

    /// <summary>Same width, wrap flag and cells (identity first, then a vectorized compare of cell memory).</summary>
    public bool ContentEquals(Row other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (_width != other._width || SoftWrapped != other.SoftWrapped)
        {
            return false;
        }
        if (!MemoryMarshal.AsBytes(Cells).SequenceEqual(MemoryMarshal.AsBytes(other.Cells)))
        {
            return false;
        }
        if (_marks is null && other._marks is null)
        {
            return true;
        }
        ReadOnlySpan<Cell> cells = Cells;
        for (int i = 0; i < cells.Length; i++)
        {
            if (cells[i].HasCombiningMarks && !GetCombiningMarks(i).SequenceEqual(other.GetCombiningMarks(i)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Appends a combining mark to a cell unless its contents already reach 32 bytes (upstream's
    /// limit, checked before appending). The caller has made the row writable.
    /// </summary>
    internal void AppendMark(int column, int codePoint)
    {
        ref Cell cell = ref _cells[column];
        int baseLength = Utf8Length(cell.CodePoint);
        EnsureMarks();
        ref CombiningMarks marks = ref _marks![column];
        if (!cell.HasCombiningMarks)
        {
            marks.Length = 0;
        }
        if (baseLength + marks.Length >= 32)
        {
            return;
        }
        int n = EncodeUtf8(codePoint, ((Span<byte>)marks.Bytes)[marks.Length..]);
        marks.Length += (byte)n;
        cell = cell.WithFlags(cell.Flags | CellFlags.HasMarks);
    }

    /// <summary>Inserts <paramref name="count"/> cells at <paramref name="column"/>; the row's tail falls off.</summary>
    internal void InsertCells(int column, int count, in Cell blank)
    {
        count = Math.Min(count, _width - column);
        if (count <= 0)
        {
            return;
        }
        Span<Cell> cells = WritableCells;
        cells[column..(_width - count)].CopyTo(cells[(column + count)..]);
        cells.Slice(column, count).Fill(blank);
        if (_marks is not null)
        {
            Span<CombiningMarks> marks = _marks.AsSpan(0, _width);
            marks[column..(_width - count)].CopyTo(marks[(column + count)..]);
        }
    }

    /// <summary>Deletes <paramref name="count"/> cells at <paramref name="column"/>; blanks enter at the end.</summary>
    internal void DeleteCells(int column, int count, in Cell blank)
    {
        count = Math.Min(count, _width - column);
        if (count <= 0)
        {
            return;
        }
        Span<Cell> cells = WritableCells;
        cells[(column + count)..].CopyTo(cells[column..]);
        cells[(_width - count)..].Fill(blank);
        if (_marks is not null)
        {
            Span<CombiningMarks> marks = _marks.AsSpan(0, _width);
            marks[(column + count)..].CopyTo(marks[column..]);
        }
    }

    /// <summary>Changes the width: cells are truncated or padded with <paramref name="blank"/>.</summary>
    internal void Resize(int width, in Cell blank)
    {
        if (width > _cells.Length)
        {
            Cell[] cells = new Cell[width];
            Cells.CopyTo(cells);
            _cells = cells;
            if (_marks is not null)
            {
                CombiningMarks[] marks = new CombiningMarks[width];
                _marks.AsSpan(0, _width).CopyTo(marks);
                _marks = marks;
            }
        }
        if (width > _width)
        {
            _cells.AsSpan(_width, width - _width).Fill(blank);
        }
        _width = width;
    }

    private void EnsureMarks()
    {
        if (_marks is null || _marks.Length < _width)
        {
            CombiningMarks[] marks = new CombiningMarks[_cells.Length];
            _marks?.CopyTo(marks, 0);
            _marks = marks;
        }
    }

    internal static int Utf8Length(int codePoint) =>
        codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

    internal static int EncodeUtf8(int cp, Span<byte> destination)
    {
        if (cp < 0x80)
        {
            destination[0] = (byte)cp;
            return 1;
        }
        if (cp < 0x800)
        {
            destination[0] = (byte)(0xC0 | (cp >> 6));
            destination[1] = (byte)(0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000)
        {
            destination[0] = (byte)(0xE0 | (cp >> 12));
            destination[1] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            destination[2] = (byte)(0x80 | (cp & 0x3F));
            return 3;
        }
        destination[0] = (byte)(0xF0 | (cp >> 18));
        destination[1] = (byte)(0x80 | ((cp >> 12) & 0x3F));
        destination[2] = (byte)(0x80 | ((cp >> 6) & 0x3F));
        destination[3] = (byte)(0x80 | (cp & 0x3F));
        return 4;
    }
}
