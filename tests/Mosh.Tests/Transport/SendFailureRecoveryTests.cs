using Mosh.Overlays;
using Mosh.Testing;
using Mosh.Transport;
using MoshAot.Client;

namespace Mosh.Tests.Transport;

/// <summary>
/// When sendto fails (a local firewall: EPERM; an interface that is down: ENETUNREACH, and then
/// nothing arrives either), the session must resume as soon as the path is back, whatever the
/// phase of the heartbeat, and the notification bar must drop the send error a second after the
/// last failure. Run in virtual time over real connections, for outages of 10 s and 60 s (the
/// server forgets its client after 40 s, §3.2).
/// </summary>
public class SendFailureRecoveryTests
{
    private const int Eperm = 1;
    private const int Enetunreach = 101;
    private const int ClientHost = ConnectionHarness<BlobState, BlobState>.ClientHost;
    private const int ServerHost = ConnectionHarness<BlobState, BlobState>.ServerHost;

    /// <summary>One-way delay on the simulated path.</summary>
    private const int DelayMs = 20;

    /// <summary>
    /// Recovery bound: a retry within a quarter second plus a round trip and slack. Upstream, which
    /// resends with its next heartbeat, needs up to 3 s.
    /// </summary>
    private const long RecoveryBoundMs = 250 + 2 * DelayMs + 50;

    public static TheoryData<int, bool, long> Outages => new()
    {
        { Eperm, false, 10_000 },        // firewall: our sends fail, the server's still arrive
        { Enetunreach, true, 10_000 },   // interface down: nothing either way
        { Eperm, false, 60_000 },
        { Enetunreach, true, 60_000 },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void InputTypedDuringTheOutageArrivesSoonAfterThePathIsBack(int errno, bool inboundToo, long outageMs)
    {
        // Several phases of the outage's end against the heartbeat: upstream's worst case is a whole
        // ACK interval (3 s), since it resends only with its next heartbeat.
        for (int phase = 0; phase < 8; phase++)
        {
            using var h = Session();
            long pathBackAt = StartOutage(h, errno, inboundToo, outageMs + phase * 377);
            h.Client.CurrentState.SetNumber(77); // typed during the outage
            h.RunUntil(pathBackAt);
            EndOutage(h);

            Assert.True(h.RunUntil(pathBackAt + 5_000, () => h.Server.RemoteState.ContentEquals(h.Client.CurrentState)),
                "the input never arrived");
            long recovery = h.NowMs - pathBackAt;
            Assert.True(recovery <= RecoveryBoundMs, $"phase {phase}: the input arrived {recovery} ms after the path came back");
        }
    }

    [Theory]
    [MemberData(nameof(Outages))]
    public void TheSendErrorLeavesTheBarASecondAfterTheLastFailure(int errno, bool inboundToo, long outageMs)
    {
        for (int phase = 0; phase < 8; phase++)
        {
            using var h = Session();
            var bar = new NotificationBar(h.NowMs);
            var notice = new SendErrorNotice();
            string? shownDuringOutage = null;
            // The client's loop: at every step, the notice looks at the connection.
            h.ClientApplication = now =>
            {
                notice.Update(h.ClientConnection.SendFailureCount, h.ClientConnection.SendErrno, bar, now);
                bar.AdjustMessage(now);
                if (h.ClientConnection.SendErrno != 0) shownDuringOutage ??= bar.Message.ToString();
            };

            long pathBackAt = StartOutage(h, errno, inboundToo, outageMs + phase * 377);
            h.RunUntil(pathBackAt);
            Assert.Equal(errno == Eperm ? "sendto: Operation not permitted" : "sendto: Network is unreachable", shownDuringOutage);
            long failures = h.ClientConnection.SendFailureCount;
            EndOutage(h);
            h.Client.CurrentState.SetNumber(78);
            // The loop sees the last failure at its next iteration (at most a retry interval later);
            // a second after that, the error is gone, whether or not a send has succeeded since.
            h.RunUntil(pathBackAt + 250 + 1_000 + 50);
            bar.AdjustMessage(h.NowMs);

            Assert.Equal(failures, h.ClientConnection.SendFailureCount);
            Assert.DoesNotContain("sendto", bar.FormatLine(h.NowMs).ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ARefusedSendIsNotAssumedDelivered()
    {
        // With a long RTO the sender would otherwise assume the refused state arrived and follow it
        // with a diff the server cannot apply, until the assumption times out.
        var sink = new RecordingSink { FailSends = true };
        var sender = new TransportSender<BlobState>(new BlobState(), new StatePool<BlobState>(), new FixedRtt(1000, 20),
            sink, TransportTiming.ClientSendMinDelayMs, 0);
        sender.CurrentState.SetNumber(1);
        long now = 0;
        while (sink.Sent.Count == 0 && now < 1_000) sender.Tick(++now);
        Assert.Single(sink.Sent);
        long refusedAt = now;
        sink.FailSends = false;
        while (sink.Sent.Count == 1 && now < 5_000) sender.Tick(++now);

        // Retried after the failure delay, not after the heartbeat, and the retry carries the data
        // again relative to the acknowledged state 0, not an empty diff on top of the refused state.
        Assert.Equal(refusedAt + TransportTiming.SendFailureRetryMs, now);
        Assert.Equal(0UL, sink.Sent[1].OldNum);
        Assert.NotEmpty(sink.Sent[1].Diff);
    }

    private static ConnectionHarness<BlobState, BlobState> Session()
    {
        var h = new ConnectionHarness<BlobState, BlobState>(new BlobState(), new BlobState(), new BlobState(), new BlobState());
        h.Network.Towards(ClientHost).DelayMs = DelayMs;
        h.Network.Towards(ServerHost).DelayMs = DelayMs;
        h.Client.CurrentState.SetNumber(1);
        h.Server.CurrentState.SetNumber(100);
        Assert.True(h.RunUntil(2_000, () => h.Server.RemoteState.ContentEquals(h.Client.CurrentState)
            && h.Client.RemoteState.ContentEquals(h.Server.CurrentState)), "the session never came up");
        h.RunFor(5_000); // settle into heartbeats
        return h;
    }

    /// <summary>Starts the outage now; returns when it ends.</summary>
    private static long StartOutage(ConnectionHarness<BlobState, BlobState> h, int errno, bool inboundToo, long durationMs)
    {
        h.Network.FailSendsFrom(ClientHost, errno);
        if (inboundToo)
        {
            h.Network.FailSendsFrom(ServerHost, Enetunreach);
        }
        return h.NowMs + durationMs;
    }

    private static void EndOutage(ConnectionHarness<BlobState, BlobState> h)
    {
        h.Network.FailSendsFrom(ClientHost, 0);
        h.Network.FailSendsFrom(ServerHost, 0);
    }
}
