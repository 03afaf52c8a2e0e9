using Mosh.Transport;
using Mosh.Testing;
using static Mosh.Tests.Transport.Instructions;

namespace Mosh.Tests.Transport;

/// <summary>The receiver rules of protocol §4.8, with handcrafted instructions.</summary>
public class ReceiverRulesTests
{
    private readonly RecordingSink _sink = new();
    private readonly Transport<BlobState, BlobState> _transport;

    public ReceiverRulesTests()
    {
        _transport = new Transport<BlobState, BlobState>(TransportSide.Server, new BlobState(), new BlobState(),
            FixedRtt.Loopback(), _sink, 0);
    }

    private ulong AckSentAt(long now)
    {
        _sink.NowMs = now;
        _transport.Tick(now);
        return _sink.Sent[^1].AckNum;
    }

    [Fact]
    public void NewStateBecomesNewestAndIsAckedWithin100Ms()
    {
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, 1, diff: BlobDiff(5)), 10));
        Assert.Equal(1UL, _transport.RemoteStateNum);
        Assert.Equal(new byte[] { 5 }, _transport.RemoteState.Contents.ToArray());
        Assert.Equal(10, _transport.Sender.LastHeardMs);
        Assert.Equal(1UL, AckSentAt(10));
    }

    [Fact]
    public void UnknownReferenceIsIgnoredWithoutAck()
    {
        Assert.Equal(ReceiveResult.UnknownReference, _transport.Receive(Make(5, 6, diff: BlobDiff(1)), 10));
        Assert.Equal(0UL, _transport.RemoteStateNum);
        Assert.Equal(0UL, AckSentAt(10));
        // No pending data ack was set: nothing is due before the heartbeat.
        Assert.True(_transport.WaitTimeMs(11) > TransportTiming.AckDelayMs);
    }

    [Fact]
    public void OutOfOrderArrivalIsInsertedButTheHighestStaysNewest()
    {
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, 2, diff: BlobDiff(2)), 10));
        Assert.Equal(ReceiveResult.OutOfOrderState, _transport.Receive(Make(0, 1, diff: BlobDiff(1)), 11));
        Assert.Equal(2UL, _transport.RemoteStateNum);
        Assert.Equal(new byte[] { 2 }, _transport.RemoteState.Contents.ToArray());
        Assert.Equal(new ulong[] { 0, 1, 2 }, Enumerable.Range(0, 3).Select(i => _transport.Receiver.NumAt(i)));
        Assert.Equal(2UL, AckSentAt(11));
        // The late state is usable as a reference.
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(1, 3, diff: BlobDiff(3)), 12));
    }

    private sealed class Gate : IRemoteStateGate<BlobState>
    {
        public bool Open;
        public int Asked;

        public bool Admit(BlobState candidate, BlobState newest)
        {
            Asked++;
            return Open;
        }
    }

    [Fact]
    public void AStateTheGateRefusesIsNeitherKeptNorAcked()
    {
        var gate = new Gate();
        _transport.RemoteStateGate = gate;
        Assert.Equal(ReceiveResult.Deferred, _transport.Receive(Make(0, 1, diff: BlobDiff(5)), 10));
        Assert.Equal(0UL, _transport.RemoteStateNum);
        Assert.Equal(1, _transport.Receiver.Count);
        Assert.Equal(0UL, AckSentAt(10));
        // The same state, sent again once the gate opens, is taken.
        gate.Open = true;
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, 1, diff: BlobDiff(5)), 20));
        _transport.Tick(20);
        Assert.Equal(1UL, AckSentAt(20 + TransportTiming.AckDelayMs));
        // States below the newest are not the gate's business.
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(1, 3, diff: BlobDiff(3)), 130));
        gate.Open = false;
        int asked = gate.Asked;
        Assert.Equal(ReceiveResult.OutOfOrderState, _transport.Receive(Make(1, 2, diff: BlobDiff(2)), 131));
        Assert.Equal(asked, gate.Asked);
        Assert.Equal(ReceiveResult.Deferred, _transport.Receive(Make(3, 4, diff: BlobDiff(4)), 132));
    }

    [Fact]
    public void ADeferredStateIsKeptAndTakenOnceTheGateOpens()
    {
        var gate = new Gate();
        _transport.RemoteStateGate = gate;
        Assert.Equal(ReceiveResult.Deferred, _transport.Receive(Make(0, 1, diff: BlobDiff(5)), 10));
        Assert.Equal(1, _transport.Receiver.HeldCount);
        Assert.False(_transport.RetryDeferredRemoteStates(20));
        gate.Open = true;
        Assert.True(_transport.RetryDeferredRemoteStates(30));
        Assert.Equal(1UL, _transport.RemoteStateNum);
        Assert.Equal(0, _transport.Receiver.HeldCount);
        _transport.Tick(30);
        Assert.Equal(1UL, AckSentAt(30 + TransportTiming.AckDelayMs));
    }

    [Fact]
    public void AnInstructionThatArrivesBeforeItsReferenceIsAppliedWhenTheReferenceComes()
    {
        Assert.Equal(ReceiveResult.UnknownReference, _transport.Receive(Make(1, 2, diff: BlobDiff(2)), 10));
        Assert.Equal(ReceiveResult.UnknownReference, _transport.Receive(Make(2, 3, diff: BlobDiff(3)), 11));
        Assert.Equal(0UL, _transport.RemoteStateNum);
        // The missing piece arrives: the held ones follow it at once, and the newest is acked.
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, 1, diff: BlobDiff(1)), 12));
        Assert.Equal(3UL, _transport.RemoteStateNum);
        Assert.Equal(new byte[] { 3 }, _transport.RemoteState.Contents.ToArray());
        _transport.Tick(12);
        Assert.Equal(3UL, AckSentAt(12 + TransportTiming.AckDelayMs));
    }

    [Fact]
    public void HeldInstructionsAreBounded()
    {
        for (ulong n = 1; n <= TransportTiming.EarlyInstructionLimit + 10; n++)
        {
            _transport.Receive(Make(100 + n, 200 + n, diff: BlobDiff(1)), 10);
        }
        Assert.Equal(TransportTiming.EarlyInstructionLimit, _transport.Receiver.HeldCount);
        // Nor is anything more held, whatever its size: memory stays bounded.
        var big = new byte[TransportTiming.EarlyInstructionBytes];
        _transport.Receive(Make(1000, 1001, diff: big), 10);
        Assert.Equal(TransportTiming.EarlyInstructionLimit, _transport.Receiver.HeldCount);
    }

    [Fact]
    public void DuplicateIsDropped()
    {
        _transport.Receive(Make(0, 1, diff: BlobDiff(1)), 10);
        Assert.Equal(ReceiveResult.Duplicate, _transport.Receive(Make(0, 1, diff: BlobDiff(9)), 11));
        Assert.Equal(new byte[] { 1 }, _transport.RemoteState.Contents.ToArray());
    }

    [Fact]
    public void ThrowawayDiscardsOlderStatesSoTheyCannotBeReferenced()
    {
        _transport.Receive(Make(0, 1, diff: BlobDiff(1)), 10);
        _transport.Receive(Make(1, 2, throwawayNum: 1, diff: BlobDiff(2)), 11);
        Assert.Equal(2, _transport.Receiver.Count);
        Assert.Equal(1UL, _transport.Receiver.NumAt(0));
        Assert.Equal(ReceiveResult.UnknownReference, _transport.Receive(Make(0, 3, diff: BlobDiff(3)), 12));
    }

    [Fact]
    public void HostileThrowawayNeverDiscardsTheReference()
    {
        _transport.Receive(Make(0, 1, diff: BlobDiff(1)), 10);
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(1, 2, throwawayNum: 99, diff: BlobDiff(2)), 11));
        Assert.Equal(new ulong[] { 1, 2 }, Enumerable.Range(0, 2).Select(i => _transport.Receiver.NumAt(i)));
    }

    [Fact]
    public void BeyondTheLimitOneStateIsAcceptedPer15Seconds()
    {
        for (ulong n = 1; n <= 1024; n++)
        {
            Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, n), 10));
        }
        Assert.Equal(1025, _transport.Receiver.Count);
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, 1025), 10));     // starts the quench timer
        Assert.Equal(ReceiveResult.Quenched, _transport.Receive(Make(0, 1026), 10));
        Assert.Equal(ReceiveResult.Quenched, _transport.Receive(Make(0, 1026), 15_009));
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, 1026), 15_010));
        Assert.Equal(1027, _transport.Receiver.Count);
        // Throwing states away lifts the limit.
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(1026, 1027, throwawayNum: 1026), 15_011));
        Assert.Equal(2, _transport.Receiver.Count);
    }

    [Fact]
    public void BeyondTheFootprintLimitOneStateIsAcceptedPer15Seconds()
    {
        // Few states, each big: the count limit is far away, the footprint one is not.
        byte[] big = BlobDiff(new byte[1 << 20]);
        int fits = (int)(TransportTiming.ReceivedFootprintLimit >> 20);
        ulong n = 1;
        for (; n <= (ulong)fits + 1; n++)
        {
            Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, n, diff: big), 10));
        }
        Assert.True(_transport.Receiver.Footprint > TransportTiming.ReceivedFootprintLimit);
        Assert.True(_transport.Receiver.Count < 100);
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, n++, diff: big), 20)); // starts the quench timer
        Assert.Equal(ReceiveResult.Quenched, _transport.Receive(Make(0, n, diff: big), 20));
        Assert.Equal(ReceiveResult.Quenched, _transport.Receive(Make(0, n, diff: big), 15_019));
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, n, diff: big), 15_020));
        // Throwing states away gives the footprint back.
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(n, n + 1, throwawayNum: n, diff: BlobDiff(1)), 15_021));
        Assert.Equal(2, _transport.Receiver.Count);
        Assert.Equal((1 << 20) + 1, _transport.Receiver.Footprint);
    }

    [Fact]
    public void VersionMismatchUsesNothingOfTheInstruction()
    {
        _sink.NowMs = 0;
        _transport.Tick(0); // our state 1 is sent
        Assert.Equal(ReceiveResult.VersionMismatch, _transport.Receive(Make(0, 1, ackNum: 1, diff: BlobDiff(1), version: 1), 10));
        Assert.Equal(0UL, _transport.Sender.AckedStateNum);
        Assert.Equal(0UL, _transport.RemoteStateNum);
        Assert.Equal(ReceiveResult.NewestState, _transport.Receive(Make(0, 1, ackNum: 1, diff: BlobDiff(1)), 10));
        Assert.Equal(1UL, _transport.Sender.AckedStateNum);
    }

    [Fact]
    public void MalformedDiffIsDroppedWithoutAck()
    {
        Assert.Equal(ReceiveResult.MalformedDiff, _transport.Receive(Make(0, 1, diff: new byte[] { 7 }), 10));
        Assert.Equal(0UL, _transport.RemoteStateNum);
        Assert.Equal(1, _transport.Receiver.Count);
    }

    [Fact]
    public void AckIsProcessedEvenFromAnIgnoredInstruction()
    {
        _sink.NowMs = 0;
        _transport.Tick(0);
        Assert.Equal(ReceiveResult.UnknownReference, _transport.Receive(Make(77, 78, ackNum: 1), 30));
        Assert.Equal(1UL, _transport.Sender.AckedStateNum);
        Assert.Equal(0, _transport.LastRoundtripSuccessMs);
    }
}
