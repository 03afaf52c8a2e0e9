using Mosh.Crypto;
using Mosh.Network;
using Mosh.Transport;

namespace Mosh.Testing;

/// <summary>
/// A client and a server as the programs run them — each a <see cref="Transport{TLocal, TRemote}"/>
/// over a real <see cref="Connection{TSocket, TAddress}"/> (sealed datagrams, roaming, port
/// hopping, send errors) — joined by a <see cref="SimulatedNetwork"/> in virtual time. Each
/// <see cref="Step"/> jumps to the next timer or delivery, receives what arrived on every socket,
/// runs the optional per-side application hooks and ticks both transports, in the order of the
/// programs' poll loops. Deterministic for a given seed; allocation-free once warm.
/// </summary>
public sealed class ConnectionHarness<TClient, TServer> : VirtualTimeHarness, IDisposable
    where TClient : class, ISyncState<TClient>
    where TServer : class, ISyncState<TServer>
{
    public const int ClientHost = 1;
    public const int ServerHost = 2;

    /// <summary>The server's well-known address.</summary>
    public static readonly SimAddress ServerAddress = new(ServerHost, 60001);

    public ConnectionHarness(TClient clientInitial, TServer serverInitial, TServer clientAssumedServer,
        TClient serverAssumedClient, long startMs = 0, ulong seed = 1)
        : base(startMs)
    {
        Network = new SimulatedNetwork(Clock, seed);
        ClientSockets = new SimulatedSocketFactory(Network, ClientHost);
        ServerSocket = Network.Bind(ServerAddress);
        ClientConnection = Connection<SimulatedSocket, SimAddress>.ForClient(new OcbCipher(Key), ServerAddress, ClientSockets, startMs);
        ServerConnection = Connection<SimulatedSocket, SimAddress>.ForServer(new OcbCipher(Key), ServerSocket);
        Client = new Transport<TClient, TServer>(TransportSide.Client, clientInitial, clientAssumedServer,
            ClientConnection.Pipeline, ClientConnection, startMs);
        Server = new Transport<TServer, TClient>(TransportSide.Server, serverInitial, serverAssumedClient,
            ServerConnection.Pipeline, ServerConnection, startMs);
    }

    /// <summary>The session key both sides share (tests only).</summary>
    public static SessionKey Key => new SessionKey([0x4d, 0x6f, 0x73, 0x68, 0x2d, 0x61, 0x6f, 0x74, 0x2d, 0x6e, 0x65, 0x74, 0x77, 0x6f, 0x72, 0x6b]);

    public SimulatedNetwork Network { get; }

    public SimulatedSocketFactory ClientSockets { get; }

    public SimulatedSocket ServerSocket { get; }

    public Connection<SimulatedSocket, SimAddress> ClientConnection { get; }

    public Connection<SimulatedSocket, SimAddress> ServerConnection { get; }

    public Transport<TClient, TServer> Client { get; }

    public Transport<TServer, TClient> Server { get; }

    /// <summary>Runs after the server received, before it ticks: the server program's work (apply input, write output).</summary>
    public Action<long>? ServerApplication { get; set; }

    /// <summary>Runs after the client received, before it ticks.</summary>
    public Action<long>? ClientApplication { get; set; }

    /// <summary>Receive summaries added up over the run, per side.</summary>
    public ReceiveSummary ClientReceived;

    public ReceiveSummary ServerReceived;

    /// <summary>The client's newest socket (the one it sends from).</summary>
    public SimulatedSocket ClientSocket => ClientConnection.Socket(ClientConnection.SocketCount - 1);

    public override long NextEventMs()
    {
        long now = Clock.NowMs;
        long next = Network.NextDeliveryMs;
        next = Math.Min(next, now + Client.WaitTimeMs(now));
        next = Math.Min(next, now + Server.WaitTimeMs(now));
        return Math.Max(next, now);
    }

    protected override void RunDue(long next)
    {
        Network.DeliverDue();
        for (int i = ServerConnection.SocketCount - 1; i >= 0; i--)
        {
            Add(ref ServerReceived, ServerConnection.ReceiveWaiting(i, next, Server));
        }
        for (int i = ClientConnection.SocketCount - 1; i >= 0; i--)
        {
            if (i < ClientConnection.SocketCount)
            {
                Add(ref ClientReceived, ClientConnection.ReceiveWaiting(i, next, Client));
            }
        }
        ServerApplication?.Invoke(next);
        ClientApplication?.Invoke(next);
        Server.Tick(next);
        Client.Tick(next);
    }

    private static void Add(ref ReceiveSummary total, in ReceiveSummary more)
    {
        total.Datagrams += more.Datagrams;
        total.Unauthentic += more.Unauthentic;
        total.IntegrityFailures += more.IntegrityFailures;
        total.Instructions += more.Instructions;
        total.NewRemoteStates += more.NewRemoteStates;
        total.VersionMismatches += more.VersionMismatches;
        total.PeerChanged |= more.PeerChanged;
    }

    public void Dispose()
    {
        ClientConnection.Dispose();
        ServerConnection.Dispose();
    }
}
