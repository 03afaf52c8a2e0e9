using Mosh.Network;
using Mosh.StateSync;
using Mosh.Testing;
using Mosh.Transport;

namespace Mosh.Tests.Transport;

/// <summary>
/// A paste much larger than a datagram, across a link that loses 30% of datagrams each way
/// (protocol §4.6.1). Sent whole, as upstream sends it, one instruction is lost if any of its
/// dozens of fragments is, and the whole diff is sent again each time: it never arrives. Sent in
/// pieces of a datagram or two, each an intermediate state of the user stream, it makes steady
/// progress. Real sealed datagrams in virtual time; deterministic for each seed.
/// </summary>
public class PasteUnderLossTests
{
    private const int PasteBytes = 64 << 10;

    /// <summary>Printable, varied text: compresses about as much as real text does.</summary>
    private static byte[] Paste(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var paste = new byte[PasteBytes];
        for (int i = 0; i < paste.Length; i++)
        {
            paste[i] = i % 64 == 63 ? (byte)'\r' : (byte)(' ' + random.Next(95));
        }
        return paste;
    }

    /// <param name="upstreamReceiver">The server holds no early instructions, as upstream 1.4.0's does not.</param>
    [Theory]
    [InlineData(1UL, false)]
    [InlineData(2UL, false)]
    [InlineData(3UL, false)]
    [InlineData(1UL, true)]
    [InlineData(2UL, true)]
    [InlineData(3UL, true)]
    public void A64KiBPasteArrivesIntactAt30PercentLossWithinAMinute(ulong seed, bool upstreamReceiver)
    {
        var c2s = new LinkOptions { DelayMs = 40, JitterMs = 10, LossRate = 0.3, Seed = seed };
        var s2c = new LinkOptions { DelayMs = 40, JitterMs = 10, LossRate = 0.3, Seed = seed + 100 };
        using var h = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(), c2s, s2c,
            carryDatagrams: true, serverReceivesAsUpstream: upstreamReceiver);
        h.Client.ChunkDiffBytes = Mtu.ChunkDiffBytes(Mtu.IPv4DatagramMtu);
        var reader = new UserInputReader();
        var received = new List<byte>(PasteBytes);
        var strict = new StrictReceiver();
        h.ServerDelivery = strict.Deliver;

        h.Client.CurrentState.PushResize(80, 24);
        h.RunFor(2_000);
        byte[] paste = Paste(seed);
        h.Client.CurrentState.PushBytes(paste);
        long pastedAt = h.NowMs;
        bool arrived = h.RunUntil(pastedAt + 60_000, x =>
        {
            foreach (UserStreamEvent e in reader.TakeNew(x.Server.RemoteState))
            {
                if (!e.IsResize) received.Add(e.Byte);
            }
            x.Server.SubtractFromRemoteStates(reader.ConsumedPrefix);
            return received.Count >= PasteBytes;
        });

        Assert.True(arrived, $"{received.Count} of {PasteBytes} bytes arrived in 60 s");
        Assert.Equal(paste, received.ToArray());
        Assert.InRange(h.ClientToServer.MaxDatagramsPerInstruction, 1, 2);
        Assert.Null(strict.Violation);
    }

    /// <summary>
    /// What upstream's receiver would make of the same instructions: no holding, and an assertion
    /// (a crash, in upstream's server) if a state numbered higher holds less than one numbered
    /// lower. Every piece must be an ordinary state.
    /// </summary>
    private sealed class StrictReceiver
    {
        private readonly SortedDictionary<ulong, UserStream> _states = new() { [0] = new UserStream() };

        public string? Violation { get; private set; }

        public void Deliver(Instruction instruction)
        {
            if (_states.ContainsKey(instruction.NewNum) || !_states.TryGetValue(instruction.OldNum, out UserStream? reference))
            {
                return;
            }
            UserStream state = reference.Clone();
            if (!state.TryApplyDiff(instruction.Diff.Span))
            {
                Violation ??= $"state {instruction.NewNum}: malformed diff";
                return;
            }
            foreach ((ulong num, UserStream other) in _states)
            {
                bool lower = num < instruction.NewNum;
                if (lower ? other.TotalCount > state.TotalCount : other.TotalCount < state.TotalCount)
                {
                    Violation ??= $"state {instruction.NewNum} holds {state.TotalCount} events, state {num} holds {other.TotalCount}";
                }
            }
            _states[instruction.NewNum] = state;
        }
    }

    [Fact]
    public void PiecesStaySmallWhenAcksStopForLongerThanAHeartbeat()
    {
        // No acks for 8 s: the window fills, heartbeats fall due, the sender must go on sending
        // only pieces (and never claim to have sent more than it did).
        using var h = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(),
            LinkOptions.Perfect(20), LinkOptions.Perfect(20), carryDatagrams: true);
        h.Client.ChunkDiffBytes = Mtu.ChunkDiffBytes(Mtu.IPv4DatagramMtu);
        var strict = new StrictReceiver();
        h.ServerDelivery = strict.Deliver;
        var reader = new UserInputReader();
        ulong taken = 0;
        h.Client.CurrentState.PushResize(80, 24);
        h.RunFor(1_000);
        byte[] paste = Paste(9);
        h.ServerToClient.Options.Up = false;
        h.Client.CurrentState.PushBytes(paste);
        h.RunFor(8_000);
        h.ServerToClient.Options.Up = true;
        Assert.True(h.RunUntil(h.NowMs + 30_000, x =>
        {
            taken += (ulong)reader.TakeNew(x.Server.RemoteState).Length;
            x.Server.SubtractFromRemoteStates(reader.ConsumedPrefix);
            return taken >= (ulong)paste.Length + 1;
        }), "the paste did not arrive");
        Assert.InRange(h.ClientToServer.MaxDatagramsPerInstruction, 1, 2);
        Assert.Null(strict.Violation);
    }

    [Fact]
    public void OnAGoodLinkAPasteStillMovesFast()
    {
        // Pieces must not make a clean link slow: 1 MiB over 20 ms of delay in a few seconds.
        using var h = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(),
            LinkOptions.Perfect(10), LinkOptions.Perfect(10), carryDatagrams: true);
        h.Client.ChunkDiffBytes = Mtu.ChunkDiffBytes(Mtu.IPv4DatagramMtu);
        var reader = new UserInputReader();
        ulong keys = 0;
        h.Client.CurrentState.PushResize(80, 24);
        h.RunFor(1_000);
        var paste = new byte[1 << 20];
        for (int i = 0; i < paste.Length; i++) paste[i] = (byte)('a' + i % 26);
        h.Client.CurrentState.PushBytes(paste);
        long pastedAt = h.NowMs;
        Assert.True(h.RunUntil(pastedAt + 60_000, x =>
        {
            keys += (ulong)reader.TakeNew(x.Server.RemoteState).Length;
            x.Server.SubtractFromRemoteStates(reader.ConsumedPrefix);
            return keys >= (ulong)paste.Length + 1;
        }), "the paste did not arrive");
        long ms = h.NowMs - pastedAt;
        Assert.True(ms < 5_000, $"1 MiB took {ms} ms");
    }

    [Fact]
    public void AnInterruptKeyNeverWaitsBehindThePieces()
    {
        // The server takes nothing (a program that does not read): every piece after the first
        // is deferred. A ^C typed after the paste still gets there, in the piece that reaches it.
        using var h = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(),
            LinkOptions.Perfect(10), LinkOptions.Perfect(10), carryDatagrams: true);
        h.Client.ChunkDiffBytes = Mtu.ChunkDiffBytes(Mtu.IPv4DatagramMtu);
        var gate = new TakeOnlyInterrupts();
        h.Server.RemoteStateGate = gate;
        h.Client.CurrentState.PushResize(80, 24);
        h.RunFor(1_000);
        h.Client.CurrentState.PushBytes(new byte[200_000]);
        h.RunFor(2_000);
        Assert.True(h.Server.RemoteState.TotalCount < 100_000);
        h.Client.CurrentState.PushByte(0x03);
        Assert.True(h.RunUntil(h.NowMs + 5_000, x => x.Server.RemoteState.HasUrgentChangeAfter(new UserStream())),
            "the interrupt never arrived");
    }

    /// <summary>Admits the first state, then only those that carry ^C.</summary>
    private sealed class TakeOnlyInterrupts : IRemoteStateGate<UserStream>
    {
        public bool Admit(UserStream candidate, UserStream newest) =>
            newest.TotalCount == 0 || candidate.HasUrgentChangeAfter(newest);
    }
}
