using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>The shutdown handshake (protocol §4.9), both ways, and its two ways of giving up.</summary>
public class ShutdownTests
{
    [Fact]
    public void ClientInitiatedShutdownEndsBothSides()
    {
        var h = Harnesses.Blob();
        h.RunUntil(1000);
        h.Client.StartShutdown(h.NowMs);

        Assert.True(h.RunUntil(2000, x => x.Client.ShutdownAcknowledged));
        Assert.True(h.Server.CounterpartyShutdownAckSent);
        Assert.False(h.Client.ShutdownAckTimedOut(h.NowMs));
        Assert.True(h.NowMs < 1100, $"took until {h.NowMs}");

        SentRecord[] shutdownSends = h.ClientToServer.Log!.Where(r => r.TimeMs >= 1000).ToArray();
        Assert.All(shutdownSends, r => Assert.Equal(Instruction.ShutdownNum, r.NewNum));
        Assert.Contains(h.ServerToClient.Log!, r => r.AckNum == Instruction.ShutdownNum);
    }

    [Fact]
    public void ShutdownInstructionsRepeatAtTheFrameIntervalUntilAcked()
    {
        var h = Harnesses.Blob();
        h.RunUntil(1000);
        h.ClientToServer.Options.Up = false;
        h.Client.StartShutdown(h.NowMs);
        h.RunUntil(1200);

        SentRecord[] sends = h.ClientToServer.Log!.Where(r => r.TimeMs >= 1000).ToArray();
        Assert.True(sends.Length >= 9);
        for (int i = 1; i < sends.Length; i++)
        {
            Assert.Equal(20, sends[i].TimeMs - sends[i - 1].TimeMs);
            Assert.Equal(Instruction.ShutdownNum, sends[i].NewNum);
        }
        Assert.False(h.Client.ShutdownAcknowledged);
    }

    [Fact]
    public void ServerShutdownCarriesTheFinalStateAndTheClientThatAcksItEnds()
    {
        var h = Harnesses.Blob();
        h.RunUntil(1000);
        h.Server.CurrentState.Set("bye"u8);
        h.Server.StartShutdown(h.NowMs);

        Assert.True(h.RunUntil(2000, x => x.Server.ShutdownAcknowledged));
        Assert.Equal(Instruction.ShutdownNum, h.Client.RemoteStateNum);
        Assert.Equal("bye"u8.ToArray(), h.Client.RemoteState.Contents.ToArray());
        Assert.True(h.Client.CounterpartyShutdownAckSent);
        Assert.False(h.Client.ShutdownInProgress);

        SentRecord first = h.ServerToClient.Log!.First(r => r.TimeMs >= 1000);
        Assert.Equal(Instruction.ShutdownNum, first.NewNum);
        Assert.False(first.IsEmpty);
    }

    [Fact]
    public void InitiatorGivesUpAfterSixteenTries()
    {
        var h = Harnesses.Blob();
        h.RunUntil(1000);
        h.ClientToServer.Options.Up = false;
        h.Client.StartShutdown(h.NowMs);

        Assert.True(h.RunUntil(5000, x => x.Client.ShutdownAckTimedOut(x.NowMs)));
        Assert.Equal(TransportTiming.ShutdownRetries, h.Client.Sender.ShutdownTries);
        Assert.True(h.NowMs - 1000 < 1000);
        Assert.False(h.Client.ShutdownAcknowledged);
    }

    [Fact]
    public void InitiatorGivesUpAfterTenSeconds()
    {
        // A one-second frame interval: sixteen tries would take sixteen seconds.
        var h = Harnesses.Blob(rtt: new FixedRtt(1000, 1000));
        h.RunUntil(5000);
        h.ClientToServer.Options.Up = false;
        h.Client.StartShutdown(h.NowMs);

        h.RunUntil(5000 + TransportTiming.ActiveRetryTimeoutMs - 1);
        Assert.False(h.Client.ShutdownAckTimedOut(h.NowMs));
        h.RunUntil(5000 + TransportTiming.ActiveRetryTimeoutMs);
        Assert.True(h.Client.ShutdownAckTimedOut(h.NowMs));
        Assert.InRange(h.Client.Sender.ShutdownTries, 1, TransportTiming.ShutdownRetries - 1);
    }
}
