using Mosh.Crypto;
using Mosh.Network;
using Mosh.Overlays;
using Mosh.Posix;
using Mosh.Testing;
using Mosh.Transport;

namespace Mosh.Tests.Posix;

/// <summary>
/// While a session is quiet, what reaches it from outside costs no allocation: datagrams that
/// fail authentication or are too large, read with recvmsg from a real UDP socket and dropped by
/// the real connection (server and client ends), and sends that fail in sendto (EACCES to the
/// broadcast address), with the client's notification-bar updates as the client makes them. No
/// string is formatted and no address is looked up on these paths.
/// </summary>
public class QuietPathAllocationTests
{
    private const int Rounds = 20_000;

    private static readonly byte[] s_key = Convert.FromHexString("4d6f73682d616f742d71756965742121");

    /// <summary>Garbage of mosh-like sizes, and now and then larger than any mosh datagram (the oversize path).</summary>
    private static ReadOnlySpan<byte> Garbage(int round, byte[] noise) =>
        noise.AsSpan(0, round % 16 == 0 ? Mtu.MaxDatagramLength + 200 : 24 + (round * 7919) % 1400);

    [Fact]
    public void ServerDropsGarbageFromARealSocketWithoutAllocating()
    {
        using UdpSocket serverSocket = UdpSocketTests.BoundLoopback();
        using UdpSocket attacker = UdpSocketTests.BoundLoopback();
        serverSocket.GetLocalAddress(out NetAddress serverAddress).ThrowIfError("getsockname");
        using var connection = Connection<UdpSocket, NetAddress>.ForServer(new OcbCipher(s_key), serverSocket);
        var transport = new Transport<BlobState, BlobState>(TransportSide.Server, new BlobState(), new BlobState(),
            connection.Pipeline, connection, 0);
        var poller = new Poller(1);
        poller.Add(serverSocket.Fd, PollEvents.Readable);
        var noise = new byte[4096];
        new Random(13).NextBytes(noise);
        int dropped = 0;

        void Round(int i)
        {
            attacker.SendTo(Garbage(i, noise), serverAddress);
            if (poller.Wait(1000, out _) > 0)
                dropped += connection.ReceiveWaiting(0, i, transport).Unauthentic;
        }

        for (int i = 0; i < 500; i++) Round(i);
        dropped = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++) Round(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Rounds, dropped);
        Assert.False(connection.HasPeer);                         // garbage never becomes the peer
        Assert.True(connection.DroppedCount(ReceiveStatus.Oversize) >= Rounds / 16);
        Assert.True(connection.DroppedCount(ReceiveStatus.AuthenticationFailed) >= Rounds / 2);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ClientDropsGarbageAndFailsToSendWithoutAllocating()
    {
        // Sends to the broadcast address fail with EACCES (no SO_BROADCAST): the real sendto failure path.
        Assert.True(NetAddress.TryParse("255.255.255.255", 60001, out NetAddress unreachable));
        using var connection = Connection<UdpSocket, NetAddress>.ForClient(new OcbCipher(s_key), unreachable,
            new UdpSocketFactory(IpFamily.IPv4), 0);
        var transport = new Transport<BlobState, BlobState>(TransportSide.Client, new BlobState(), new BlobState(),
            connection.Pipeline, connection, 0);
        using UdpSocket attacker = UdpSocketTests.BoundLoopback();
        UdpSocket clientSocket = connection.Socket(0);
        Assert.True(NetAddress.TryParse("127.0.0.1", 0, out NetAddress loopback));
        clientSocket.Bind(loopback).ThrowIfError("bind");
        clientSocket.GetLocalAddress(out NetAddress clientAddress).ThrowIfError("getsockname");
        var bar = new NotificationBar(0);
        var poller = new Poller(1);
        poller.Add(clientSocket.Fd, PollEvents.Readable);
        var noise = new byte[4096];
        new Random(17).NextBytes(noise);
        byte[] diff = "x"u8.ToArray();
        string sendErrorText = "";
        int shownErrno = 0;
        int dropped = 0;

        void Round(int i)
        {
            // Time stays under the 10 s port-hop interval: a hop opens a socket, once per 10 s, not per datagram.
            long now = i / 4;
            connection.Send(new Instruction
            {
                ProtocolVersion = Instruction.CurrentProtocolVersion, OldNum = 0, NewNum = 1, Diff = diff,
            }, now);
            // As ClientSession.ShowSendError: the text is built only when the errno changes.
            if (connection.SendErrno != shownErrno)
            {
                shownErrno = connection.SendErrno;
                sendErrorText = "sendto: " + new Errno(shownErrno).Message;
            }
            bar.SetNetworkError(sendErrorText, now);

            attacker.SendTo(Garbage(i, noise), clientAddress);
            if (poller.Wait(1000, out _) > 0)
            {
                ReceiveSummary received = connection.ReceiveWaiting(0, now, transport);
                dropped += received.Unauthentic;
                // As ClientSession.Receive.
                if (received.IntegrityFailures > 0)
                    bar.SetMessage("Crypto exception: Packet failed integrity check.", now);
            }
        }

        for (int i = 0; i < 500; i++) Round(i);
        dropped = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++) Round(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(13, connection.SendErrno);                    // EACCES
        Assert.Equal(1, connection.SocketCount);                   // no hop happened
        Assert.Equal(Rounds, dropped);
        Assert.Equal(0, allocated);
    }
}
