using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>The "resulting behaviour" of the sender's timers (protocol §4.6), on a loopback-like link (RTO 50 ms, frame 20 ms).</summary>
public class SenderTimingTests
{
    [Fact]
    public void IdleSidesSendAHeartbeatEvery3000MsEachWithANewNumber()
    {
        var h = Harnesses.Blob();
        h.RunUntil(30_000);

        foreach (List<SentRecord> log in new[] { h.ClientToServer.Log!, h.ServerToClient.Log! })
        {
            Assert.True(log.Count >= 10, $"only {log.Count} heartbeats");
            for (int i = 1; i < log.Count; i++)
            {
                Assert.Equal(3000, log[i].TimeMs - log[i - 1].TimeMs);
                Assert.Equal(log[i - 1].NewNum + 1, log[i].NewNum);
                Assert.True(log[i].IsEmpty);
            }
        }
        // Independent heartbeats: the server's first is its immediate reply to the client's first.
        Assert.Equal(0, h.ClientToServer.Log![0].TimeMs);
        Assert.Equal(10, h.ServerToClient.Log![0].TimeMs);
    }

    [Fact]
    public void NonEmptyDiffIsAcknowledgedWithin100Ms()
    {
        var h = Harnesses.Blob();
        h.RunUntil(1000);
        h.Client.CurrentState.SetNumber(41);
        h.RunUntil(2000);
        SentRecord first = h.ClientToServer.Log!.Single(r => !r.IsEmpty);
        // The first data ack of a session goes at once: the peer's first RTT sample rides on it.
        SentRecord firstAck = h.ServerToClient.Log!.First(r => r.TimeMs >= first.TimeMs + 10);
        Assert.Equal(first.NewNum, firstAck.AckNum);
        Assert.Equal(first.TimeMs + 10, firstAck.TimeMs);

        h.Client.CurrentState.SetNumber(42);
        h.RunUntil(3000);
        SentRecord data = h.ClientToServer.Log!.Last(r => !r.IsEmpty);
        long arrival = data.TimeMs + 10;
        SentRecord ack = h.ServerToClient.Log!.First(r => r.TimeMs >= arrival);
        Assert.Equal(data.NewNum, ack.AckNum);
        Assert.True(ack.IsEmpty);
        Assert.Equal(arrival + TransportTiming.AckDelayMs, ack.TimeMs);
        Assert.Equal(data.NewNum, h.Client.Sender.AckedStateNum);
    }

    [Fact]
    public void ChangesWaitSendMinDelayButKeepToTheFrameInterval()
    {
        var h = Harnesses.Blob();
        // An earlier exchange of data: each side's first data ack (sent at once) is behind us.
        h.RunUntil(1000);
        h.Server.CurrentState.SetNumber(9);
        h.Client.CurrentState.SetNumber(9);
        h.RunUntil(5000);
        h.Server.CurrentState.SetNumber(1);
        h.Client.CurrentState.SetNumber(1);
        h.RunUntil(5005);
        h.Client.CurrentState.SetNumber(2);
        h.RunUntil(5100);

        SentRecord[] serverData = h.ServerToClient.Log!.Where(r => !r.IsEmpty && r.TimeMs >= 5000).ToArray();
        SentRecord[] clientData = h.ClientToServer.Log!.Where(r => !r.IsEmpty && r.TimeMs >= 5000).ToArray();
        Assert.Equal(5000 + TransportTiming.ServerSendMinDelayMs, serverData[0].TimeMs);
        Assert.Equal(5000 + TransportTiming.ClientSendMinDelayMs, clientData[0].TimeMs);
        // The second change came 4 ms after the first send: it waits for the 20 ms frame interval.
        Assert.Equal(5001 + 20, clientData[1].TimeMs);
        Assert.Equal(clientData[0].NewNum + 1, clientData[1].NewNum);
    }

    [Fact]
    public void LostUpdateIsResentWhenTheAssumptionTimesOut()
    {
        var h = Harnesses.Blob();
        h.RunUntil(1000);
        ulong acked = h.Client.Sender.AckedStateNum;
        h.ClientToServer.Options.Up = false;
        h.Client.CurrentState.SetNumber(7);
        h.RunUntil(2000);

        SentRecord[] data = h.ClientToServer.Log!.Where(r => !r.IsEmpty).ToArray();
        Assert.Equal(1001, data[0].TimeMs);
        Assert.True(data.Length >= 6);
        for (int i = 1; i < data.Length; i++)
        {
            // Only one state past the acked one: it is assumed received for RTO + ACK_DELAY, then resent.
            Assert.Equal(50 + TransportTiming.AckDelayMs, data[i].TimeMs - data[i - 1].TimeMs);
            Assert.Equal(data[0].NewNum, data[i].NewNum);
            Assert.Equal(acked, data[i].OldNum);
        }
    }

    [Fact]
    public void StaleStateInTheMiddleMakesRetransmissionRunAtTheFrameInterval()
    {
        var h = Harnesses.Blob();
        h.RunUntil(1000);
        ulong acked = h.Client.Sender.AckedStateNum;
        h.ClientToServer.Options.Up = false;
        h.Client.CurrentState.SetNumber(7);
        h.RunUntil(1200);
        h.Client.CurrentState.SetNumber(8);
        h.RunUntil(1500);

        SentRecord[] later = h.ClientToServer.Log!.Where(r => r.TimeMs > 1200).ToArray();
        Assert.Equal(1201, later[0].TimeMs);
        // While both unacked states are fresh the newest is assumed received; the next look is at
        // RTO + ACK_DELAY after the last send. By then the middle state (last sent at 1151) is
        // stale, which hides the newer one: from here on, resends run at the frame interval.
        Assert.Equal(1201 + 50 + TransportTiming.AckDelayMs, later[1].TimeMs);
        Assert.True(later.Length >= 8, $"{later.Length} sends");
        for (int i = 1; i < later.Length; i++)
        {
            if (i > 1)
            {
                Assert.Equal(20, later[i].TimeMs - later[i - 1].TimeMs);
            }
            Assert.Equal(later[0].NewNum, later[i].NewNum);
            Assert.Equal(acked, later[i].OldNum);
            Assert.False(later[i].IsEmpty);
        }
    }

    [Fact]
    public void AfterTenSilentSecondsOnlyTheHeartbeatCarriesThePendingDiff()
    {
        var h = Harnesses.Blob();
        h.RunUntil(1000);
        ulong acked = h.Client.Sender.AckedStateNum;
        long lastHeard = h.Client.Sender.LastHeardMs;
        h.ClientToServer.Options.Up = false;
        h.ServerToClient.Options.Up = false;
        h.Client.CurrentState.SetNumber(9);
        h.RunUntil(40_000);

        long silentFrom = lastHeard + TransportTiming.ActiveRetryTimeoutMs;
        SentRecord[] sends = h.ClientToServer.Log!.Where(r => r.TimeMs > 1000).ToArray();
        Assert.Contains(sends, r => r.TimeMs < silentFrom && r.TimeMs > 9000); // still at frame rate before
        SentRecord[] silent = sends.Where(r => r.TimeMs >= silentFrom).ToArray();
        Assert.True(silent.Length >= 9, $"{silent.Length} sends while silent");
        for (int i = 0; i < silent.Length; i++)
        {
            Assert.False(silent[i].IsEmpty);
            Assert.Equal(acked, silent[i].OldNum);
            Assert.Equal(sends[0].NewNum, silent[i].NewNum);
            long previous = i == 0 ? sends[Array.IndexOf(sends, silent[0]) - 1].TimeMs : silent[i - 1].TimeMs;
            Assert.Equal(TransportTiming.AckIntervalMs, silent[i].TimeMs - previous);
        }
    }

    [Fact]
    public void ServerWithoutAPeerNeverWakesOrSends()
    {
        var h = Harnesses.Blob();
        h.ClientToServer.Options.Up = false;
        h.RunUntil(10_000);
        Assert.Empty(h.ServerToClient.Log!);
        Assert.Equal(int.MaxValue, h.Server.WaitTimeMs(h.NowMs));
    }
}
