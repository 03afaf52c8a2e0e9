using Mosh.Terminal.Screen;
using Mosh.Terminal.Unicode;

namespace Mosh.Overlays.Prediction;

/// <summary>
/// Local echo (§7): guesses what the user's keystrokes will do to the screen, draws the guesses
/// over the newest server frame, and judges them once the server's echo_ack says the application
/// has seen the keystrokes. Deterministic (time is passed in), allocation-free in steady state.
/// </summary>
/// <remarks>
/// Calling order, as upstream's client loop: after each datagram, <see cref="SetLocalFrameAcked"/>,
/// <see cref="SetSendInterval"/> and <see cref="SetLocalFrameLateAcked"/>; before handling a read
/// from the terminal, <see cref="SetLocalFrameSent"/> then <see cref="NewUserInput"/> with the whole
/// read (upstream passes the frame it displayed last, overlays included); every frame,
/// <see cref="Cull"/> then <see cref="Apply"/> on a copy of the newest server frame.
/// </remarks>
public sealed class PredictionEngine
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

    /// <summary>A single read longer than this is a paste: guessing a whole paste only flickers, so nothing is predicted.</summary>
    public const int PasteThreshold = 100;

    /// <summary>While guesses are outstanding, wake this often so the glitch trigger can fire on time.</summary>
    private const int TimingCheckIntervalMs = 50;

    // Cursor guesses are kept per epoch and dropped when judged; more than this outstanding means
    // dozens of unechoed control keys, and the oldest (hidden behind newer ones) is dropped.
    private const int CursorCapacity = 64;

    private readonly PredictionDisplayMode _mode;
    private readonly bool _overwrite;

    private UserInputDecoder _decoder;

    // Row guesses by row number (reused across resets) and the order in which rows were made,
    // which is the order upstream judges them in.
    private RowPrediction?[] _rowsByNumber = [];
    private bool[] _rowInUse = [];
    private int[] _rowOrder = [];
    private int _rowCount;

    private readonly CursorPrediction[] _cursors = new CursorPrediction[CursorCapacity];
    private int _cursorCount;

    private ulong _localFrameSent;
    private ulong _localFrameAcked;
    private ulong _localFrameLateAcked;

    private ulong _predictionEpoch = 1;
    private ulong _confirmedEpoch;

    private bool _flagging;
    private bool _srttTrigger;
    private int _glitchTrigger;
    private long _lastQuickConfirmation = long.MinValue;
    private int _sendInterval = 250;
    private int _lastWidth;
    private int _lastHeight;

    public PredictionEngine(PredictionDisplayMode mode = PredictionDisplayMode.Adaptive, bool overwrite = false)
    {
        _mode = mode;
        _overwrite = overwrite;
    }

    public PredictionDisplayMode Mode => _mode;

    /// <summary><c>MOSH_PREDICTION_OVERWRITE=yes</c>: typing replaces the cell under the cursor instead of inserting.</summary>
    public bool Overwrite => _overwrite;

    /// <summary>Whether guesses are underlined (slow link or a long glitch).</summary>
    public bool Flagging => _flagging;

    /// <summary>Whether the SRTT trigger is on (adaptive mode shows guesses).</summary>
    public bool SrttTrigger => _srttTrigger;

    /// <summary>0 (off), ≥ 10 after a 250 ms glitch, 20 after a 5 s stall.</summary>
    public int GlitchTrigger => _glitchTrigger;

    /// <summary>Whether <see cref="Apply"/> currently draws anything at all.</summary>
    public bool IsShowing =>
        _mode != PredictionDisplayMode.Never
        && (_srttTrigger || _glitchTrigger > 0 || _mode == PredictionDisplayMode.Always || _mode == PredictionDisplayMode.Experimental);

    /// <summary>Number of the newest user-stream state sent; a new keystroke will travel in the next one.</summary>
    public void SetLocalFrameSent(ulong stateNumber) => _localFrameSent = stateNumber;

    /// <summary>Newest user-stream state the server acknowledged (kept for parity; judging uses the late ack).</summary>
    public void SetLocalFrameAcked(ulong stateNumber) => _localFrameAcked = stateNumber;

    /// <summary>The server's echo_ack: input up to this state reached the application at least 50 ms ago.</summary>
    public void SetLocalFrameLateAcked(ulong echoAck) => _localFrameLateAcked = echoAck;

    /// <summary>The transport's current send interval in ms.</summary>
    public void SetSendInterval(int milliseconds) => _sendInterval = milliseconds;

    /// <summary>Discards every guess and starts a new epoch (window resize, paste).</summary>
    public void Reset()
    {
        _cursorCount = 0;
        for (int i = 0; i < _rowCount; i++)
        {
            _rowInUse[_rowOrder[i]] = false;
        }
        _rowCount = 0;
        BecomeTentative();
    }

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

    /// <summary>How long the client may sleep as far as predictions are concerned.</summary>
    public int WaitTimeMs(long now)
    {
        // Timing matters until both the glitch trigger and underlining have fired.
        bool timingTestsNecessary = !(_glitchTrigger > 0 && _flagging);
        return timingTestsNecessary && HasOutstanding() ? TimingCheckIntervalMs : int.MaxValue;
    }

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

    // ---- Judging ----

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
        if (!cursor.Active)
        {
            return PredictionValidity.Inactive;
        }
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

    // ---- Display ----

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
            if (c.Active && !c.IsTentative(_confirmedEpoch) && c.Row < fb.Height && c.Column < fb.Width)
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

    // ---- Guessing ----

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

    /// <summary>A keystroke the engine cannot place: later guesses wait for proof in a new epoch.</summary>
    private void BecomeTentative()
    {
        if (_mode != PredictionDisplayMode.Experimental)
        {
            _predictionEpoch++;
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

    private ref CursorPrediction Cursor => ref _cursors[_cursorCount - 1];

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
