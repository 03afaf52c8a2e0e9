using Mosh.StateSync;

namespace Mosh.Tests.StateSync;

/// <summary>The server's echo ack (protocol §5.5, ECHO_TIMEOUT 50 ms).</summary>
public class EchoAckTrackerTests
{
    [Fact]
    public void InputIsAcknowledged50MsAfterDelivery()
    {
        var tracker = new EchoAckTracker();
        tracker.RegisterInputFrame(1, 1000);
        Assert.False(tracker.Update(1049));
        Assert.Equal(0UL, tracker.EchoAck);
        Assert.True(tracker.Update(1050));
        Assert.Equal(1UL, tracker.EchoAck);
        Assert.False(tracker.Update(1051));
    }

    [Fact]
    public void NewestOldEnoughEntryWinsAndOlderOnesAreForgotten()
    {
        var tracker = new EchoAckTracker();
        tracker.RegisterInputFrame(1, 0);
        tracker.Update(50);
        tracker.RegisterInputFrame(2, 100);
        tracker.RegisterInputFrame(3, 110);
        tracker.RegisterInputFrame(4, 200);

        Assert.Equal(50, tracker.WaitTimeMs(100)); // second entry: delivered at 100
        Assert.True(tracker.Update(165));
        Assert.Equal(3UL, tracker.EchoAck);
        Assert.Equal(2, tracker.PendingCount);      // (3, 110) kept as the acked one, (4, 200) pending
        Assert.Equal(85, tracker.WaitTimeMs(165));
        Assert.Equal(0, tracker.WaitTimeMs(250));
    }

    [Fact]
    public void ALoneFirstEntryDoesNotSetAWakeUp()
    {
        var tracker = new EchoAckTracker();
        Assert.Equal(int.MaxValue, tracker.WaitTimeMs(0));
        tracker.RegisterInputFrame(1, 0);
        Assert.Equal(int.MaxValue, tracker.WaitTimeMs(0));
    }

    [Fact]
    public void OverflowDelaysButNeverAcksEarly()
    {
        var tracker = new EchoAckTracker();
        for (ulong n = 1; n <= 200; n++)
        {
            tracker.RegisterInputFrame(n, (long)n);
        }
        Assert.Equal(EchoAckTracker.Capacity, tracker.PendingCount);
        // Entry 100 arrived at 100 but was merged into the newest (200 at 200): nothing before 250.
        Assert.True(tracker.Update(150));
        Assert.True(tracker.EchoAck < 100);
        Assert.True(tracker.Update(250));
        Assert.Equal(200UL, tracker.EchoAck);
    }
}
