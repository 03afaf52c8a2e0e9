using System.Buffers;
using System.Text;
using Mosh.Terminal.Screen;

namespace Mosh.Overlays.Prediction;

/// <summary>
/// The guesses for one screen row: one <see cref="CellPrediction"/> per column. Kept by the engine
/// per row number and reused after a reset, so predicting allocates only when the screen grows.
/// </summary>
internal sealed class RowPrediction
{
    private CellPrediction[] _cells = [];
    // Combining marks of replacements copied from real cells; allocated on the first such copy.
    private CombiningMarks[]? _marks;

    public int RowNumber { get; private set; }

    public int Width { get; private set; }

    public Span<CellPrediction> Cells => _cells.AsSpan(0, Width);

    /// <summary>Prepares the row for use: every cell inactive, tentative in <paramref name="epoch"/>, blank replacement.</summary>
    public void Initialize(int rowNumber, int width, ulong epoch)
    {
        RowNumber = rowNumber;
        Width = width;
        if (_cells.Length < width)
        {
            _cells = new CellPrediction[width];
            _marks = null;
        }
        Span<CellPrediction> cells = Cells;
        for (int i = 0; i < cells.Length; i++)
        {
            ref CellPrediction c = ref cells[i];
            c.Reset();
            c.Expiration = 0;
            c.TentativeUntilEpoch = epoch;
            c.PredictionTime = long.MaxValue;
            c.Replacement = default;
        }
    }

    public ReadOnlySpan<byte> ReplacementMarks(int column) =>
        _cells[column].Replacement.HasCombiningMarks && _marks is not null ? _marks[column].AsSpan() : default;

    public CellContents ReplacementContents(int column) =>
        CellContents.Of(_cells[column].Replacement, ReplacementMarks(column));

    /// <summary>Sets a replacement copied from a real cell (with its combining marks).</summary>
    public void SetReplacementFrom(int column, Row source, int sourceColumn)
    {
        Cell cell = source[sourceColumn];
        _cells[column].Replacement = cell;
        if (cell.HasCombiningMarks)
        {
            StoreMarks(column, source.GetCombiningMarks(sourceColumn));
        }
    }

    /// <summary>Copies another cell's replacement (within this row).</summary>
    public void CopyReplacement(int column, int fromColumn)
    {
        Cell cell = _cells[fromColumn].Replacement;
        _cells[column].Replacement = cell;
        if (cell.HasCombiningMarks)
        {
            StoreMarks(column, ReplacementMarks(fromColumn));
        }
    }

    /// <summary>Draws the replacement of <paramref name="column"/> into a row the caller made writable.</summary>
    public void Draw(int column, Row target, bool underline)
    {
        Cell cell = _cells[column].Replacement;
        Renditions r = cell.Renditions;
        if (underline)
        {
            r = r.With(RenditionAttributes.Underline, true);
        }
        target.WritableCells[column] = new Cell(cell.CodePoint, r, cell.Flags & ~CellFlags.HasMarks);
        if (cell.HasCombiningMarks)
        {
            ReadOnlySpan<byte> marks = ReplacementMarks(column);
            while (!marks.IsEmpty && Rune.DecodeFromUtf8(marks, out Rune rune, out int used) == OperationStatus.Done)
            {
                target.AppendMark(column, rune.Value);
                marks = marks[used..];
            }
        }
    }

    /// <summary>Full equality of the replacement with a real cell (contents, marks, width, renditions).</summary>
    public bool ReplacementEquals(int column, Row actual)
    {
        ref readonly Cell mine = ref _cells[column].Replacement;
        ref readonly Cell theirs = ref actual[column];
        return mine.InlineEquals(theirs)
            && (!mine.HasCombiningMarks || ReplacementMarks(column).SequenceEqual(actual.GetCombiningMarks(column)));
    }

    private void StoreMarks(int column, ReadOnlySpan<byte> marks)
    {
        _marks ??= new CombiningMarks[_cells.Length];
        ref CombiningMarks m = ref _marks[column];
        int n = Math.Min(marks.Length, CombiningMarks.Capacity);
        marks[..n].CopyTo(m.Bytes);
        m.Length = (byte)n;
    }
}
