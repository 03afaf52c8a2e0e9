namespace Mosh.Terminal.Screen;

/// <summary>
/// Hands out <see cref="Row.Id"/> values: every call returns an identity never returned before,
/// on any thread, so equal ids can only mean the same row contents.
/// </summary>
internal static class RowIdAllocator
{
    // Identities are handed out from per-thread blocks so that the write path needs no atomic
    // operation; blocks come from one global counter, so identities never repeat across threads.
    private const long BlockSize = 1 << 16;

    private static long s_next;

    [ThreadStatic]
    private static long t_next;

    [ThreadStatic]
    private static long t_limit;

    public static long Next()
    {
        long id = t_next;
        if (id == t_limit)
        {
            id = Interlocked.Add(ref s_next, BlockSize) - BlockSize + 1;
            t_limit = id + BlockSize - 1;
        }
        t_next = id + 1;
        return id;
    }
}
