using System.Runtime.InteropServices;
using Mosh.Terminal.Unicode;

namespace Mosh.Terminal.Screen;

/// <summary>
/// One line of cells plus its soft-wrap flag. Rows are shared between framebuffer copies and
/// reference-counted: a framebuffer clones a row before writing to it when anyone else holds it
/// (copy-on-write). <see cref="Id"/> is the row's identity: it survives scrolling (the row object
/// just moves) and changes whenever the row is written, so equal ids imply equal contents.
/// </summary>
/// <remarks>
/// Two things are kept lazily because text output writes rows far more often than anyone looks:
/// a written row gets its new identity only when <see cref="Id"/> is next read, and the row
/// remembers how far from the left it has been written since it was last blank, so wiping it
/// for reuse (a line feed at the bottom) clears only that part.
/// </remarks>
/// <remarks>
/// Rows, like framebuffers, are single-threaded objects. Hold rows only through a
/// <see cref="Framebuffer"/> (copy): a row nobody counts may be wiped and reused by the next
/// scroll or erase, so a bare reference kept across writes can later show other contents.
/// </remarks>
public sealed class Row
{
    /// <summary>Upper bound on the UTF-8 contents of one cell (base + combining marks).</summary>
    public const int MaxContentsBytes = 4 + CombiningMarks.Capacity;

    private Cell[] _cells;
    private int _width;
    // Parallel to _cells, allocated on the first combining mark of this row and kept for reuse;
    // an entry is meaningful only where the cell has CellFlags.HasMarks.
    private CombiningMarks[]? _marks;
    private int _refCount;
    private long _id;
    // Written since _id was handed out: the next read of Id takes a new one.
    private bool _idStale;
    // Cells from _blankFrom to the end are known to be Cell.Blank(_blankBackground).
    private int _blankFrom;
    private Color _blankBackground;

    /// <summary>A new row; <see cref="RowPool.Rent"/> gives it contents, a reference and an identity.</summary>
    internal Row(int width)
    {
        _cells = new Cell[width];
        _width = width;
        _blankFrom = width;
    }

    /// <summary>The identity of this row's current contents (see the type remarks).</summary>
    public long Id
    {
        get
        {
            if (_idStale)
            {
                _id = RowIdAllocator.Next();
                _idStale = false;
            }
            return _id;
        }
    }

    public int Width => _width;

    /// <summary>How many cells the row's storage holds (at least <see cref="Width"/>; more after a narrowing resize).</summary>
    internal int StorageWidth => _cells.Length;

    /// <summary>Set when printing continued past the last column onto the next row (auto-wrap).</summary>
    public bool SoftWrapped { get; internal set; }

    public ReadOnlySpan<Cell> Cells => new(_cells, 0, _width);

    public ref readonly Cell this[int column] => ref _cells[column];

    /// <summary>
    /// Cells <paramref name="start"/>..<paramref name="end"/> become blank with
    /// <paramref name="background"/> (an erase); the caller has made the row writable.
    /// </summary>
    internal void Erase(int start, int end, Color background)
    {
        CellFill.Blank(new Span<Cell>(_cells, 0, _width)[start..(end + 1)], background);
        if (_blankFrom <= end + 1 && background.Value == _blankBackground.Value)
        {
            // Joins the blank tail: everything from start on is blank now.
            _blankFrom = Math.Min(_blankFrom, start);
        }
        else
        {
            _blankFrom = Math.Max(_blankFrom, end + 1);
        }
    }

    /// <summary>Every cell, for a writer that may change any of them.</summary>
    internal Span<Cell> WritableCells
    {
        get
        {
            _blankFrom = _width;
            return new(_cells, 0, _width);
        }
    }

    /// <summary>Cells <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> − 1 only, for a writer that changes nothing else.</summary>
    internal Span<Cell> WritableRange(int start, int length)
    {
        Span<Cell> range = new Span<Cell>(_cells, 0, _width).Slice(start, length);
        _blankFrom = Math.Max(_blankFrom, start + length);
        return range;
    }

    /// <summary>
    /// Every cell, for a writer that does not know beforehand how far it will write: it reports
    /// the end with <see cref="MarkWrittenTo"/> (until then the row may think written cells blank).
    /// </summary>
    internal Span<Cell> UnmarkedCells => new(_cells, 0, _width);

    /// <summary>Cells before <paramref name="end"/> may have been written (see <see cref="UnmarkedCells"/>).</summary>
    internal void MarkWrittenTo(int end) => _blankFrom = Math.Max(_blankFrom, end);

    internal int RefCount => _refCount;

    /// <summary>Columns up to the last one that may show anything (cells beyond are known blank with the default background).</summary>
    internal int WrittenWidth
    {
        get
        {
            int end = _blankBackground.Value == 0 ? _blankFrom : _width;
            while (end > 0 && _cells[end - 1].InlineEquals(default))
                end--;
            return end;
        }
    }

    /// <summary>Whether a cell may carry combining marks (the row has their side store).</summary>
    internal bool MayHaveCombiningMarks => _marks is not null;

    /// <summary>Makes this new or pooled row a blank row of <paramref name="width"/> with one reference and a new identity.</summary>
    internal void InitializeBlank(int width, Color background)
    {
        if (_cells.Length < width)
        {
            _cells = new Cell[width];
            _marks = null;
            _blankFrom = width;
        }
        else if (width != _width)
        {
            _blankFrom = width;
        }
        _width = width;
        _refCount = 1;
        Wipe(background);
    }

    /// <summary>Makes this new or pooled row a copy of <paramref name="source"/>'s contents, with one reference and a new identity.</summary>
    internal void InitializeCopyOf(Row source)
    {
        int width = source._width;
        if (_cells.Length < width)
        {
            _cells = new Cell[width];
            _marks = null;
        }
        _width = width;
        _refCount = 1;
        _idStale = true;
        source.Cells.CopyTo(new Span<Cell>(_cells, 0, width));
        SoftWrapped = source.SoftWrapped;
        _blankFrom = source._blankFrom;
        _blankBackground = source._blankBackground;
        if (source._marks is not null)
        {
            EnsureMarks();
            new ReadOnlySpan<CombiningMarks>(source._marks, 0, width).CopyTo(_marks);
        }
    }

    /// <summary>Blank cells with <paramref name="background"/>, unwrapped, with a new identity; clears only what was written.</summary>
    private void Wipe(Color background)
    {
        Span<Cell> cells = new(_cells, 0, _width);
        if (background.Value != _blankBackground.Value)
        {
            _blankFrom = _width;
        }
        CellFill.Blank(cells[.._blankFrom], background);
        _blankFrom = 0;
        _blankBackground = background;
        SoftWrapped = false;
        _idStale = true;
    }

    /// <summary>
    /// Wipes this row in place for a blank of <paramref name="background"/> (new identity) when no
    /// one else holds it and it is blank with that background beyond what was written since it
    /// was last wiped: the cost is then those cells, which their writing already paid for.
    /// Returns false, having done nothing, otherwise.
    /// </summary>
    internal bool TryWipeWritten(Color background)
    {
        if (_refCount != 1 || background.Value != _blankBackground.Value)
        {
            return false;
        }
        Wipe(background);
        return true;
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
            Wipe(background);
            return this;
        }
        Release();
        return RowPool.Rent(_width, background);
    }

    /// <summary>Drops one reference; the last one returns the row to this thread's pool.</summary>
    internal void Release()
    {
        if (--_refCount == 0)
        {
            RowPool.Return(this);
        }
    }

    /// <summary>A private copy of this row (refcount 1, new identity) for writing.</summary>
    internal Row CloneForWrite() => RowPool.RentCopyOf(this);

    /// <summary>Gives the row a new identity (taken when next read): called on every write.</summary>
    internal void Touch() => _idStale = true;

    /// <summary>Writes the cell's contents (base then combining marks) as UTF-8; 0 bytes for an empty cell.</summary>
    public int GetContentsUtf8(int column, Span<byte> destination)
    {
        ref readonly Cell cell = ref _cells[column];
        if (cell.IsEmpty)
        {
            return 0;
        }
        int n = Utf8Encoder.Encode(cell.CodePoint, destination);
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
        ref Cell cell = ref WritableRange(column, 1)[0];
        int baseLength = Utf8Encoder.Length(cell.CodePoint);
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
        int n = Utf8Encoder.Encode(codePoint, ((Span<byte>)marks.Bytes)[marks.Length..]);
        marks.Length += (byte)n;
        cell = cell.WithFlags(cell.Flags | CellFlags.HasMarks);
    }

    /// <summary>Inserts <paramref name="count"/> cells at <paramref name="column"/>; the row's tail falls off.</summary>
    internal void InsertCells(int column, int count, Color background)
    {
        count = Math.Min(count, _width - column);
        if (count <= 0)
        {
            return;
        }
        Span<Cell> cells = WritableCells;
        cells[column..(_width - count)].CopyTo(cells[(column + count)..]);
        CellFill.Blank(cells.Slice(column, count), background);
        if (_marks is not null)
        {
            Span<CombiningMarks> marks = _marks.AsSpan(0, _width);
            marks[column..(_width - count)].CopyTo(marks[(column + count)..]);
        }
    }

    /// <summary>Deletes <paramref name="count"/> cells at <paramref name="column"/>; blanks enter at the end.</summary>
    internal void DeleteCells(int column, int count, Color background)
    {
        count = Math.Min(count, _width - column);
        if (count <= 0)
        {
            return;
        }
        Span<Cell> cells = WritableCells;
        cells[(column + count)..].CopyTo(cells[column..]);
        CellFill.Blank(cells[(_width - count)..], background);
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
        _blankFrom = width;
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
}
