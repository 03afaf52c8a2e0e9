using Mosh.Terminal.Screen;
using Mosh.Terminal.Unicode;

namespace Mosh.Overlays.Prediction;

// Guessing: each keystroke turned into cell and cursor predictions on the frame last shown.
public sealed partial class PredictionEngine
{
    /// <summary>A single read longer than this is a paste: guessing a whole paste only flickers, so nothing is predicted.</summary>
    public const int PasteThreshold = 100;

    private UserInputDecoder _decoder;

    /// <summary>
    /// Takes one read from the user's terminal. A read of more than <see cref="PasteThreshold"/>
    /// bytes is a paste: all guesses are discarded and none are made (the bytes are not decoded).
    /// </summary>
    public void NewUserInput(ReadOnlySpan<byte> bytes, Framebuffer current, long now)
    {
        if (bytes.Length > PasteThreshold)
        {
            Reset();
            return;
        }
        for (int i = 0; i < bytes.Length; i++)
        {
            NewUserByte(bytes[i], current, now);
        }
    }

    private void NewUserByte(byte b, Framebuffer fb, long now)
    {
        if (_mode == PredictionDisplayMode.Never)
        {
            return;
        }
        if (_mode == PredictionDisplayMode.Experimental)
        {
            _predictionEpoch = _confirmedEpoch;
        }

        Cull(fb, now);

        int n = _decoder.Feed(b, out UserInputAction first, out UserInputAction second);
        if (n > 0)
        {
            Act(first, fb, now);
        }
        if (n > 1)
        {
            Act(second, fb, now);
        }
    }

    private void Act(UserInputAction action, Framebuffer fb, long now)
    {
        switch (action.Kind)
        {
            case UserInputActionKind.Print:
                InitCursor(fb);
                int ch = action.Value;
                if (ch == 0x7F)
                {
                    Backspace(fb, now);
                }
                else if (ch < 0x20 || CharWidth.Of(ch) != 1)
                {
                    // Wide and zero-width characters: too hard to place; wait for the server.
                    BecomeTentative();
                }
                else
                {
                    PrintCharacter(ch, fb, now);
                }
                break;

            case UserInputActionKind.Execute:
                BecomeTentative();
                if (action.Value == 0x0D)
                {
                    NewlineCarriageReturn(fb, now);
                }
                break;

            case UserInputActionKind.EscDispatch:
                BecomeTentative();
                break;

            case UserInputActionKind.CsiDispatch:
                if (action.Value == 'C')
                {
                    InitCursor(fb);
                    ref CursorPrediction cursor = ref Cursor;
                    if (cursor.Column < fb.Width - 1)
                    {
                        cursor.Column++;
                        cursor.Expire(_localFrameSent + 1);
                    }
                }
                else if (action.Value == 'D')
                {
                    InitCursor(fb);
                    ref CursorPrediction cursor = ref Cursor;
                    if (cursor.Column > 0)
                    {
                        cursor.Column--;
                        cursor.Expire(_localFrameSent + 1);
                    }
                }
                else
                {
                    BecomeTentative();
                }
                break;
        }
    }

    private void PrintCharacter(int ch, Framebuffer fb, long now)
    {
        int width = fb.Width;
        ref CursorPrediction cursor = ref Cursor;
        RowPrediction row = GetOrMakeRow(cursor.Row, width);
        Span<CellPrediction> cells = row.Cells;
        Row actual = fb.GetRow(cursor.Row);
        ulong expiration = _localFrameSent + 1;

        if (cursor.Column + 1 >= width)
        {
            // The last column is ambiguous (an editor may show a wrap mark, a shell just prints).
            BecomeTentative();
        }

        if (!_overwrite)
        {
            // Insert: shift the rest of the row right; what falls in from the left edge of the
            // shift is known, the last column's new contents are not.
            for (int i = width - 1; i > cursor.Column; i--)
            {
                ref CellPrediction cell = ref StartPrediction(row, i, expiration, now);
                cell.Originals.Add(CellContents.Of(actual, i));

                ref readonly CellPrediction previous = ref cells[i - 1];
                if (i == width - 1)
                {
                    cell.Unknown = true;
                }
                else if (previous.Active)
                {
                    cell.Unknown = previous.Unknown;
                    if (!previous.Unknown)
                    {
                        row.CopyReplacement(i, i - 1);
                    }
                }
                else
                {
                    cell.Unknown = false;
                    row.SetReplacementFrom(i, actual, i - 1);
                }
            }
        }

        int col = cursor.Column;
        ref CellPrediction typed = ref StartPrediction(row, col, expiration, now);

        // Guess the renditions of the character to the left, else the current SGR.
        Renditions renditions = fb.CurrentRenditions;
        if (col > 0)
        {
            ref readonly CellPrediction left = ref cells[col - 1];
            renditions = left.Active && !left.Unknown ? left.Replacement.Renditions : actual[col - 1].Renditions;
        }
        typed.Replacement = new Cell(ch, renditions, CellFlags.None);
        typed.Originals.Add(CellContents.Of(actual, col));

        cursor.Expire(expiration);
        if (cursor.Column < width - 1)
        {
            cursor.Column++;
        }
        else
        {
            BecomeTentative();
            NewlineCarriageReturn(fb, now);
        }
    }

    private void Backspace(Framebuffer fb, long now)
    {
        int width = fb.Width;
        ref CursorPrediction cursor = ref Cursor;
        RowPrediction row = GetOrMakeRow(cursor.Row, width);
        if (cursor.Column <= 0)
        {
            return;
        }
        Span<CellPrediction> cells = row.Cells;
        Row actual = fb.GetRow(cursor.Row);
        ulong expiration = _localFrameSent + 1;

        cursor.Column--;
        cursor.Expire(expiration);

        if (_overwrite)
        {
            int col = cursor.Column;
            ref CellPrediction cell = ref StartPrediction(row, col, expiration, now);
            // As upstream, "the original" here is the cell under the real cursor (not the
            // predicted one): it is credited against and lends its colours to the space.
            Row cursorRow = fb.GetRow(fb.CursorRow);
            cell.Originals.Add(CellContents.Of(cursorRow, fb.CursorColumn));
            cell.Replacement = new Cell(' ', cursorRow[fb.CursorColumn].Renditions, CellFlags.None);
            return;
        }

        // Delete: shift the rest of the row left; the last two columns become unknown.
        for (int i = cursor.Column; i < width; i++)
        {
            ref CellPrediction cell = ref StartPrediction(row, i, expiration, now);
            cell.Originals.Add(CellContents.Of(actual, i));

            if (i + 2 < width)
            {
                ref readonly CellPrediction next = ref cells[i + 1];
                if (next.Active)
                {
                    cell.Unknown = next.Unknown;
                    if (!next.Unknown)
                    {
                        row.CopyReplacement(i, i + 1);
                    }
                }
                else
                {
                    cell.Unknown = false;
                    row.SetReplacementFrom(i, actual, i + 1);
                }
            }
            else
            {
                cell.Unknown = true;
            }
        }
    }

    /// <summary>CR (or wrapping past the last column): cursor to column 0 of the next row; at the bottom, a blank last row instead of a scroll.</summary>
    private void NewlineCarriageReturn(Framebuffer fb, long now)
    {
        InitCursor(fb);
        ref CursorPrediction cursor = ref Cursor;
        cursor.Column = 0;
        if (cursor.Row == fb.Height - 1)
        {
            // Scrolling is not predicted; only the blank line the scroll would bring.
            RowPrediction row = GetOrMakeRow(cursor.Row, fb.Width);
            ulong expiration = _localFrameSent + 1;
            foreach (ref CellPrediction cell in row.Cells)
            {
                cell.Active = true;
                cell.TentativeUntilEpoch = _predictionEpoch;
                cell.Expire(expiration, now);
                cell.Replacement = new Cell(0, cell.Replacement.Renditions, CellFlags.None);
            }
        }
        else
        {
            cursor.Row++;
        }
    }

    /// <summary>Makes cell <paramref name="col"/> a fresh, active guess of the current epoch, keeping what it replaces as an original.</summary>
    private ref CellPrediction StartPrediction(RowPrediction row, int col, ulong expiration, long now)
    {
        ResetWithOriginal(row, col);
        ref CellPrediction cell = ref row.Cells[col];
        cell.Active = true;
        cell.TentativeUntilEpoch = _predictionEpoch;
        cell.Expire(expiration, now);
        return ref cell;
    }

    private static void ResetWithOriginal(RowPrediction row, int col)
    {
        ref CellPrediction cell = ref row.Cells[col];
        if (!cell.Active || cell.Unknown)
        {
            cell.Reset();
            return;
        }
        // The guess being replaced may already be on screen: a later identical guess earns no credit.
        cell.Originals.Add(row.ReplacementContents(col));
        cell.Expiration = ulong.MaxValue;
        cell.TentativeUntilEpoch = ulong.MaxValue;
        cell.Active = false;
    }

    private void InitCursor(Framebuffer fb)
    {
        if (_cursorCount == 0)
        {
            PushCursor(new CursorPrediction(_localFrameSent + 1, fb.CursorRow, fb.CursorColumn, _predictionEpoch));
        }
        else if (Cursor.TentativeUntilEpoch != _predictionEpoch)
        {
            ref CursorPrediction last = ref Cursor;
            PushCursor(new CursorPrediction(_localFrameSent + 1, last.Row, last.Column, _predictionEpoch));
        }
    }
}
