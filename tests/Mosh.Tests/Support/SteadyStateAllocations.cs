namespace Mosh.Tests.Support;

/// <summary>
/// Bytes a steady-state loop allocates on the calling thread, measured over successive windows so
/// that one-time effects the warm-up happened not to trigger (a lazily run type initializer, a
/// thread's pool still holding rows another test left at another width) cannot fail a loop that
/// allocates nothing per iteration. A loop that allocates per iteration allocates in every window,
/// so it still fails.
/// </summary>
internal static class SteadyStateAllocations
{
    /// <summary>
    /// Runs <paramref name="iteration"/> <paramref name="iterations"/> times per window, up to
    /// <paramref name="windows"/> windows, stopping at the first window that allocated nothing;
    /// returns the bytes the last window allocated.
    /// </summary>
    public static long Measure(Action iteration, int iterations = 1000, int windows = 3)
    {
        long allocated = 0;
        for (int window = 0; window < windows; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < iterations; i++)
                iteration();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated == 0)
                break;
        }
        return allocated;
    }
}
