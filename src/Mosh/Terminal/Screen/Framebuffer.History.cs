namespace Mosh.Terminal.Screen;

/// <summary>
/// Lines leaving the top of the main screen, for the session's history (protocol §14.3). As in
/// xterm, only scrolling with the top margin at the first row keeps lines (a line feed or index
/// at the bottom margin, SU, REP running past the bottom); deleting lines, erasing and anything
/// on the alternate screen keeps none.
/// </summary>
public sealed partial class Framebuffer
{
    /// <summary>
    /// Where lines scrolled off the top go; null (the default, and always on the client) keeps
    /// none. Belongs to the live terminal only: copies do not take it.
    /// </summary>
    public ScreenHistory? History { get; set; }

    /// <summary>Whether scrolling rows <paramref name="top"/>.. up now keeps the lines that leave.</summary>
    private bool KeepsHistory(int top) => History is not null && top == 0 && !_alternateScreen;

    /// <summary>Scrolls as <see cref="ScrollUp"/>, keeping the lines that leave the top of the main screen.</summary>
    internal void ScrollUpIntoHistory(int top, int bottom, int count)
    {
        if (KeepsHistory(top) && count > 0 && bottom >= top)
        {
            int leaving = Math.Min(count, bottom - top + 1);
            for (int y = 0; y < leaving; y++)
                History!.Append(_rows[y]);
        }
        ScrollUp(top, bottom, count);
    }

    /// <summary>
    /// Before rows <paramref name="top"/>..<paramref name="bottom"/> are all replaced by
    /// <paramref name="repeated"/> (REP running past the bottom): the rows there leave, then
    /// <paramref name="repeatedLeaving"/> copies of the repeated row.
    /// </summary>
    internal void KeepRowsReplacedByRepeat(int top, int bottom, Row repeated, long repeatedLeaving)
    {
        if (!KeepsHistory(top))
            return;
        for (int y = top; y <= bottom; y++)
            History!.Append(_rows[y]);
        History!.AppendRepeated(repeated, repeatedLeaving);
    }

    /// <summary>
    /// Resizes as a terminal that keeps its cursor's row in view does (xterm, tmux), for a
    /// session whose history the client shows in its terminal's scrollback (§14.3): rows that no
    /// longer fit above the cursor leave from the top, into the history, and rows below it from
    /// the bottom. The client's terminal, shrinking, pushes the same top rows into its own
    /// scrollback; cut from the bottom (§8.10, what upstream does), the rows below would be lost
    /// and the rows on top would come again as history later. The alternate screen keeps no
    /// history and is cut from the bottom as ever; the main screen set aside meanwhile shrinks
    /// keeping the saved cursor's row.
    /// </summary>
    internal void ResizeKeepingCursorRow(int width, int height)
    {
        if (_alternateScreen)
        {
            KeepSavedCursorRowOfMainScreen(height);
        }
        else if (RowsAboveCursorBeyond(height) is var excess and > 0)
        {
            ScrollUpIntoHistory(0, Height - 1, excess);
            CursorRow -= excess;
            CombiningRow = -1;
            CombiningColumn = -1;
        }
        Resize(width, height);
    }

    /// <summary>
    /// While the alternate screen is shown, the main screen set aside shrinks as the client's
    /// terminal shrinks its own (at once, or as tmux does, when it shows it again): keeping the
    /// row of the cursor saved on entering the alternate screen, where leaving it (1049) puts
    /// the cursor back. The rows above that no longer fit go into the history; the alternate
    /// screen itself is cut from the bottom as ever.
    /// </summary>
    private void KeepSavedCursorRowOfMainScreen(int height)
    {
        int savedRow = Math.Min(SavedForAlternateScreen.Row, Height - 1);
        int excess = RowsAboveBeyond(savedRow, height);
        if (excess == 0)
            return;
        RowRing main = _otherRows!;
        for (int y = 0; y < excess; y++)
            History?.Append(main[y]);
        // The rows that left come round to the bottom, which the resize then cuts.
        main.RotateUp(0, Height - 1, excess);
        SavedForAlternateScreen.Row = savedRow - excess;
    }

    /// <summary>How many rows a terminal keeping its cursor's row pushes off the top when it shrinks to <paramref name="height"/>.</summary>
    internal int RowsAboveCursorBeyond(int height) => RowsAboveBeyond(CursorRow, height);

    /// <summary>How many rows a terminal keeping row <paramref name="row"/> in view pushes off the top when it shrinks to <paramref name="height"/>.</summary>
    private static int RowsAboveBeyond(int row, int height) => Math.Max(0, row + 1 - Math.Max(1, height));
}
