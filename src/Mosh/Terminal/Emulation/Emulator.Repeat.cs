using Mosh.Terminal.Screen;
using Mosh.Terminal.Unicode;

namespace Mosh.Terminal.Emulation;

/// <summary>
/// REP (<c>CSI Ps b</c>, not in 1.4.0), exactly as xterm: the last character printed is printed
/// <c>Ps</c> more times (65535 at most, a larger count included), through the current
/// character set, wrapping and scrolling like ordinary text; after anything but a printed
/// character (a control, an escape or control sequence, a string, REP itself) there is nothing
/// to repeat. Combining marks do not count.
/// </summary>
/// <remarks>
/// The result is the same as printing the characters one by one, but the work is bounded by the
/// window's width plus its height per REP, not by the count: the characters are written a row at
/// a time, and the rows filled completely share one row (<see cref="Framebuffer.SharedFilledRow"/>)
/// that is put in place with a pointer per row, however many times it would have scrolled past.
/// </remarks>
public readonly partial struct Emulator
{
    private static void Repeat(Framebuffer fb, int lastGraphic, int count)
    {
        if (lastGraphic == 0 || count <= 0)
        {
            return;
        }
        int codePoint = lastGraphic < 0x80 ? CharacterSets.Map(fb.Charsets.Active, lastGraphic) : lastGraphic;
        int w = CharWidth.Of(codePoint);
        if (w <= 0)
        {
            return;
        }
        RepeatGraphic(fb, codePoint, w, count);
    }

    private static void RepeatGraphic(Framebuffer fb, int codePoint, int w, int count)
    {
        int width = fb.Width;
        int perRow = width / w;
        if (perRow == 0)
        {
            return; // a wide character in a one-column window is never shown (PrintGraphic)
        }

        if (!fb.Modes.AutoWrapMode)
        {
            // What fits up to the right edge; then a narrow character keeps landing in the last
            // column (once is enough) and a wide one is dropped.
            int fit = Math.Min(count, (width - fb.CursorColumn) / w);
            if (fit > 0)
            {
                WriteRun(fb, codePoint, w, fit);
            }
            if (count > fit && w == 1)
            {
                WriteRun(fb, codePoint, 1, 1);
            }
            return;
        }

        // The rest of the current row (after a pending wrap, a whole new one).
        if (fb.NextPrintWillWrap || (w == 2 && fb.CursorColumn == width - 1))
        {
            AdvanceToNextLine(fb);
        }
        int first = Math.Min(count, (width - fb.CursorColumn) / w);
        WriteRun(fb, codePoint, w, first);
        count -= first;
        if (count == 0)
        {
            return;
        }

        // Rows filled completely and followed by more, then the last (possibly partial) row.
        int fullRows = (count - 1) / perRow;
        int last = count - fullRows * perRow;
        if (fullRows > 0)
        {
            PutFullRows(fb, codePoint, w, fullRows);
        }
        AdvanceToNextLine(fb);
        WriteRun(fb, codePoint, w, last);
    }

    /// <summary>
    /// <paramref name="n"/> characters of width <paramref name="w"/> from the cursor, all on the
    /// cursor's row (the caller made sure they fit): the same cells, flags and cursor as
    /// <paramref name="n"/> calls of <see cref="PrintGraphic"/> without wrapping, in one pass.
    /// </summary>
    private static void WriteRun(Framebuffer fb, int codePoint, int w, int n)
    {
        int width = fb.Width;
        int col = fb.CursorColumn;
        Row row = fb.GetMutableRow(fb.CursorRow);
        if (fb.Modes.InsertMode)
        {
            row.InsertCells(col, n * w, fb.CurrentRenditions.Background);
            row.SoftWrapped = false;
            DropSplitWideCharacter(fb, row);
        }
        BlankWideCharacterLeftOf(fb, row, col);
        Span<Cell> cells = row.WritableCells;
        Cell cell = new(codePoint, fb.CurrentRenditions, w == 2 ? CellFlags.Wide : 0, fb.CurrentHyperlink);
        if (w == 1)
        {
            cells.Slice(col, n).Fill(cell);
        }
        else
        {
            Cell blank = fb.BlankCell;
            for (int i = 0; i < n; i++)
            {
                cells[col + 2 * i] = cell;
                cells[col + 2 * i + 1] = blank;
            }
        }
        int end = col + n * w;
        if (end >= width)
        {
            row.SoftWrapped = false;
        }
        fb.CombiningRow = fb.CursorRow;
        fb.CombiningColumn = end - w;
        fb.NextPrintWillWrap = end >= width;
        fb.CursorColumn = Math.Min(end, width - 1);
        SnapRow(fb);
    }

    /// <summary>What printing does at the end of a row: a pending wrap wraps; a wide character without room blanks the last cell and goes down unwrapped.</summary>
    private static void AdvanceToNextLine(Framebuffer fb)
    {
        if (fb.NextPrintWillWrap)
        {
            WrapToNextRow(fb);
            return;
        }
        FinishRow(fb);
        MoveColumn(fb, 0, false);
        MoveRowsAutoscroll(fb, 1);
    }

    /// <summary>The change to the cursor's row of leaving it at its end: the soft-wrap flag, or, for a wide character without room, a blank last cell and no wrap flag.</summary>
    private static void FinishRow(Framebuffer fb)
    {
        Row current = fb.GetRow(fb.CursorRow);
        if (fb.NextPrintWillWrap)
        {
            if (!current.SoftWrapped)
            {
                fb.GetMutableRow(fb.CursorRow).SoftWrapped = true;
            }
            return;
        }
        int width = fb.Width;
        if (current.SoftWrapped || !current[width - 1].InlineEquals(fb.BlankCell) || (width > 1 && current[width - 2].IsWide))
        {
            Row r = fb.GetMutableRow(fb.CursorRow);
            BlankWideCharacterLeftOf(fb, r, width - 1);
            r.WritableCells[width - 1] = fb.BlankCell;
            r.SoftWrapped = false;
        }
    }

    /// <summary>
    /// <paramref name="count"/> rows each filled completely, each followed by more output: the
    /// same screen as advancing a line and filling it <paramref name="count"/> times, with every
    /// filled row the shared one and the scrolling done at once.
    /// </summary>
    private static void PutFullRows(Framebuffer fb, int codePoint, int w, int count)
    {
        int width = fb.Width;
        // A full row as it stands once the next line has been started: soft-wrapped, or, for wide
        // characters in an odd width, ending in a blank cell and not wrapped.
        bool oddWide = w == 2 && (width & 1) != 0;
        Cell cell = new(codePoint, fb.CurrentRenditions, w == 2 ? CellFlags.Wide : 0, fb.CurrentHyperlink);
        Row full = fb.SharedFilledRow(cell, fb.BlankCell, softWrapped: !oddWide);

        // The row the cursor is on is finished as the next print would finish it (its wrap flag,
        // or a blank last cell); then come `count` line advances, each followed by a full row.
        FinishRow(fb);
        int remaining = count;
        int row = fb.CursorRow;
        int top = fb.ScrollTop;
        int bottom = fb.ScrollBottom;
        int lastRow = fb.Height - 1;
        if (row < top)
        {
            // Above the scroll region the cursor moves down freely, into the region's top row.
            int moves = Math.Min(remaining, top - row);
            for (int i = 1; i <= moves; i++)
            {
                fb.PutSharedRow(row + i, full);
            }
            row += moves;
            remaining -= moves;
        }
        if (remaining > 0 && row >= top && row <= bottom)
        {
            int moves = Math.Min(remaining, bottom - row);
            for (int i = 1; i <= moves; i++)
            {
                fb.PutSharedRow(row + i, full);
            }
            row += moves;
            remaining -= moves;
            if (remaining > 0)
            {
                // At the bottom margin each further row scrolls the region; once as many rows as
                // the region has have gone by, it holds nothing but filled rows (and rows already
                // filled cost a comparison).
                int span = bottom - top + 1;
                if (remaining >= span)
                {
                    fb.KeepRowsReplacedByRepeat(top, bottom, full, remaining - span);
                    for (int y = top; y <= bottom; y++)
                    {
                        fb.PutSharedRow(y, full);
                    }
                }
                else
                {
                    fb.ScrollUpIntoHistory(top, bottom, remaining);
                    for (int y = bottom - remaining + 1; y <= bottom; y++)
                    {
                        fb.PutSharedRow(y, full);
                    }
                }
            }
        }
        else if (remaining > 0)
        {
            // Below the scroll region: down to the last row, which then takes every further row.
            int moves = Math.Min(remaining, lastRow - row);
            for (int i = 1; i <= moves; i++)
            {
                fb.PutSharedRow(row + i, full);
            }
            row += moves;
            if (remaining > moves)
            {
                fb.PutSharedRow(lastRow, full);
            }
        }

        fb.CursorRow = row;
        fb.CursorColumn = width - 1;
        fb.NextPrintWillWrap = !oddWide;
        fb.CombiningRow = row;
        fb.CombiningColumn = oddWide ? width - 3 : width - w;
    }
}
