using Mosh.Terminal.Screen;

namespace Mosh.Overlays.Prediction;

// Judging: outstanding guesses against each new server frame, the epochs that decide which
// guesses may be shown, and the triggers that decide whether anything is shown or underlined.
public sealed partial class PredictionEngine
{
    // All thresholds are on the send interval, clamp(ceil(SRTT / 2), 20, 250) ms (§7.2).

    /// <summary>Above this send interval (SRTT ≳ 60 ms) the link is slow enough to be worth showing guesses.</summary>
    private const int SrttTriggerHigh = 30;

    /// <summary>Stop showing only at the minimum interval (SRTT ≲ 40 ms); the gap to 30 is hysteresis against flapping.</summary>
    private const int SrttTriggerLow = 20;

    /// <summary>Above this (SRTT ≳ 160 ms) guesses stay visibly wrong long enough that they must be marked (underlined).</summary>
    private const int FlagTriggerHigh = 80;

    /// <summary>Stop underlining at SRTT ≲ 100 ms; the gap to 80 is hysteresis.</summary>
    private const int FlagTriggerLow = 50;

    /// <summary>A guess unconfirmed this long is a glitch the user notices even on a fast link, so show guesses.</summary>
    private const long GlitchThresholdMs = 250;

    /// <summary>A guess unconfirmed this long means the link is stalling: show and underline.</summary>
    private const long GlitchFlagThresholdMs = 5000;

    /// <summary>Quick confirmations needed to cure the glitch trigger; a trigger above it also forces underlining.</summary>
    private const int GlitchRepairCount = 10;

    /// <summary>Quick confirmations count at most once per this interval, so one burst of echo cannot cure a glitch.</summary>
    private const long GlitchRepairMinIntervalMs = 150;

    // Guesses are grouped in epochs: a keystroke the engine cannot place starts a new one, and a
    // guess is shown only once the server has confirmed one of its epoch or of a later one.
    private ulong _predictionEpoch = 1;
    private ulong _confirmedEpoch;

    private bool _flagging;
    private bool _srttTrigger;
    private int _glitchTrigger;
    private long _lastQuickConfirmation = long.MinValue;
    private int _lastWidth;
    private int _lastHeight;

    /// <summary>Whether guesses are underlined (slow link or a long glitch).</summary>
    public bool Flagging => _flagging;

    /// <summary>Whether the SRTT trigger is on (adaptive mode shows guesses).</summary>
    public bool SrttTrigger => _srttTrigger;

    /// <summary>0 (off), ≥ 10 after a 250 ms glitch, 20 after a 5 s stall.</summary>
    public int GlitchTrigger => _glitchTrigger;

    /// <summary>Judges outstanding guesses against the newest server frame and updates the triggers.</summary>
    public void Cull(Framebuffer fb, long now)
    {
        if (_mode == PredictionDisplayMode.Never)
        {
            return;
        }
        if (fb.Height != _lastHeight || fb.Width != _lastWidth)
        {
            _lastHeight = fb.Height;
            _lastWidth = fb.Width;
            Reset();
        }

        if (_sendInterval > SrttTriggerHigh)
        {
            _srttTrigger = true;
        }
        else if (_srttTrigger && _sendInterval <= SrttTriggerLow && !HasOutstanding())
        {
            // Only switch off when nothing is being shown, so guesses never vanish mid-word.
            _srttTrigger = false;
        }

        if (_sendInterval > FlagTriggerHigh)
        {
            _flagging = true;
        }
        else if (_sendInterval <= FlagTriggerLow)
        {
            _flagging = false;
        }

        if (_glitchTrigger > GlitchRepairCount)
        {
            _flagging = true;
        }

        for (int i = 0; i < _rowCount; i++)
        {
            int rowNumber = _rowOrder[i];
            if (rowNumber >= fb.Height)
            {
                RemoveRowAt(i--);
                continue;
            }
            RowPrediction row = _rowsByNumber[rowNumber]!;
            Row actual = fb.GetRow(rowNumber);
            Span<CellPrediction> cells = row.Cells;
            for (int col = 0; col < cells.Length; col++)
            {
                ref CellPrediction cell = ref cells[col];
                switch (Validity(row, col, fb, actual))
                {
                    case PredictionValidity.IncorrectOrExpired:
                        if (cell.IsTentative(_confirmedEpoch))
                        {
                            if (_mode == PredictionDisplayMode.Experimental)
                            {
                                cell.Reset();
                            }
                            else
                            {
                                KillEpoch(cell.TentativeUntilEpoch, fb);
                            }
                        }
                        else if (_mode == PredictionDisplayMode.Experimental)
                        {
                            cell.Reset();
                        }
                        else
                        {
                            // A guess the user saw was wrong: nothing else can be trusted either.
                            Reset();
                            return;
                        }
                        break;

                    case PredictionValidity.Correct:
                        if (cell.TentativeUntilEpoch > _confirmedEpoch)
                        {
                            _confirmedEpoch = cell.TentativeUntilEpoch;
                        }
                        // Quick confirmations slowly take the glitch trigger away again.
                        if (now - cell.PredictionTime < GlitchThresholdMs && _glitchTrigger > 0
                            && (_lastQuickConfirmation == long.MinValue || now - _lastQuickConfirmation >= GlitchRepairMinIntervalMs))
                        {
                            _glitchTrigger--;
                            _lastQuickConfirmation = now;
                        }
                        // The application's colours are now known: use them for the rest of the row.
                        Renditions real = actual[col].Renditions;
                        for (int k = col; k < cells.Length; k++)
                        {
                            ref Cell r = ref cells[k].Replacement;
                            r = new Cell(r.CodePoint, real, r.Flags);
                        }
                        cell.Reset();
                        break;

                    case PredictionValidity.CorrectNoCredit:
                        cell.Reset();
                        break;

                    case PredictionValidity.Pending:
                        long age = now - cell.PredictionTime;
                        if (age >= GlitchFlagThresholdMs)
                        {
                            _glitchTrigger = GlitchRepairCount * 2;
                        }
                        else if (age >= GlitchThresholdMs && _glitchTrigger < GlitchRepairCount)
                        {
                            _glitchTrigger = GlitchRepairCount;
                        }
                        break;
                }
            }
        }

        if (_cursorCount > 0 && CursorValidity(_cursors[_cursorCount - 1], fb) == PredictionValidity.IncorrectOrExpired)
        {
            if (_mode == PredictionDisplayMode.Experimental)
            {
                _cursorCount = 0;
            }
            else
            {
                Reset();
                return;
            }
        }

        int kept = 0;
        for (int i = 0; i < _cursorCount; i++)
        {
            if (CursorValidity(_cursors[i], fb) == PredictionValidity.Pending)
            {
                _cursors[kept++] = _cursors[i];
            }
        }
        _cursorCount = kept;
    }

    private PredictionValidity Validity(RowPrediction row, int col, Framebuffer fb, Row actual)
    {
        ref readonly CellPrediction cell = ref row.Cells[col];
        if (!cell.Active)
        {
            return PredictionValidity.Inactive;
        }
        if (row.RowNumber >= fb.Height || col >= fb.Width)
        {
            return PredictionValidity.IncorrectOrExpired;
        }
        if (_localFrameLateAcked < cell.Expiration)
        {
            return PredictionValidity.Pending;
        }
        if (cell.Unknown)
        {
            return PredictionValidity.CorrectNoCredit;
        }
        CellContents predicted = row.ReplacementContents(col);
        if (predicted.IsBlank)
        {
            // Blanks appear for too many reasons to count as evidence.
            return PredictionValidity.CorrectNoCredit;
        }
        if (CellContents.Of(actual, col) != predicted)
        {
            return PredictionValidity.IncorrectOrExpired;
        }
        return cell.Originals.Contains(predicted) ? PredictionValidity.CorrectNoCredit : PredictionValidity.Correct;
    }

    private PredictionValidity CursorValidity(in CursorPrediction cursor, Framebuffer fb)
    {
        if (cursor.Row >= fb.Height || cursor.Column >= fb.Width)
        {
            return PredictionValidity.IncorrectOrExpired;
        }
        if (_localFrameLateAcked < cursor.Expiration)
        {
            return PredictionValidity.Pending;
        }
        return fb.CursorColumn == cursor.Column && fb.CursorRow == cursor.Row
            ? PredictionValidity.Correct
            : PredictionValidity.IncorrectOrExpired;
    }

    /// <summary>Drops the guesses of <paramref name="epoch"/> and later ones; the cursor falls back to the real one.</summary>
    private void KillEpoch(ulong epoch, Framebuffer fb)
    {
        int kept = 0;
        for (int i = 0; i < _cursorCount; i++)
        {
            if (!_cursors[i].IsTentative(epoch - 1))
            {
                _cursors[kept++] = _cursors[i];
            }
        }
        _cursorCount = kept;
        PushCursor(new CursorPrediction(_localFrameSent + 1, fb.CursorRow, fb.CursorColumn, _predictionEpoch));

        for (int i = 0; i < _rowCount; i++)
        {
            foreach (ref CellPrediction c in _rowsByNumber[_rowOrder[i]]!.Cells)
            {
                if (c.IsTentative(epoch - 1))
                {
                    c.Reset();
                }
            }
        }
        BecomeTentative();
    }

    /// <summary>A keystroke the engine cannot place: later guesses wait for proof in a new epoch.</summary>
    private void BecomeTentative()
    {
        if (_mode != PredictionDisplayMode.Experimental)
        {
            _predictionEpoch++;
        }
    }
}
