using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>The per-thread pool of released rows, which keeps scrolling and copy-on-write free of allocations.</summary>
public class RowPoolTests
{
    [Fact]
    public void RowsLeftAtAnotherWidthAreNotTakenForThisOne()
    {
        long allocated = -1;
        bool sameRowBack = false;
        // A thread of its own: the pool is per thread, and this one starts empty.
        var thread = new Thread(() =>
        {
            List<Row> narrow = RentMany(80, 8);
            ReleaseAll(RentMany(200, 8));
            // Rows of another width released last (a resize, another terminal on the thread).
            ReleaseAll(narrow);
            long before = GC.GetAllocatedBytesForCurrentThread();
            List<Row> wide = RentMany(200, 8);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            ReleaseAll(wide);
            Row again = RowPool.Rent(200, default);
            sameRowBack = wide.Contains(again);
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        // The 200-column rows came back from the pool, without new cells.
        Assert.Equal(0, allocated - ListOverhead());
        Assert.True(sameRowBack);
    }

    [Fact]
    public void APoolFullOfAnotherWidthStillKeepsTheRowsOfTheWidthInUse()
    {
        long allocated = -1;
        var thread = new Thread(() =>
        {
            // The pool filled (4096 rows) by a width no longer in use.
            ReleaseAll(RentMany(10, 5000));
            // The width in use: its rows go round through the pool, and after a first round
            // (which allocates them) come back from it.
            var inUse = new List<Row>(64);
            void Round()
            {
                for (int i = 0; i < 64; i++) inUse.Add(RowPool.Rent(80, default));
                foreach (Row row in inUse) row.Release();
                inUse.Clear();
            }
            Round();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) Round();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ARowGoesBackToThePoolOnlyWhenItsLastReferenceIsReleased()
    {
        bool copyIsNew = false, rowBack = false;
        var thread = new Thread(() =>
        {
            Row row = RowPool.Rent(33, default);
            Row copy = RowPool.RentCopyOf(row);
            copyIsNew = !ReferenceEquals(row, copy);
            row.Release();
            rowBack = ReferenceEquals(row, RowPool.Rent(33, default));
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.True(copyIsNew);
        Assert.True(rowBack);
    }

    private static List<Row> RentMany(int width, int count)
    {
        var rows = new List<Row>(count);
        for (int i = 0; i < count; i++)
            rows.Add(RowPool.Rent(width, default));
        return rows;
    }

    private static void ReleaseAll(List<Row> rows)
    {
        foreach (Row row in rows)
            row.Release();
    }

    /// <summary>What <see cref="RentMany"/>'s own list of 8 costs, measured on this thread.</summary>
    private static long ListOverhead()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var list = new List<Row>(8);
        long cost = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(list);
        return cost;
    }
}
