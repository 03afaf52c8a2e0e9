using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mosh.Tests.Support;

/// <summary>The impairment relay itself: jitter reorders datagrams, and the relay counts it.</summary>
public class UdpRelayTests
{
    [Fact]
    public void JitterReordersAndTheRelayCountsIt()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var relay = new UdpRelay(((IPEndPoint)server.LocalEndPoint!).Port, seed: 3);
        relay.Impair(w => { w.DelayMs = 20; w.JitterMs = 50; });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var to = new IPEndPoint(IPAddress.Loopback, relay.ListenPort);
        const int count = 40;
        for (int i = 0; i < count; i++)
        {
            client.SendTo([(byte)i], to);
            Thread.Sleep(2);
        }
        var received = new List<int>();
        var buffer = new byte[16];
        var clock = Stopwatch.StartNew();
        server.ReceiveTimeout = 200;
        while (received.Count < count && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                received.Add(buffer[..server.Receive(buffer)][0]);
            }
            catch (SocketException)
            {
            }
        }
        Assert.Equal(Enumerable.Range(0, count), received.Order());
        int inversions = received.Zip(received.Skip(1)).Count(p => p.Second < p.First);
        Assert.True(inversions > 0, "nothing arrived out of order");
        Assert.True(relay.ToServer.Reordered > 0);
        Assert.Equal(0, relay.ToClient.Reordered);
    }
}
