namespace Mosh.Terminal.Screen;

/// <summary>
/// Rows that one framebuffer holds in several places at once: the blank row that erasing and a
/// fresh alternate screen share, and the full row that REP repeats. Both are ordinary
/// reference-counted rows; this framebuffer keeps one reference of its own to each, so no slot
/// can ever write them in place (writing goes through <see cref="GetMutableRow"/>, which makes a
/// private row first). Sharing is what keeps erasing a screen, switching screens and repeating
/// a character a pointer per row instead of a fill per cell, whatever the window size.
/// </summary>
public sealed partial class Framebuffer
{
    private Row? _sharedBlank;
    private Row? _sharedFill;

    /// <summary>A blank row of the current width with background <paramref name="background"/>, to be put in place with <see cref="PutSharedRow"/>.</summary>
    internal Row SharedBlankRow(Color background)
    {
        Row? blank = _sharedBlank;
        if (blank is null || blank.Width != Width || !blank[0].InlineEquals(Cell.Blank(background)))
        {
            blank?.Release();
            blank = RowPool.Rent(Width, background);
            _sharedBlank = blank;
        }
        return blank;
    }

    /// <summary>
    /// A row of the current width filled with <paramref name="cell"/>: every cell when it is
    /// narrow; for a wide one, the character in every other column with
    /// <paramref name="rightHalf"/> after it, and a last column left as <paramref name="rightHalf"/>
    /// when the width is odd. Soft-wrapped as <paramref name="softWrapped"/> says; reused while
    /// the same is asked for again.
    /// </summary>
    internal Row SharedFilledRow(in Cell cell, in Cell rightHalf, bool softWrapped)
    {
        Row? fill = _sharedFill;
        if (fill is null || fill.Width != Width || !fill[0].InlineEquals(cell) || fill.SoftWrapped != softWrapped
            || (cell.IsWide && Width > 1 && !fill[1].InlineEquals(rightHalf)))
        {
            fill?.Release();
            fill = RowPool.Rent(Width, default);
            Span<Cell> cells = fill.WritableCells;
            if (!cell.IsWide)
            {
                cells.Fill(cell);
            }
            else
            {
                cells.Fill(rightHalf);
                for (int x = 0; x + 1 < cells.Length; x += 2)
                {
                    cells[x] = cell;
                }
            }
            fill.SoftWrapped = softWrapped;
            _sharedFill = fill;
        }
        return fill;
    }

    /// <summary>Puts <paramref name="row"/> (one of this framebuffer's shared rows) at <paramref name="y"/>, releasing the row there.</summary>
    internal void PutSharedRow(int y, Row row)
    {
        Row old = _rows[y];
        if (ReferenceEquals(old, row))
        {
            return;
        }
        row.AddRef();
        old.Release();
        _rows.Set(y, row);
    }

    /// <summary>For one of this framebuffer's shared rows, the background of a blank row to write in its place; null for any other row.</summary>
    private Color? SharedRowFor(Row row)
    {
        if (ReferenceEquals(row, _sharedBlank))
        {
            return row[0].Renditions.Background;
        }
        return null;
    }

    /// <summary>Whether <paramref name="row"/> is this framebuffer's current shared blank row (the renderer never takes it for a scrolled row).</summary>
    public bool IsSharedBlankRow(Row row) => ReferenceEquals(row, _sharedBlank);

    private void ReleaseSharedRows()
    {
        _sharedBlank?.Release();
        _sharedBlank = null;
        _sharedFill?.Release();
        _sharedFill = null;
    }
}
