using Mosh.Network;
using Mosh.StateSync;
using Mosh.Testing;
using Mosh.Transport;

namespace Mosh.Tests.Transport;

/// <summary>
/// A path that silently drops datagrams above 1000 bytes, with no ICMP to say so (protocol
/// §2.5.1; upstream stalls there, its issue #832): large screen updates and large input must
/// still get through, because the connection falls back to small datagrams once large ones go
/// unacknowledged while the peer is still heard. Real connections in virtual time.
/// </summary>
public class PathMtuBlackHoleTests
{
    private const int ClientHost = 1;
    private const int ServerHost = 2;
    private const int BlackHoleMtu = 1000;

    private static byte[] Incompressible(int length, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var data = new byte[length];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)random.Next(256);
        return data;
    }

    [Fact]
    public void ALargeScreenUpdateGetsThroughABlackHoleTowardsTheClient()
    {
        using var h = new ConnectionHarness<BlobState, BlobState>(new BlobState(), new BlobState(), new BlobState(), new BlobState());
        h.Network.Towards(ClientHost).DelayMs = 20;
        h.Network.Towards(ServerHost).DelayMs = 20;
        h.Client.CurrentState.SetNumber(1);
        h.Server.CurrentState.SetNumber(2);
        Assert.True(h.RunUntil(3_000, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState)));

        h.Network.Towards(ClientHost).Mtu = BlackHoleMtu;
        h.Server.CurrentState.Set(Incompressible(6000, 1)); // a full screen's worth: several datagrams
        long start = h.NowMs;
        Assert.True(h.RunUntil(start + 15_000, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState)),
            "the update never got through");
        Assert.True(h.NowMs - start < 8_000, $"took {h.NowMs - start} ms");
        Assert.Equal(1, h.ServerConnection.PathMtuReductions);
        Assert.True(h.ServerConnection.PathMtuReduced);
        Assert.False(h.ClientConnection.PathMtuReduced);
    }

    [Fact]
    public void LargeDatagramsComeBackWhenTheBlackHoleHealsAndNotWhileItLasts()
    {
        using var h = new ConnectionHarness<BlobState, BlobState>(new BlobState(), new BlobState(), new BlobState(), new BlobState());
        h.Network.Towards(ClientHost).DelayMs = 20;
        h.Network.Towards(ServerHost).DelayMs = 20;
        h.Network.Towards(ClientHost).Mtu = BlackHoleMtu;
        long blackHoleStart = h.NowMs;
        for (int i = 0; h.NowMs - blackHoleStart < 120_000; i++)
        {
            h.Server.CurrentState.Set(Incompressible(3000, (ulong)i));
            // Found within a client heartbeat (3 s) and the suspicion time; so is each probe's stall.
            Assert.True(h.RunUntil(h.NowMs + 6_000, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState)),
                $"update {i} did not arrive within 6 s");
            h.RunFor(1_000);
        }
        // Two minutes of a black hole: tried again after 10, 20, 40 s … not every time.
        Assert.InRange(h.ServerConnection.PathMtuReductions, 2, 5);

        h.Network.Towards(ClientHost).Mtu = 0;
        long healed = h.NowMs;
        while (h.ServerConnection.PathMtuReduced && h.NowMs - healed < 180_000)
        {
            h.Server.CurrentState.Set(Incompressible(3000, (ulong)h.NowMs));
            h.RunFor(1_000);
        }
        Assert.False(h.ServerConnection.PathMtuReduced, "large datagrams never came back");
    }

    [Fact]
    public void APasteGetsThroughABlackHoleTowardsTheServer()
    {
        using var h = new ConnectionHarness<UserStream, BlobState>(new UserStream(), new BlobState(), new BlobState(), new UserStream());
        h.Network.Towards(ClientHost).DelayMs = 20;
        h.Network.Towards(ServerHost).DelayMs = 20;
        var reader = new UserInputReader();
        var received = new List<byte>();
        h.ClientApplication = _ => h.Client.ChunkDiffBytes = Mtu.ChunkDiffBytes(h.ClientConnection.Pipeline.DatagramMtu);
        h.ServerApplication = _ =>
        {
            foreach (UserStreamEvent e in reader.TakeNew(h.Server.RemoteState))
                if (!e.IsResize) received.Add(e.Byte);
            h.Server.SubtractFromRemoteStates(reader.ConsumedPrefix);
        };
        h.Client.CurrentState.PushResize(80, 24);
        h.RunFor(2_000);

        h.Network.Towards(ServerHost).Mtu = BlackHoleMtu;
        byte[] paste = Incompressible(64 << 10, 2);
        h.Client.CurrentState.PushBytes(paste);
        long start = h.NowMs;
        Assert.True(h.RunUntil(start + 60_000, () => received.Count == paste.Length),
            $"{received.Count} of {paste.Length} bytes arrived");
        Assert.Equal(paste, received.ToArray());
        Assert.True(h.ClientConnection.PathMtuReduced);
    }

    [Fact]
    public void WithoutABlackHoleDatagramsStayLarge()
    {
        // Heavy loss alone (50% each way, screens of five datagrams) raises the suspicion; small
        // datagrams do no better there, so the normal size comes back.
        using var h = new ConnectionHarness<BlobState, BlobState>(new BlobState(), new BlobState(), new BlobState(), new BlobState(), seed: 3);
        h.Network.Towards(ClientHost).DelayMs = 20;
        h.Network.Towards(ServerHost).DelayMs = 20;
        h.Network.Towards(ClientHost).LossRate = 0.5;
        h.Network.Towards(ServerHost).LossRate = 0.5;
        for (int i = 0; i < 30; i++)
        {
            h.Server.CurrentState.Set(Incompressible(6000, (ulong)i));
            h.RunFor(2_000);
        }
        Assert.True(h.ServerConnection.PathMtuReductions > 0, "the loss never raised the suspicion: the test proves nothing");
        h.Network.Towards(ClientHost).LossRate = 0;
        h.Network.Towards(ServerHost).LossRate = 0;
        h.Server.CurrentState.Set(Incompressible(3000, 99));
        Assert.True(h.RunUntil(h.NowMs + 60_000, () => h.Client.RemoteState.ContentEquals(h.Server.CurrentState) && !h.ServerConnection.PathMtuReduced),
            $"still small after the loss ended ({h.ServerConnection.PathMtuReductions} reductions)");
    }
}
