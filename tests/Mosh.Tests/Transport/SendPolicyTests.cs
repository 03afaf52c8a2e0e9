using Mosh.Testing;
using Mosh.Transport;

namespace Mosh.Tests.Transport;

/// <summary>
/// When the server sends its output (protocol §4.5): at once when output follows a quiet
/// period (an echo, a prompt, the first screen), coalesced while output keeps coming. Real
/// connections over a simulated 2 ms link, so the RTT estimate is the pipeline's own.
/// </summary>
public class SendPolicyTests
{
    private const int OneWayMs = 1;

    private static ConnectionHarness<BlobState, BlobState> Session()
    {
        var h = new ConnectionHarness<BlobState, BlobState>(new BlobState(), new BlobState(), new BlobState(), new BlobState());
        h.Network.Towards(ConnectionHarness<BlobState, BlobState>.ServerHost).DelayMs = OneWayMs;
        h.Network.Towards(ConnectionHarness<BlobState, BlobState>.ClientHost).DelayMs = OneWayMs;
        return h;
    }

    /// <summary>Program output appears on the server now, reported as the daemon reports a pty read.</summary>
    private static void Output(ConnectionHarness<BlobState, BlobState> h, ulong value)
    {
        h.Server.CurrentState.SetNumber(value);
        h.Server.NoteLocalChange(h.NowMs);
    }

    [Fact]
    public void FirstScreenLeavesAsSoonAsTheOutputSettles()
    {
        using var h = Session();
        h.Client.CurrentState.SetNumber(1); // the client's first state (its window size, in a real session)
        Assert.True(h.RunUntil(100, () => h.Server.RemoteState.ContentEquals(h.Client.CurrentState)));
        h.RunFor(2); // the server's empty ack to it has just left: no RTT estimate on the server yet

        long outputAt = h.NowMs;
        Output(h, 77);
        Assert.True(h.RunUntil(outputAt + 100, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState)));
        // Sent 1 ms after the output (settled), arrived one way later: not 8 ms, not 250 ms.
        Assert.Equal(outputAt + TransportTiming.OutputSettleMs + OneWayMs, h.NowMs);
    }

    [Fact]
    public void AnEchoInAnIdleSessionLeavesWithinTwoMilliseconds()
    {
        using var h = Session();
        h.Client.CurrentState.SetNumber(1);
        h.RunFor(10_000); // idle: heartbeats only, RTT known

        for (ulong key = 2; key < 20; key++)
        {
            h.Client.CurrentState.SetNumber(key);
            Assert.True(h.RunUntil(h.NowMs + 100, () => h.Server.RemoteState.ContentEquals(h.Client.CurrentState)));
            long arrived = h.NowMs;
            Output(h, 1000 + key); // the application echoes at once
            Assert.True(h.RunUntil(arrived + 100, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState)));
            Assert.InRange(h.NowMs - arrived, OneWayMs, TransportTiming.OutputSettleMs + OneWayMs + 1);
            h.RunFor(300);
        }
    }

    [Fact]
    public void AnEchoRightAfterAnotherFrameStillLeavesAtOnce()
    {
        using var h = Session();
        h.Client.CurrentState.SetNumber(1);
        h.RunFor(10_000);

        // Typing every 30 ms; 25 ms after each key the server's state changes on its own (in a
        // real session: the echo ack of that key), so a frame has always just left when the
        // next key arrives. The echo of each key must not wait for the frame interval.
        var late = new List<long>();
        for (ulong key = 2; key < 30; key++)
        {
            long keyAt = h.NowMs;
            h.Client.CurrentState.SetNumber(key);
            Assert.True(h.RunUntil(keyAt + 100, () => h.Server.RemoteState.ContentEquals(h.Client.CurrentState)));
            long arrived = h.NowMs;
            h.Server.NoteRemoteInput(arrived); // the daemon handed the key to the program
            Output(h, 1000 + key);             // which echoes at once
            Assert.True(h.RunUntil(arrived + 100, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState)));
            late.Add(h.NowMs - arrived);
            h.RunUntil(keyAt + 25);
            Output(h, 5000 + key);             // a change of the server's own
            h.RunUntil(keyAt + 30);
        }
        Assert.All(late, l => Assert.InRange(l, OneWayMs, TransportTiming.OutputSettleMs + OneWayMs + 1));
    }

    [Fact]
    public void OutputThatKeepsComingIsCoalescedToTheFrameRate()
    {
        using var h = Session();
        h.Client.CurrentState.SetNumber(1);
        h.RunFor(5_000);
        int interval = h.ServerConnection.Pipeline.SendIntervalMs;
        Assert.Equal(20, interval); // loopback: the shortest frame interval

        var frames = new List<ulong>();
        ulong seen = 0;
        h.ClientApplication = _ =>
        {
            if (h.Client.RemoteState.Contents.Length == 8)
            {
                ulong value = BitConverter.ToUInt64(h.Client.RemoteState.Contents);
                if (value != seen && value >= 10_000)
                {
                    frames.Add(value);
                    seen = value;
                }
            }
        };
        // A flood: new output every millisecond for a second.
        long start = h.NowMs;
        for (int i = 0; i < 1_000; i++)
        {
            h.RunUntil(start + i);
            Output(h, 10_000 + (ulong)i);
        }
        h.RunFor(200);
        // One frame per interval, give or take the first and the last: never a frame per write.
        Assert.InRange(frames.Count, 1_000 / interval - 2, 1_000 / interval + 2);
        Assert.Equal(10_000UL + 999, seen);

        // Typing into the flood: each key may bring one early frame, no more.
        frames.Clear();
        start = h.NowMs;
        for (int i = 0; i < 1_000; i++)
        {
            h.RunUntil(start + i);
            if (i % 100 == 0)
                h.Server.NoteRemoteInput(h.NowMs);
            Output(h, 20_000 + (ulong)i);
        }
        h.RunFor(200);
        Assert.InRange(frames.Count, 1_000 / interval - 2, 1_000 / interval + 2 + 10);
        seen = frames[^1];
        Assert.Equal(20_000UL + 999, seen);
    }

    [Fact]
    public void AnEchoAckAloneRidesWithTheNextEcho()
    {
        using var h = Session();
        h.Client.CurrentState.SetNumber(1);
        h.RunFor(10_000);
        var seen = new List<ulong>();
        h.ClientApplication = _ =>
        {
            if (h.Client.RemoteState.Contents.Length == 8)
                seen.Add(BitConverter.ToUInt64(h.Client.RemoteState.Contents));
        };

        // Typing every 30 ms; 10 ms after each key the server's echo ack for an earlier key
        // changes its state and nothing else (sent at once, it would leave about 20 ms after the
        // echo): that change waits, and the next echo takes it.
        var late = new List<long>();
        long changedAt = 0;
        for (ulong key = 2; key < 30; key++)
        {
            long keyAt = h.NowMs;
            h.Client.CurrentState.SetNumber(key);
            Assert.True(h.RunUntil(keyAt + 100, () => h.Server.RemoteState.ContentEquals(h.Client.CurrentState)));
            long arrived = h.NowMs;
            h.Server.NoteRemoteInput(arrived);
            h.RunFor(1); // the program echoes a moment later: the key alone must not release the held change
            Output(h, 1000 + key);
            Assert.True(h.RunUntil(arrived + 100, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState)));
            late.Add(h.NowMs - arrived - 1);
            h.RunUntil(keyAt + 10);
            changedAt = h.NowMs;
            h.Server.CurrentState.SetNumber(5000 + key); // the echo ack, alone
            h.Server.NoteDeferrableChange(changedAt);
            h.RunUntil(keyAt + 30);
        }
        Assert.All(late, l => Assert.InRange(l, OneWayMs, TransportTiming.OutputSettleMs + OneWayMs + 1));
        Assert.DoesNotContain(seen, v => v >= 5000);

        // Typing stops: the last one leaves on its own, after the hold and not before.
        Assert.True(h.RunUntil(changedAt + 200, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState)));
        Assert.Equal(5029UL, seen[^1]);
        Assert.InRange(h.NowMs - changedAt, TransportTiming.DeferrableChangeHoldMs - 5, TransportTiming.DeferrableChangeHoldMs + OneWayMs + 1);
    }
}
