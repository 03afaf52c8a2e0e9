using Mosh.Transport;
using Mosh.Crypto;
using Mosh.Network;

namespace Mosh.Testing;

/// <summary>
/// A client transport and a server transport joined by two <see cref="SimulatedLink"/>s, run in
/// virtual time: each <see cref="Step"/> jumps to the next timer or delivery, delivers what is
/// due and ticks both sides, exactly as the programs' event loops do, minus sockets and crypto.
/// Deterministic for given seeds; reusable by tests, benchmarks and fuzzers.
/// With <c>carryDatagrams</c>, instructions travel as real sealed datagrams through each side's
/// <see cref="PacketPipeline"/> (protobuf, zlib, fragments, OCB, timestamps), and each side's
/// sender takes its RTO and frame interval from its own pipeline's RTT estimator.
/// </summary>
public sealed class SessionHarness<TClient, TServer> : VirtualTimeHarness, IDisposable
    where TClient : class, ISyncState<TClient>
    where TServer : class, ISyncState<TServer>
{
    public SessionHarness(
        TClient clientInitial, TServer serverInitial,
        LinkOptions clientToServer, LinkOptions serverToClient,
        IRttSource? clientRtt = null, IRttSource? serverRtt = null,
        long startMs = 0, bool carryDatagrams = false, bool serverReceivesAsUpstream = false)
        : this(clientInitial, serverInitial, serverInitial, clientInitial, clientToServer, serverToClient,
               clientRtt, serverRtt, startMs, carryDatagrams, serverReceivesAsUpstream)
    {
    }

    /// <param name="clientInitial">The client's own state 0.</param>
    /// <param name="serverInitial">The server's own state 0.</param>
    /// <param name="clientAssumedServer">What the client assumes the server's state 0 is (protocol §5.3).</param>
    /// <param name="serverAssumedClient">What the server assumes the client's state 0 is.</param>
    /// <param name="serverReceivesAsUpstream">The server holds no early instructions, as upstream 1.4.0's (to model interop).</param>
    public SessionHarness(
        TClient clientInitial, TServer serverInitial, TServer clientAssumedServer, TClient serverAssumedClient,
        LinkOptions clientToServer, LinkOptions serverToClient,
        IRttSource? clientRtt, IRttSource? serverRtt, long startMs, bool carryDatagrams = false,
        bool serverReceivesAsUpstream = false)
        : base(startMs)
    {
        if (carryDatagrams)
        {
            ClientPipeline = new PacketPipeline(new OcbCipher(SessionKeyBytes), Direction.ToServer) { DatagramMtu = Mtu.IPv4DatagramMtu };
            ServerPipeline = new PacketPipeline(new OcbCipher(SessionKeyBytes), Direction.ToClient) { DatagramMtu = Mtu.IPv4DatagramMtu };
            ClientToServer = new SimulatedLink(Clock, clientToServer, ClientPipeline, ServerPipeline);
            ServerToClient = new SimulatedLink(Clock, serverToClient, ServerPipeline, ClientPipeline);
            clientRtt ??= ClientPipeline;
            serverRtt ??= ServerPipeline;
        }
        else
        {
            ClientToServer = new SimulatedLink(Clock, clientToServer);
            ServerToClient = new SimulatedLink(Clock, serverToClient);
        }
        // A server knows no client until the client's first packet arrives.
        ServerToClient.HasPeer = false;
        Client = new Transport<TClient, TServer>(TransportSide.Client, clientInitial, clientAssumedServer,
            clientRtt ?? FixedRtt.Loopback(), ClientToServer, startMs);
        Server = new Transport<TServer, TClient>(TransportSide.Server, serverInitial, serverAssumedClient,
            serverRtt ?? FixedRtt.Loopback(), ServerToClient, startMs,
            serverReceivesAsUpstream ? 0 : TransportTiming.EarlyInstructionLimit);
    }

    /// <summary>The fixed session key of datagram mode (tests only).</summary>
    private static ReadOnlySpan<byte> SessionKeyBytes => [0x4d, 0x6f, 0x73, 0x68, 0x2d, 0x61, 0x6f, 0x74, 0x2d, 0x68, 0x61, 0x72, 0x6e, 0x65, 0x73, 0x73];

    /// <summary>The client's wire pipeline in datagram mode, else null.</summary>
    public PacketPipeline? ClientPipeline { get; }

    public PacketPipeline? ServerPipeline { get; }

    public Transport<TClient, TServer> Client { get; }

    public Transport<TServer, TClient> Server { get; }

    public SimulatedLink ClientToServer { get; }

    public SimulatedLink ServerToClient { get; }

    /// <summary>Sees every instruction delivered to the server, before the server does (allocates nothing itself).</summary>
    public Action<Instruction>? ServerDelivery { get; set; }

    /// <summary>Receive results on each side, by kind (diagnostics).</summary>
    public long[] ServerReceiveCounts { get; } = new long[Enum.GetValues<ReceiveResult>().Length];

    public long[] ClientReceiveCounts { get; } = new long[Enum.GetValues<ReceiveResult>().Length];

    /// <summary>Delivered instructions whose new number exceeded the receiver's newest, per side.</summary>
    public long ServerNewStates => ServerReceiveCounts[(int)ReceiveResult.NewestState];

    public long ClientNewStates => ClientReceiveCounts[(int)ReceiveResult.NewestState];

    /// <summary>When the next thing happens: a timer on either side or a delivery on either link.</summary>
    public override long NextEventMs()
    {
        long now = Clock.NowMs;
        long next = Math.Min(ClientToServer.NextDeliveryMs, ServerToClient.NextDeliveryMs);
        next = Math.Min(next, now + Client.WaitTimeMs(now));
        next = Math.Min(next, now + Server.WaitTimeMs(now));
        return Math.Max(next, now);
    }

    protected override void RunDue(long nowMs)
    {
        DeliverDue();
        Client.Tick(nowMs);
        Server.Tick(nowMs);
    }

    /// <summary>Runs until <paramref name="done"/> holds (checked after every step) or the deadline passes.</summary>
    public bool RunUntil(long deadlineMs, Func<SessionHarness<TClient, TServer>, bool> done) =>
        RunUntil(deadlineMs, () => done(this));

    public void Dispose()
    {
        ClientPipeline?.Dispose();
        ServerPipeline?.Dispose();
    }

    private void DeliverDue()
    {
        long now = Clock.NowMs;
        while (ClientToServer.TryTakeDue(now, out Instruction toServer))
        {
            // The server learns (or re-learns) its peer from any packet that arrives (protocol §3.2).
            ServerToClient.HasPeer = true;
            ServerDelivery?.Invoke(toServer);
            ServerReceiveCounts[(int)Server.Receive(toServer, now)]++;
        }
        while (ServerToClient.TryTakeDue(now, out Instruction toClient))
        {
            ClientReceiveCounts[(int)Client.Receive(toClient, now)]++;
        }
    }
}
