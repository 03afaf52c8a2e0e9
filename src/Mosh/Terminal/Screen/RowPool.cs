namespace Mosh.Terminal.Screen;

/// <summary>
/// Rows no framebuffer holds any more, kept per thread for reuse, so that scrolling, erasing and
/// copy-on-write allocate nothing in steady state. Rows are single-threaded (see <see cref="Row"/>),
/// so each thread has its own pool.
/// </summary>
/// <remarks>
/// Kept by the width of their cell storage, and handed out only at that width: a row taken for a
/// wider screen than its storage would have to allocate new cells, so rows left over from another
/// width (a resize, another terminal on the thread) are never taken for this one in its place.
/// </remarks>
internal static class RowPool
{
    // Bounds what a burst of released rows (a huge screen shrinking, many copies disposed) keeps
    // alive, over all widths.
    private const int Capacity = 4096;

    [ThreadStatic]
    private static Dictionary<int, Stack<Row>>? t_rowsByWidth;

    [ThreadStatic]
    private static int t_count;

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
        if (t_rowsByWidth is { } pools && pools.TryGetValue(width, out Stack<Row>? pool) && pool.TryPop(out Row? pooled))
        {
            t_count--;
            return pooled;
        }
        return new Row(width);
    }

    /// <summary>
    /// Takes back a row whose last reference was released. A full pool makes room by letting go
    /// of a row of another width: the width being returned is the one in use, and dropping its
    /// rows instead would leave it allocating a row for every one it takes, for as long as the
    /// rows of a width no longer in use (an earlier size, an earlier terminal) filled the pool.
    /// </summary>
    public static void Return(Row row)
    {
        if (t_count >= Capacity && !DropAnotherWidth(row.StorageWidth))
        {
            return;
        }
        Dictionary<int, Stack<Row>> pools = t_rowsByWidth ??= new Dictionary<int, Stack<Row>>();
        if (!pools.TryGetValue(row.StorageWidth, out Stack<Row>? pool))
        {
            pool = new Stack<Row>(64);
            pools.Add(row.StorageWidth, pool);
        }
        pool.Push(row);
        t_count++;
    }

    /// <summary>Lets go of one pooled row whose storage is not <paramref name="width"/> wide; false if there is none.</summary>
    private static bool DropAnotherWidth(int width)
    {
        if (t_rowsByWidth is not { } pools)
            return false;
        foreach (KeyValuePair<int, Stack<Row>> entry in pools)
        {
            if (entry.Key != width && entry.Value.TryPop(out _))
            {
                t_count--;
                return true;
            }
        }
        return false;
    }
}
