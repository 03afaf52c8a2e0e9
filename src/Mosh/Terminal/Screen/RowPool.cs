namespace Mosh.Terminal.Screen;

/// <summary>
/// Rows no framebuffer holds any more, kept per thread for reuse, so that scrolling, erasing and
/// copy-on-write allocate nothing in steady state. Rows are single-threaded (see <see cref="Row"/>),
/// so each thread has its own pool.
/// </summary>
internal static class RowPool
{
    // Bounds what a burst of released rows (a huge screen shrinking, many copies disposed) keeps alive.
    private const int Capacity = 4096;

    [ThreadStatic]
    private static Stack<Row>? t_rows;

    /// <summary>A blank row of <paramref name="width"/> with one reference and a new identity.</summary>
    public static Row Rent(int width, Color background)
    {
        Row row = Take(width);
        row.InitializeBlank(width, background);
        return row;
    }

    /// <summary>A copy of <paramref name="source"/> with one reference and a new identity (copy-on-write).</summary>
    public static Row RentCopyOf(Row source)
    {
        Row row = Take(source.Width);
        row.InitializeCopyOf(source);
        return row;
    }

    private static Row Take(int width)
    {
        Stack<Row>? pool = t_rows;
        if (pool is not null && pool.TryPop(out Row? pooled))
        {
            return pooled;
        }
        return new Row(width);
    }

    /// <summary>Takes back a row whose last reference was released.</summary>
    public static void Return(Row row)
    {
        Stack<Row> pool = t_rows ??= new Stack<Row>(64);
        if (pool.Count < Capacity)
        {
            pool.Push(row);
        }
    }
}
