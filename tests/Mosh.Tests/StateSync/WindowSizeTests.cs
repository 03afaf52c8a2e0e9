using Mosh.StateSync;
using Mosh.Transport;

namespace Mosh.Tests.StateSync;

/// <summary>
/// Window sizes from outside are clamped (initial sizes and resizes alike), and a client accepts
/// from its server only the sizes it has asked for: a hostile server cannot make it hold screens
/// its window is not.
/// </summary>
public class WindowSizeTests
{
    [Theory]
    [InlineData(80, 24, 80, 24)]
    [InlineData(10_000, 419, 10_000, 419)]
    [InlineData(65535, 65535, 10_000, 419)]
    [InlineData(3000, 3000, 3000, 1398)]
    [InlineData(0, 0, 1, 1)]
    [InlineData(-5, 70_000, 1, 10_000)]
    public void SizesAreClampedToTheLimits(long columns, long rows, int expectedColumns, int expectedRows)
    {
        (int c, int r) = WindowLimits.Clamp(columns, rows);
        Assert.Equal((expectedColumns, expectedRows), (c, r));
        Assert.True(WindowLimits.IsAllowed(c, r));
    }

    [Fact]
    public void AClientRefusesAResizeItHasNotAskedFor()
    {
        var asked = new RequestedSizes();
        asked.Add(80, 24);
        var remote = new CompleteTerminal(80, 24) { AcceptedSizes = asked };
        CompleteTerminal copy = remote.Clone();
        // A few bytes that would make a screen of 4 Mi cells and fill every one (DECALN).
        Assert.False(copy.TryApplyDiff(HostDiff(2048, 2048, "\e#8"u8)));
        Assert.False(copy.TryApplyDiff(HostDiff(100, 30, "x"u8)));

        asked.Add(100, 30);
        copy = remote.Clone();
        Assert.True(copy.TryApplyDiff(HostDiff(100, 30, "x"u8)));
        Assert.Equal((100, 30), (copy.Framebuffer.Width, copy.Framebuffer.Height));
        // Still asked for, and shared by every copy (pooled ones included).
        var pool = new StatePool<CompleteTerminal>();
        Assert.True(pool.RentCopyOf(remote).TryApplyDiff(HostDiff(80, 24, "y"u8)));
    }

    [Fact]
    public void AThousandTinyHostileStatesLeaveTheClientHoldingNothingNew()
    {
        var asked = new RequestedSizes();
        asked.Add(80, 24);
        var client = new Transport<UserStream, CompleteTerminal>(TransportSide.Client, new UserStream(),
            new CompleteTerminal(80, 24) { AcceptedSizes = asked }, Mosh.Testing.FixedRtt.Loopback(), new Mosh.Tests.Transport.RecordingSink(), 0);
        // Each would be a fully written screen of 4 Mi cells (64 MiB): 64 GiB for the thousand.
        byte[] hostile = HostDiff(2048, 2048, "\e#8"u8);
        for (ulong n = 1; n <= 1000; n++)
        {
            Assert.Equal(ReceiveResult.MalformedDiff, client.Receive(Mosh.Tests.Transport.Instructions.Make(0, n, diff: hostile), 10));
        }
        Assert.Equal(1, client.Receiver.Count);
        Assert.Equal(80L * 24, client.Receiver.Footprint);
    }

    [Fact]
    public void WithoutARequestListSizesWithinTheLimitsAreAccepted()
    {
        var terminal = new CompleteTerminal(80, 24);
        Assert.True(terminal.Clone().TryApplyDiff(HostDiff(300, 100, "x"u8)));
        Assert.False(terminal.Clone().TryApplyDiff(HostDiff(3000, 3000, "x"u8)));
        Assert.Equal(80L * 24, terminal.Footprint);
    }

    [Fact]
    public void OnlyTheLatestRequestsAreRemembered()
    {
        var asked = new RequestedSizes();
        for (int i = 1; i <= RequestedSizes.Capacity + 10; i++) asked.Add(i, 10);
        Assert.False(asked.Contains(10, 10));
        Assert.True(asked.Contains(11, 10));
        Assert.True(asked.Contains(RequestedSizes.Capacity + 10, 10));
        Assert.False(asked.Contains(10, 11));
    }

    private static byte[] HostDiff(int width, int height, ReadOnlySpan<byte> hostBytes)
    {
        var content = new HostMessageContent { HasResize = true, Width = width, Height = height, HostBytes = hostBytes };
        var diff = new byte[HostMessageCodec.GetEncodedLength(content)];
        HostMessageCodec.Encode(content, diff);
        return diff;
    }
}
