namespace Mosh.Overlays.Prediction;

// Storage: the guesses themselves, per row and per cursor move, reused so that predicting
// allocates only when the screen grows.
public sealed partial class PredictionEngine
{
    // Cursor guesses are kept per epoch and dropped when judged; more than this outstanding means
    // dozens of unechoed control keys, and the oldest (hidden behind newer ones) is dropped.
    private const int CursorCapacity = 64;

    // Row guesses by row number (reused across resets) and the order in which rows were made,
    // which is the order upstream judges them in.
    private RowPrediction?[] _rowsByNumber = [];
    private bool[] _rowInUse = [];
    private int[] _rowOrder = [];
    private int _rowCount;

    private readonly CursorPrediction[] _cursors = new CursorPrediction[CursorCapacity];
    private int _cursorCount;

    /// <summary>Whether any guess (cell or cursor) is outstanding.</summary>
    public bool HasOutstanding()
    {
        if (_cursorCount > 0)
        {
            return true;
        }
        for (int i = 0; i < _rowCount; i++)
        {
            foreach (ref readonly CellPrediction c in _rowsByNumber[_rowOrder[i]]!.Cells)
            {
                if (c.Active)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private ref CursorPrediction Cursor => ref _cursors[_cursorCount - 1];

    private void PushCursor(in CursorPrediction cursor)
    {
        if (_cursorCount == CursorCapacity)
        {
            Array.Copy(_cursors, 1, _cursors, 0, CursorCapacity - 1);
            _cursorCount--;
        }
        _cursors[_cursorCount++] = cursor;
    }

    private RowPrediction GetOrMakeRow(int rowNumber, int width)
    {
        if (rowNumber >= _rowsByNumber.Length)
        {
            int capacity = Math.Max(rowNumber + 1, _rowsByNumber.Length * 2);
            Array.Resize(ref _rowsByNumber, capacity);
            Array.Resize(ref _rowInUse, capacity);
            Array.Resize(ref _rowOrder, capacity);
        }
        RowPrediction row = _rowsByNumber[rowNumber] ??= new RowPrediction();
        if (!_rowInUse[rowNumber])
        {
            row.Initialize(rowNumber, width, _predictionEpoch);
            _rowInUse[rowNumber] = true;
            _rowOrder[_rowCount++] = rowNumber;
        }
        return row;
    }

    private void RemoveRowAt(int orderIndex)
    {
        _rowInUse[_rowOrder[orderIndex]] = false;
        Array.Copy(_rowOrder, orderIndex + 1, _rowOrder, orderIndex, _rowCount - orderIndex - 1);
        _rowCount--;
    }
}
