using Mosh.Terminal.Screen;

namespace Mosh.Overlays.Prediction;

// Display: the shown guesses drawn over a copy of the newest server frame.
public sealed partial class PredictionEngine
{
    /// <summary>Whether <see cref="Apply"/> currently draws anything at all.</summary>
    public bool IsShowing =>
        _mode != PredictionDisplayMode.Never
        && (_srttTrigger || _glitchTrigger > 0 || _mode == PredictionDisplayMode.Always || _mode == PredictionDisplayMode.Experimental);

    /// <summary>
    /// Draws the shown guesses into <paramref name="fb"/> (a copy of the newest server frame):
    /// confirmed-epoch cells replace the server's, underlined when flagging, and the predicted
    /// cursor replaces the real one.
    /// </summary>
    public void Apply(Framebuffer fb)
    {
        if (!IsShowing)
        {
            return;
        }
        for (int i = 0; i < _cursorCount; i++)
        {
            ref readonly CursorPrediction c = ref _cursors[i];
            if (!c.IsTentative(_confirmedEpoch) && c.Row < fb.Height && c.Column < fb.Width)
            {
                fb.CursorRow = c.Row;
                fb.CursorColumn = c.Column;
                fb.NextPrintWillWrap = false;
            }
        }
        for (int i = 0; i < _rowCount; i++)
        {
            ApplyRow(_rowsByNumber[_rowOrder[i]]!, fb);
        }
    }

    private void ApplyRow(RowPrediction row, Framebuffer fb)
    {
        int y = row.RowNumber;
        if (y >= fb.Height)
        {
            return;
        }
        Row? writable = null;
        Span<CellPrediction> cells = row.Cells;
        int width = Math.Min(cells.Length, fb.Width);
        for (int col = 0; col < width; col++)
        {
            ref readonly CellPrediction cell = ref cells[col];
            if (!cell.Active || cell.IsTentative(_confirmedEpoch))
            {
                continue;
            }
            Row actual = writable ?? fb.GetRow(y);
            bool flag = _flagging && !(cell.Replacement.IsBlank && actual[col].IsBlank);
            if (cell.Unknown)
            {
                // Unknown contents are never drawn; the last column is left alone (it may hold a wrap).
                if (flag && col != fb.Width - 1)
                {
                    writable ??= fb.GetMutableRow(y);
                    ref Cell target = ref writable.WritableCells[col];
                    target = new Cell(target.CodePoint, target.Renditions.With(RenditionAttributes.Underline, true), target.Flags);
                }
                continue;
            }
            if (!row.ReplacementEquals(col, actual))
            {
                writable ??= fb.GetMutableRow(y);
                row.Draw(col, writable, flag);
            }
        }
    }
}
