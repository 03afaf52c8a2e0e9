using Mosh.Posix;

namespace Mosh.Tests.Posix;

/// <summary>The soft core-file limit: off, then back (the test process's own limit is restored).</summary>
public class CoreDumpsTests
{
    [Fact]
    public void DisableSetsTheSoftLimitToZeroAndReportsTheOldOne()
    {
        ulong? before = CoreDumps.SoftLimit();
        Assert.NotNull(before);
        try
        {
            Assert.Equal(Errno.None, CoreDumps.Disable(out ulong saved, out _));
            Assert.Equal(before, saved);
            Assert.Equal(0UL, CoreDumps.SoftLimit());
        }
        finally
        {
            CoreDumps.SetSoftLimit(before.Value);
        }
        Assert.Equal(before, CoreDumps.SoftLimit());
    }
}
