using Mosh.Testing;
using Mosh.Transport;

namespace Mosh.Tests.Transport;

/// <summary>
/// The wire rules of <see cref="Connection{TSocket, TAddress}"/> (protocol §3.2, §3.3), run in
/// process: real sealed datagrams over a simulated network in virtual time.
/// </summary>
public class ConnectionTests
{
    private static ConnectionHarness<BlobState, BlobState> Session() =>
        new(new BlobState(), new BlobState(), new BlobState(), new BlobState());

    /// <summary>The client's state reaches the server and back comes the server's: the session is up.</summary>
    private static void Establish(ConnectionHarness<BlobState, BlobState> h)
    {
        h.Client.CurrentState.SetNumber(1);
        h.Server.CurrentState.SetNumber(100);
        Assert.True(h.RunUntil(2_000, () => h.Server.RemoteState.ContentEquals(h.Client.CurrentState)
            && h.Client.RemoteState.ContentEquals(h.Server.CurrentState)), "the session never came up");
    }

    private static bool Synced(ConnectionHarness<BlobState, BlobState> h) =>
        h.Server.RemoteState.ContentEquals(h.Client.CurrentState) && h.Client.RemoteState.ContentEquals(h.Server.CurrentState);

    [Fact]
    public void ServerLearnsItsClientFromTheFirstAuthenticDatagram()
    {
        using var h = Session();
        Assert.False(h.ServerConnection.HasPeer);
        Establish(h);
        Assert.True(h.ServerConnection.HasPeer);
        Assert.Equal(h.ClientSocket.PublicAddress, h.ServerConnection.Peer);
        Assert.Equal(1, h.ServerConnection.PeerChanges);
    }

    [Fact]
    public void ServerFollowsTheClientToANewAddress()
    {
        using var h = Session();
        Establish(h);
        var moved = new SimAddress(ConnectionHarness<BlobState, BlobState>.ClientHost + 10, 50_000);
        h.ClientSocket.PublicAddress = moved;

        h.Client.CurrentState.SetNumber(2);
        h.Server.CurrentState.SetNumber(200);
        Assert.True(h.RunUntil(h.NowMs + 2_000, () => Synced(h)), "no convergence after the move");
        Assert.Equal(moved, h.ServerConnection.Peer);
        Assert.True(h.ServerReceived.PeerChanged);
        Assert.Equal(2, h.ServerConnection.PeerChanges);
    }

    [Fact]
    public void AReplayedOldDatagramFromElsewhereDoesNotMoveThePeer()
    {
        using var h = Session();
        h.Network.Recorded = new();
        Establish(h);
        (SimAddress from, SimAddress to, byte[] old) = h.Network.Recorded.First(r => r.To == ConnectionHarness<BlobState, BlobState>.ServerAddress);
        Assert.Equal(h.ClientSocket.PublicAddress, from);
        h.Client.CurrentState.SetNumber(3);
        Assert.True(h.RunUntil(h.NowMs + 2_000, () => Synced(h)));
        long unauthenticBefore = h.ServerReceived.Unauthentic;
        int datagramsBefore = h.ServerReceived.Datagrams;

        var attacker = new SimAddress(99, 6666);
        h.Network.Inject(attacker, to, old);
        Assert.True(h.RunUntil(h.NowMs + 1_000, () => h.ServerReceived.Datagrams > datagramsBefore));
        h.RunFor(500);

        // Authentic but old: it must neither move the peer nor be counted as unauthentic.
        Assert.Equal(from, h.ServerConnection.Peer);
        Assert.Equal(1, h.ServerConnection.PeerChanges);
        Assert.Equal(unauthenticBefore, h.ServerReceived.Unauthentic);
        Assert.True(Synced(h));
    }

    [Fact]
    public void GarbageAndWrongKeyDatagramsAreCountedAndChangeNothing()
    {
        using var h = Session();
        Establish(h);
        var attacker = new SimAddress(99, 6666);
        var garbage = new byte[200];
        new Random(7).NextBytes(garbage);
        h.Network.Inject(attacker, ConnectionHarness<BlobState, BlobState>.ServerAddress, garbage);
        h.Network.Inject(attacker, ConnectionHarness<BlobState, BlobState>.ServerAddress, garbage.AsSpan(0, 10));
        h.RunFor(500);
        Assert.Equal(2, h.ServerReceived.Unauthentic);
        Assert.Equal(1, h.ServerReceived.IntegrityFailures);
        Assert.Equal(1, h.ServerConnection.DroppedCount(ReceiveStatus.TooShort));
        Assert.Equal(1, h.ServerConnection.DroppedCount(ReceiveStatus.AuthenticationFailed));
        Assert.Equal(1, h.ServerConnection.PeerChanges);
        Assert.True(Synced(h));
    }

    [Fact]
    public void ClientHopsToAFreshPortAfterAOneWayOutage()
    {
        using var h = Session();
        Establish(h);
        SimulatedSocket first = h.ClientSocket;
        long outageStart = h.NowMs;

        // Replies stop (a NAT that dropped our mapping): nothing round-trips.
        h.Network.Towards(ConnectionHarness<BlobState, BlobState>.ClientHost).Up = false;
        h.Client.CurrentState.SetNumber(4);
        Assert.True(h.RunUntil(outageStart + 20_000, () => h.ClientConnection.SocketCount > 1), "the client never hopped");
        Assert.InRange(h.NowMs - outageStart, Connection<SimulatedSocket, SimAddress>.PortHopIntervalMs,
            Connection<SimulatedSocket, SimAddress>.PortHopIntervalMs + 4_000);
        Assert.NotEqual(first.LocalAddress, h.ClientSocket.LocalAddress);

        h.Network.Towards(ConnectionHarness<BlobState, BlobState>.ClientHost).Up = true;
        h.Server.CurrentState.SetNumber(400);
        Assert.True(h.RunUntil(h.NowMs + 5_000, () => Synced(h)), "no convergence after the hop");
        // The server's reply may still reach the old socket; the client's next datagram moves it.
        h.RunFor(1_000);
        Assert.Equal(h.ClientSocket.PublicAddress, h.ServerConnection.Peer);

        // A minute after the hop, the old socket is closed.
        h.RunFor(Connection<SimulatedSocket, SimAddress>.OldSocketLifetimeMs + 5_000);
        Assert.Equal(1, h.ClientConnection.SocketCount);
        Assert.True(first.IsClosed);
    }

    [Fact]
    public void ClientKeepsAtMostTenSockets()
    {
        using var h = Session();
        Establish(h);
        h.Network.Towards(ConnectionHarness<BlobState, BlobState>.ServerHost).Up = false;
        h.RunFor(15 * Connection<SimulatedSocket, SimAddress>.PortHopIntervalMs);
        Assert.True(h.ClientSockets.Opened.Count > Connection<SimulatedSocket, SimAddress>.MaxSockets);
        Assert.Equal(Connection<SimulatedSocket, SimAddress>.MaxSockets, h.ClientConnection.SocketCount);
        Assert.True(h.ClientSockets.Opened[0].IsClosed);
    }

    [Fact]
    public void ServerForgetsASilentClientAndTakesItBack()
    {
        using var h = Session();
        Establish(h);
        h.Network.Towards(ConnectionHarness<BlobState, BlobState>.ServerHost).Up = false;
        h.Server.CurrentState.SetNumber(500);
        h.RunFor(Connection<SimulatedSocket, SimAddress>.AssociationTimeoutMs + 5_000);
        Assert.False(h.ServerConnection.HasPeer);
        h.Network.Recorded = new();
        h.RunFor(10_000);
        Assert.DoesNotContain(h.Network.Recorded, r => r.From == ConnectionHarness<BlobState, BlobState>.ServerAddress);
        Assert.Contains(h.Network.Recorded, r => r.To == ConnectionHarness<BlobState, BlobState>.ServerAddress);

        h.Network.Towards(ConnectionHarness<BlobState, BlobState>.ServerHost).Up = true;
        h.Server.CurrentState.SetNumber(501);
        h.Client.CurrentState.SetNumber(7);
        Assert.True(h.RunUntil(h.NowMs + 10_000, () => h.ServerConnection.HasPeer && Synced(h)),
            "the server never took its client back");
        Assert.True(h.ServerConnection.HasPeer);
    }

    [Fact]
    public void FailedSendsAreAnErrnoUntilASendSucceeds()
    {
        using var h = Session();
        Establish(h);
        Assert.Equal(0, h.ClientConnection.SendErrno);
        h.ClientSocket.FailSendsWith = 101; // ENETUNREACH
        long failedAt = h.NowMs;
        h.Client.CurrentState.SetNumber(6);
        h.RunFor(1_000);
        Assert.Equal(101, h.ClientConnection.SendErrno);
        Assert.InRange(h.ClientConnection.SendErrorSinceMs, failedAt, failedAt + 1_000);
        long since = h.ClientConnection.SendErrorSinceMs;
        h.RunFor(2_000);
        Assert.Equal(since, h.ClientConnection.SendErrorSinceMs);

        h.ClientSocket.FailSendsWith = 0;
        Assert.True(h.RunUntil(h.NowMs + 5_000, () => Synced(h)));
        Assert.Equal(0, h.ClientConnection.SendErrno);
    }

    [Fact]
    public void LastContactIsWhenTheNewestRemoteStateArrived()
    {
        using var h = Session();
        Establish(h);
        long contact = h.ClientConnection.LastNewRemoteStateMs;
        Assert.InRange(contact, 0, h.NowMs);
        h.RunFor(5_000); // a heartbeat is a new state too (protocol §4.6)
        Assert.True(h.ClientConnection.LastNewRemoteStateMs > contact);
        h.Network.Towards(ConnectionHarness<BlobState, BlobState>.ClientHost).Up = false;
        long silentFrom = h.NowMs;
        h.RunFor(8_000);
        Assert.InRange(h.ClientConnection.LastNewRemoteStateMs, silentFrom - 3_100, silentFrom);
    }
}
