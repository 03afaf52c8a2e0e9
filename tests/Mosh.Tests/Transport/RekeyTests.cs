using System.Buffers.Binary;
using System.Text;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Testing;
using Mosh.Transport;

namespace Mosh.Tests.Transport;

/// <summary>
/// The key change behind attach and detach (protocol §14.1), over real connections on a
/// simulated network: after <see cref="Connection{TSocket, TAddress}.Rekey"/> the old key's
/// datagrams never reach the receiver again (they are only answered with a notice under that
/// key, whose own sequence numbers go on), the new key starts its own sequence space, and a
/// transport for the new peer brings it from state 0 to the whole current state.
/// </summary>
public class RekeyTests
{
    private static readonly SimAddress ServerAddress = new(2, 60001);

    private static SessionKey Key(byte fill) => new(Enumerable.Repeat(fill, SessionKey.Length).ToArray());

    private sealed class CountingReceiver : IInstructionReceiver
    {
        public int Count;
        public ulong LastNewNum;

        public ReceiveResult Receive(in Instruction instruction, long nowMs)
        {
            Count++;
            LastNewNum = instruction.NewNum;
            return ReceiveResult.NewestState;
        }

        public long LastRoundtripSuccessMs => 0;
    }

    private sealed class World
    {
        public readonly VirtualClock Clock = new(1000);
        public readonly SimulatedNetwork Network;
        public readonly Connection<SimulatedSocket, SimAddress> Server;
        public readonly Connection<SimulatedSocket, SimAddress> OldClient;
        public readonly CountingReceiver ServerReceiver = new();
        public readonly CountingReceiver ClientReceiver = new();

        public World()
        {
            Network = new SimulatedNetwork(Clock) { Recorded = new() };
            Server = Connection<SimulatedSocket, SimAddress>.ForServer(new OcbCipher(Key(1)), Network.Bind(ServerAddress));
            Server.LocalFeatures = SessionFeatures.Sessions;
            Server.SessionId = "abc234";
            OldClient = Connection<SimulatedSocket, SimAddress>.ForClient(new OcbCipher(Key(1)), ServerAddress,
                new SimulatedSocketFactory(Network, 1), Clock.NowMs);
            OldClient.LocalFeatures = SessionFeatures.Sessions;
        }

        public long Now => Clock.NowMs;

        public void Deliver()
        {
            Clock.NowMs += 50;
            Network.DeliverDue();
        }

        public ReceiveSummary ServerReceives() => Server.ReceiveWaiting(0, Now, ServerReceiver);

        public ReceiveSummary ClientReceives(Connection<SimulatedSocket, SimAddress> client, CountingReceiver receiver) =>
            client.ReceiveWaiting(client.SocketCount - 1, Now, receiver);

        /// <summary>The old client and the server exchange one instruction each way, so each knows the other's features.</summary>
        public void Handshake()
        {
            OldClient.Send(Instructions.Make(0, 1), Now);
            Deliver();
            Assert.Equal(1, ServerReceives().Instructions);
            Server.Send(Instructions.Make(0, 1, ackNum: 1), Now);
            Deliver();
            Assert.Equal(1, ClientReceives(OldClient, ClientReceiver).Instructions);
        }
    }

    [Fact]
    public void FeaturesAndSessionIdAreLearnedOnlyFromAPeerThatAdvertises()
    {
        var w = new World();
        w.Handshake();
        Assert.Equal(SessionFeatures.Sessions, w.Server.PeerFeatures);
        Assert.Equal(SessionFeatures.Sessions, w.OldClient.PeerFeatures);
        Assert.Equal("abc234", w.OldClient.SessionId);

        // A client that advertises nothing (upstream's) is never sent the fields.
        var plain = new World();
        plain.OldClient.LocalFeatures = SessionFeatures.None;
        plain.Handshake();
        Assert.Equal(SessionFeatures.None, plain.OldClient.PeerFeatures);
        Assert.Equal("", plain.OldClient.SessionId);
    }

    [Fact]
    public void AfterRekeyTheOldKeysDatagramsAreRefusedAndAnsweredWithANotice()
    {
        var w = new World();
        w.Handshake();
        // A datagram of the old client, captured before the attach, to be replayed after it.
        w.OldClient.Send(Instructions.Make(1, 2, ackNum: 1), w.Now);
        byte[] captured = w.Network.Recorded!.Last(r => r.To == ServerAddress).Datagram;
        w.Deliver();
        Assert.Equal(1, w.ServerReceives().Instructions);
        int appliedBefore = w.ServerReceiver.Count;

        w.Server.Rekey(new OcbCipher(Key(2)), detached: false, "192.0.2.7", w.Now);
        Assert.False(w.Server.HasPeer);
        Assert.Equal(0UL, w.Server.Pipeline.Datagrams.NextSequence);

        // The old client is told at once, under its own key.
        w.Deliver();
        ReceiveSummary told = w.ClientReceives(w.OldClient, w.ClientReceiver);
        Assert.True(told.Retired);
        Assert.Equal(new RetirementNotice(RetirementKind.TakenOver, "192.0.2.7"), w.OldClient.Retirement);

        // Its next datagram and a replay of an earlier one are refused: never an instruction.
        w.OldClient.Send(Instructions.Make(2, 3, ackNum: 1), w.Now);
        w.Network.Inject(new SimAddress(1, 40000), ServerAddress, captured);
        w.Deliver();
        ReceiveSummary refused = w.ServerReceives();
        Assert.Equal(0, refused.Instructions);
        Assert.Equal(2, refused.RetiredKeyDatagrams);
        Assert.Equal(appliedBefore, w.ServerReceiver.Count);
        Assert.False(w.Server.HasPeer);

        // A client with the new key is accepted and becomes the peer.
        var newClient = Connection<SimulatedSocket, SimAddress>.ForClient(new OcbCipher(Key(2)), ServerAddress,
            new SimulatedSocketFactory(w.Network, 3), w.Now);
        newClient.Send(Instructions.Make(0, 1), w.Now);
        w.Deliver();
        Assert.Equal(1, w.ServerReceives().Instructions);
        Assert.True(w.Server.HasPeer);
        Assert.Equal(3, w.Server.Peer.Host);

        // Once the retired key is forgotten, its datagrams are plain integrity failures.
        w.Clock.NowMs += Connection<SimulatedSocket, SimAddress>.RetiredKeyLifetimeMs;
        w.Network.Inject(new SimAddress(1, 40000), ServerAddress, captured);
        w.Deliver();
        ReceiveSummary late = w.ServerReceives();
        Assert.Equal((0, 0, 1), (late.Instructions, late.RetiredKeyDatagrams, late.IntegrityFailures));
    }

    [Fact]
    public void NoNonceIsUsedTwiceUnderEitherKey()
    {
        var w = new World();
        w.Handshake();
        for (int i = 0; i < 3; i++) w.Server.Send(Instructions.Make(1, (ulong)(2 + i), ackNum: 1), w.Now);
        w.Server.Rekey(new OcbCipher(Key(2)), detached: false, "192.0.2.7", w.Now);
        for (int i = 0; i < 3; i++)
        {
            w.OldClient.Send(Instructions.Make(1, (ulong)(2 + i), ackNum: 1), w.Now);
            w.Clock.NowMs += Connection<SimulatedSocket, SimAddress>.RetirementNoticeIntervalMs;
            w.Network.DeliverDue();
            w.ServerReceives();
        }
        var newClient = Connection<SimulatedSocket, SimAddress>.ForClient(new OcbCipher(Key(2)), ServerAddress,
            new SimulatedSocketFactory(w.Network, 3), w.Now);
        newClient.Send(Instructions.Make(0, 1), w.Now);
        w.Deliver();
        w.ServerReceives();
        for (int i = 0; i < 3; i++) w.Server.Send(Instructions.Make(0, (ulong)(1 + i), ackNum: 1), w.Now);

        // Sort the server's datagrams by the key that opens them; within a key, nonces never repeat.
        var oldKey = new DatagramCodec(new OcbCipher(Key(1)), Direction.ToServer);
        var newKey = new DatagramCodec(new OcbCipher(Key(2)), Direction.ToServer);
        var plaintext = new byte[Mtu.MaxDatagramLength];
        var underOld = new List<ulong>();
        var underNew = new List<ulong>();
        foreach (var (from, _, datagram) in w.Network.Recorded!.Where(r => r.From == ServerAddress))
        {
            ulong nonce = BinaryPrimitives.ReadUInt64BigEndian(datagram);
            if (oldKey.Open(datagram, plaintext, out _) == OpenResult.Ok) underOld.Add(nonce);
            else if (newKey.Open(datagram, plaintext, out _) == OpenResult.Ok) underNew.Add(nonce);
            else Assert.Fail("a server datagram under neither key");
        }
        Assert.True(underOld.Count >= 6, $"{underOld.Count} datagrams under the old key");
        Assert.Equal(3, underNew.Count);
        Assert.Equal(underOld.Count, underOld.Distinct().Count());
        Assert.Equal(underOld.OrderBy(n => n), underOld);
        Assert.Equal(underNew.Count, underNew.Distinct().Count());
    }

    [Fact]
    public void DetachRequestIsReportedAndConfirmedWithADetachedNotice()
    {
        var w = new World();
        w.Handshake();
        w.OldClient.DetachRequested = true;
        w.OldClient.Send(Instructions.Make(1, 2, ackNum: 1), w.Now);
        w.Deliver();
        Assert.True(w.ServerReceives().DetachRequested);
        w.Server.Rekey(new OcbCipher(Key(2)), detached: true, "", w.Now);
        w.Deliver();
        Assert.True(w.ClientReceives(w.OldClient, w.ClientReceiver).Retired);
        Assert.Equal(RetirementKind.Detached, w.OldClient.Retirement.Kind);
    }

    [Fact]
    public void UpstreamClientIsNeverSentANotice()
    {
        var w = new World();
        w.OldClient.LocalFeatures = SessionFeatures.None;
        w.Handshake();
        w.Server.Rekey(new OcbCipher(Key(2)), detached: false, "192.0.2.7", w.Now);
        w.OldClient.Send(Instructions.Make(1, 2, ackNum: 1), w.Now);
        w.Deliver();
        Assert.Equal(1, w.ServerReceives().RetiredKeyDatagrams);
        w.Deliver();
        ReceiveSummary client = w.ClientReceives(w.OldClient, w.ClientReceiver);
        Assert.Equal((0, false), (client.Datagrams, client.Retired));
    }

    [Fact]
    public void InstructionExtensionsRoundTripAndAreAbsentByDefault()
    {
        Instruction plain = Instructions.Make(1, 2, 3, 4, [9, 9]);
        var buffer = new byte[256];
        int n = InstructionCodec.Encode(plain, buffer);
        Assert.Equal(InstructionCodec.GetEncodedLength(plain), n);
        Instruction withFields = plain;
        withFields.Features = SessionFeatures.Sessions;
        withFields.SessionId = Encoding.UTF8.GetBytes("abc234");
        withFields.DetachRequest = true;
        withFields.Detached = true;
        withFields.TakenOverBy = Encoding.UTF8.GetBytes("192.0.2.7");
        int m = InstructionCodec.Encode(withFields, buffer.AsSpan(n));
        Assert.Equal(InstructionCodec.GetEncodedLength(withFields), m);
        // The upstream fields come first and are unchanged: an upstream peer skips the rest.
        Assert.Equal(buffer.AsSpan(0, n).ToArray(), buffer.AsSpan(n, n).ToArray());
        Assert.Equal(InstructionDecodeResult.Ok, InstructionCodec.Decode(buffer.AsMemory(n, m), out Instruction back));
        Assert.Equal(SessionFeatures.Sessions, back.Features);
        Assert.Equal("abc234", Encoding.UTF8.GetString(back.SessionId.Span));
        Assert.True(back.DetachRequest && back.Detached && back.IsRetirementNotice);
        Assert.Equal("192.0.2.7", Encoding.UTF8.GetString(back.TakenOverBy.Span));
    }

    [Fact]
    public void TransportForANewPeerSendsTheWholeCurrentStateFromStateZero()
    {
        var sink = new RecordingSink();
        var rtt = FixedRtt.Initial();
        var live = new BlobState("the screen as it is now"u8);
        var transport = Transport<BlobState, BlobState>.ForNewPeer(TransportSide.Server, new BlobState(), live,
            new BlobState(), rtt, sink, 0);
        Assert.Same(live, transport.CurrentState);
        for (long t = 0; t <= 1000 && sink.Sent.Count == 0; t += 10)
        {
            sink.NowMs = t;
            transport.Tick(t);
        }
        SentRecord first = Assert.Single(sink.Sent);
        Assert.Equal(0UL, first.OldNum);
        var fresh = new BlobState();
        Assert.True(fresh.TryApplyDiff(first.Diff));
        Assert.True(fresh.ContentEquals(live));
    }
}
