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
        Row? row = null;
        Stack<Row>? pool = t_rows;
        if (pool is not null && pool.TryPop(out Row? pooled))
        {
            row = pooled;
        }
        row ??= new Row(width);
        row.InitializeBlank(width, background);
        return row;
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
