using Mosh.StateSync;
using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>The shape of the first exchange in the annotated loopback trace (protocol §4.10, §5.3).</summary>
public class FirstExchangeTraceTests
{
    [Fact]
    public void FirstExchangeMatchesTheUpstreamTrace()
    {
        // No RTT sample yet at this point of a real session: the estimator's initial figures
        // (RTO 1000 ms, frame 250 ms), so the server's first empty ack is still assumed received
        // when its content goes out, and nothing is retransmitted.
        var h = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(),
            LinkOptions.Perfect(5), LinkOptions.Perfect(5), FixedRtt.Initial(), FixedRtt.Initial());
        h.Client.CurrentState.PushResize(80, 24); // the client's first action: its window size
        h.ClientToServer.Log = new();
        h.ServerToClient.Log = new();

        h.RunUntil(250);
        h.Server.CurrentState.Set("prompt"u8);
        h.RunUntil(3700);

        List<SentRecord> c = h.ClientToServer.Log!, s = h.ServerToClient.Log!;
        // C→S 0→1 ack 0 throw 0, Resize 80×24.
        Assert.Equal((0UL, 1UL, 0UL, 0UL), (c[0].OldNum, c[0].NewNum, c[0].AckNum, c[0].ThrowawayNum));
        Assert.Equal(Convert.FromHexString("0A061A0428503018"), c[0].Diff);
        // S→C 0→1 ack 1 throw 0, empty: the immediate first ack.
        Assert.Equal((0UL, 1UL, 1UL, 0UL), (s[0].OldNum, s[0].NewNum, s[0].AckNum, s[0].ThrowawayNum));
        Assert.True(s[0].IsEmpty);
        Assert.Equal(c[0].TimeMs + 5, s[0].TimeMs);
        // S→C 0→2 ack 1: content, relative to the server's acked state 0 (its empty ack is not
        // acked yet, and the diff from it is no shorter: the prospective resend rule).
        Assert.Equal((0UL, 2UL, 1UL, 0UL), (s[1].OldNum, s[1].NewNum, s[1].AckNum, s[1].ThrowawayNum));
        Assert.False(s[1].IsEmpty);
        // C→S 1→2 ack 2 throw 1, empty: the data ack. Upstream sends it 100 ms after the content
        // arrived; ours acks the session's first content at once, so the server has an RTT
        // estimate one round trip in (protocol §4.5, §13).
        Assert.Equal((1UL, 2UL, 2UL, 1UL), (c[1].OldNum, c[1].NewNum, c[1].AckNum, c[1].ThrowawayNum));
        Assert.True(c[1].IsEmpty);
        Assert.Equal(s[1].TimeMs + 5, c[1].TimeMs);
        // S→C 2→3 ack 2 throw 2, empty: the server's heartbeat, 3 s after its last send.
        Assert.Equal((2UL, 3UL, 2UL, 2UL), (s[2].OldNum, s[2].NewNum, s[2].AckNum, s[2].ThrowawayNum));
        Assert.True(s[2].IsEmpty);
        Assert.Equal(s[1].TimeMs + TransportTiming.AckIntervalMs, s[2].TimeMs);
    }
}
