using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Display;

/// <summary>
/// Drawing one row over what the receiver shows there: runs of unchanged cells passed over,
/// runs of printable ASCII appended at once, erases where the rest of the row is blank.
/// </summary>
public sealed partial class FrameRenderer
{
    /// <summary>
    /// Draws row <paramref name="y"/> of <paramref name="f"/> over what the receiver shows there
    /// (<paramref name="old"/>, null for a blank row). Returns true when the row ended with a
    /// soft wrap that was drawn: the next row's first cell is then printed at once, so the
    /// receiver's own auto-wrap marks this row as wrapped.
    /// </summary>
    private bool PutRow(bool initialized, Framebuffer f, int y, Row? old, bool wrap)
    {
        Row row = f.GetRow(y);
        int width = f.Width;
        int x = 0;
        // A column that must be drawn even if it equals the old cell (a wide character just
        // printed blanked it).
        int forced = Unknown;
        bool wroteLastCell = false;

        if (wrap)
        {
            ref readonly Cell first = ref row[0];
            UpdateRenditions(in first);
            UpdateHyperlink(first.Hyperlink);
            AppendCell(row, 0);
            x = AdvancePast(row, 0, drawn: true, ref forced);
            if (first.Width >= width)
            {
                wroteLastCell = true;
                _cursorRow = Unknown;
                _cursorColumn = Unknown;
            }
            else
            {
                _cursorColumn = first.Width;
            }
        }

        bool wrapThis = row.SoftWrapped;
        if (initialized && forced == Unknown && IsSame(row, old))
        {
            if (!wroteLastCell)
                return false;
            // The first cell filled the row, and writing the last column clears the receiver's
            // wrap flag: only the continuation below can set it again.
            x = width;
        }
        if (initialized && old is not null && old.SoftWrapped && !wrapThis)
        {
            // Only a whole-row erase clears the receiver's wrap flag; then redraw it all.
            SilentMove(y, 0);
            UpdateRenditions(default, force: false);
            _output.Append("\e[2K"u8);
            old = null;
            x = 0;
            forced = Unknown;
            wroteLastCell = false;
        }

        // The receiver's row must end in a drawn soft wrap: make sure the last column is written.
        bool forceLast = wrapThis && y < f.Height - 1 && (!initialized || old is null || !old.SoftWrapped);

        int clearCount = 0;
        Renditions blankRenditions = default;
        int blankLink = 0;
        // Cells the receiver already shows can be passed over a run at a time, comparing cell
        // memory, when cell equality is just that: over a blank row (empty default cells), or no
        // combining marks on either side and one link table. The run stops short of the last two
        // columns when the last one must be drawn.
        bool skipRuns = initialized
            && (old is null || (_sameLinkTable && !row.MayHaveCombiningMarks && !old.MayHaveCombiningMarks));
        int runEnd = forceLast ? width - 2 : width;

        while (x < width)
        {
            ref readonly Cell cell = ref row[x];
            int cellWidth = cell.Width;

            if (initialized && clearCount == 0 && x != forced
                && !(forceLast && x + cellWidth >= width)
                && CellMatches(row, x, old))
            {
                if (skipRuns && x + 1 < runEnd)
                {
                    // What stepping cell by cell would do: an unchanged wide cell's right half is
                    // passed over when it matches too and examined on its own when not.
                    x += 1 + (old is null ? EmptyCells(row, x + 1, runEnd) : MatchingCells(row, old, x + 1, runEnd));
                    continue;
                }
                x = AdvancePast(row, x, drawn: false, ref forced, old);
                continue;
            }

            if (cell.IsEmpty)
            {
                if (clearCount == 0)
                {
                    blankRenditions = cell.Renditions;
                    blankLink = cell.Hyperlink;
                }
                if (cell.HasRenditions(in blankRenditions) && cell.Hyperlink == blankLink)
                {
                    clearCount++;
                    x++;
                    continue;
                }
            }

            if (clearCount > 0)
            {
                SilentMove(y, x - clearCount);
                UpdateRenditions(blankRenditions, force: false);
                UpdateHyperlink(blankLink);
                if (CanErase && _capabilities.EraseCharacters && clearCount > 4)
                {
                    AppendCsi(clearCount, (byte)'X');
                }
                else
                {
                    _output.AppendRepeated((byte)' ', clearCount);
                    _cursorColumn = x;
                }
                clearCount = 0;
                if (cell.IsEmpty)
                {
                    blankRenditions = cell.Renditions;
                    blankLink = cell.Hyperlink;
                    clearCount = 1;
                    x++;
                    continue;
                }
            }

            SilentMove(y, x);
            UpdateRenditions(in cell);
            UpdateHyperlink(cell.Hyperlink);
            if (x + cellWidth > width)
            {
                // A wide character in the last column (printed there with auto-wrap off): the
                // receiver would wrap it, so print it the same way and restore the default.
                _output.Append("\e[?7l"u8);
                AppendCell(row, x);
                _output.Append("\e[?7h"u8);
            }
            else
            {
                AppendCell(row, x);
            }
            if (x + cellWidth >= width)
            {
                // The receiver now waits in the last column with a pending wrap: any relative
                // move from here would be computed from the wrong column (§5.6 quirk).
                wroteLastCell = true;
                _cursorRow = Unknown;
                _cursorColumn = Unknown;
            }
            else
            {
                _cursorColumn = x + cellWidth;
            }
            x = AdvancePast(row, x, drawn: true, ref forced);
            if (cellWidth == 1 && _cursorRow == y && _cursorColumn == x && !_linksInUse)
                x = AppendAsciiRun(row, initialized ? old : null, x, width - 1);
        }

        if (clearCount > 0)
        {
            SilentMove(y, x - clearCount);
            UpdateRenditions(blankRenditions, force: false);
            UpdateHyperlink(blankLink);
            if (CanErase && !wrapThis)
            {
                _output.Append("\e[K"u8);
            }
            else
            {
                _output.AppendRepeated((byte)' ', clearCount);
                wroteLastCell = true;
                _cursorRow = Unknown;
                _cursorColumn = Unknown;
            }
        }

        if (wroteLastCell && y < f.Height - 1)
        {
            _cursorRow = y + 1;
            _cursorColumn = 0;
            if (wrapThis)
                return true;
            _output.Append("\r\n"u8);
        }
        return false;
    }

    /// <summary>
    /// The column after cell <paramref name="x"/>. A wide cell covers the next column only when
    /// that column holds the blank a wide print leaves behind; otherwise the next column is a
    /// cell of its own (overwritten after the wide character was printed) and, if the wide cell
    /// was just drawn, must be drawn again.
    /// </summary>
    private int AdvancePast(Row row, int x, bool drawn, ref int forced, Row? old = null)
    {
        ref readonly Cell cell = ref row[x];
        if (!cell.IsWide || x + 1 >= row.Width)
            return x + 1 + (cell.IsWide ? 1 : 0);
        ref readonly Cell next = ref row[x + 1];
        // An unchanged wide cell covers the next column only if the receiver's next column is
        // that blank too (it may hold a character printed over the wide one's right half).
        if (next.InlineEquals(Cell.Blank(cell.Renditions.Background)) && (drawn || CellMatches(row, x + 1, old)))
            return x + 2;
        if (drawn)
            forced = x + 1;
        return x + 1;
    }

    /// <summary>
    /// After a narrow cell was drawn with the cursor now at <paramref name="start"/>: draws the
    /// cells from there that the loop would draw next without any move, rendition or link change
    /// (printable ASCII, one column, the current renditions, differing from
    /// <paramref name="old"/>, null when every cell is drawn), up to but not including
    /// <paramref name="end"/>. Returns the column after them, where the cursor now is.
    /// </summary>
    private int AppendAsciiRun(Row row, Row? old, int start, int end)
    {
        ReadOnlySpan<Cell> cells = row.Cells;
        ReadOnlySpan<Cell> shown = old is null ? default : old.Cells;
        end = Math.Min(end, cells.Length);
        if (old is not null)
            end = Math.Min(end, shown.Length);
        int x = start;
        while (x < end)
        {
            ref readonly Cell cell = ref cells[x];
            if (!cell.IsNarrowAscii || !cell.HasRenditions(in _renditions) || (old is not null && cell.InlineEquals(shown[x])))
                break;
            x++;
        }
        if (x > start)
        {
            Span<byte> destination = _output.GetSpan(x - start);
            for (int i = start; i < x; i++)
                destination[i - start] = (byte)cells[i].CodePoint;
            _output.Advance(x - start);
            _cursorColumn = x;
        }
        return x;
    }

    /// <summary>How many cells from <paramref name="start"/> (before <paramref name="end"/>) are bytewise equal in the two rows.</summary>
    private static int MatchingCells(Row row, Row old, int start, int end)
    {
        end = Math.Min(end, old.Width);
        if (start >= end)
            return 0;
        ReadOnlySpan<byte> a = MemoryMarshal.AsBytes(row.Cells[start..end]);
        ReadOnlySpan<byte> b = MemoryMarshal.AsBytes(old.Cells[start..end]);
        return a.CommonPrefixLength(b) / Unsafe.SizeOf<Cell>();
    }

    /// <summary>How many cells from <paramref name="start"/> (before <paramref name="end"/>) are empty with the default renditions, as a blank row's are.</summary>
    private static int EmptyCells(Row row, int start, int end)
    {
        if (start >= end)
            return 0;
        int nonEmpty = MemoryMarshal.AsBytes(row.Cells[start..end]).IndexOfAnyExcept((byte)0);
        return nonEmpty < 0 ? end - start : nonEmpty / Unsafe.SizeOf<Cell>();
    }

    /// <summary>Whether the receiver already shows cell <paramref name="x"/> (old rows are the last frame's; links compared by value when the two frames' link tables differ).</summary>
    private bool CellMatches(Row row, int x, Row? old) =>
        old is null
            ? row[x].InlineEquals(default)
            : row.CellEquals(x, old, x)
              && (_sameLinkTable || HyperlinkTable.SameLink(_target.Hyperlinks, row[x].Hyperlink, _lastLinks, old[x].Hyperlink));

    /// <summary>Whether the receiver's row already equals <paramref name="row"/> (cells and wrap flag).</summary>
    private bool IsSame(Row row, Row? old)
    {
        if (old is null)
            return !row.SoftWrapped && MemoryMarshal.AsBytes(row.Cells).IndexOfAnyExcept((byte)0) < 0;
        return row.ContentEquals(old) && (_sameLinkTable || Framebuffer.SameHyperlinks(row, _target.Hyperlinks, old, _lastLinks));
    }
}
