using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>add_sent_state (protocol §4.6): beyond 32 states the one 16th from the end is dropped.</summary>
public class SentStateThinningTests
{
    private static (TransportSender<BlobState> Sender, RecordingSink Sink) UnackedSender()
    {
        var sink = new RecordingSink();
        var sender = new TransportSender<BlobState>(new BlobState(), new StatePool<BlobState>(), FixedRtt.Loopback(),
            sink, TransportTiming.ClientSendMinDelayMs, 0);
        return (sender, sink);
    }

    private static void HeartbeatUntil(TransportSender<BlobState> sender, RecordingSink sink, ulong lastNum)
    {
        long now = 0;
        while (sender.LastSentStateNum < lastNum)
        {
            sink.NowMs = now;
            sender.Tick(now);
            now += TransportTiming.AckIntervalMs;
        }
    }

    private static ulong[] Kept(TransportSender<BlobState> sender) =>
        Enumerable.Range(0, sender.SentStateCount).Select(i => sender.SentStateNumAt(i)).ToArray();

    [Fact]
    public void ThirtyTwoStatesAreAllKept()
    {
        var (sender, sink) = UnackedSender();
        HeartbeatUntil(sender, sink, 31);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (ulong)i), Kept(sender));
    }

    [Fact]
    public void TheThirtyThirdStateThinsTheMiddle()
    {
        var (sender, sink) = UnackedSender();
        HeartbeatUntil(sender, sink, 32);
        ulong[] expected = Enumerable.Range(0, 33).Where(i => i != 17).Select(i => (ulong)i).ToArray();
        Assert.Equal(expected, Kept(sender));

        HeartbeatUntil(sender, sink, 33);
        expected = Enumerable.Range(0, 34).Where(i => i != 17 && i != 18).Select(i => (ulong)i).ToArray();
        Assert.Equal(expected, Kept(sender));
    }

    [Fact]
    public void AckOfAThinnedStateIsIgnoredAndAnAckOfAKeptOneDropsEverythingOlder()
    {
        var (sender, sink) = UnackedSender();
        HeartbeatUntil(sender, sink, 40);
        Assert.Equal(32, sender.SentStateCount);

        sender.ProcessAcknowledgmentThrough(17); // culled: ignored
        Assert.Equal(0UL, sender.AckedStateNum);
        Assert.Equal(32, sender.SentStateCount);

        sender.ProcessAcknowledgmentThrough(30);
        Assert.Equal(30UL, sender.AckedStateNum);
        Assert.Equal(11, sender.SentStateCount);
        Assert.Equal(30UL, sender.SentStateNumAt(0));
        Assert.Equal(40UL, sender.SentStateNumAt(10));
    }
}
