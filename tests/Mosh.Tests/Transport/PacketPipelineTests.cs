using Mosh.StateSync;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Transport;
using Mosh.Transport.Compression;

namespace Mosh.Tests.Transport;

public class PacketPipelineTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    private static PacketPipeline Client() => new(new OcbCipher(Key), Direction.ToServer) { DatagramMtu = Mtu.IPv4DatagramMtu };
    private static PacketPipeline Server() => new(new OcbCipher(Key), Direction.ToClient) { DatagramMtu = Mtu.IPv4DatagramMtu };

    private static byte[] ScreenBytes(int n, int seed)
    {
        var rng = new Random(seed);
        var b = new byte[n];
        for (int i = 0; i < n; i++)
            b[i] = (byte)rng.Next(0x20, 0x7F);
        return b;
    }

    [Fact]
    public void SpecInstructionRoundTripsWithFreshChaff()
    {
        using var client = Client();
        using var server = Server();
        var w = new UserMessageWriter();
        w.AddResize(80, 24);
        var inst = new Instruction { ProtocolVersion = 2, OldNum = 0, NewNum = 1, Diff = w.WrittenMemory };
        Assert.Equal(EncodeStatus.Ok, client.Encode(inst, 0x1234));
        Assert.Equal(1, client.DatagramCount);
        Assert.Equal(1UL, client.LastInstructionId);
        Assert.Equal(ReceiveStatus.Instruction, server.Receive(client.GetDatagram(0), 5000, false, out var info, out var back));
        Assert.True(info.InOrder);
        Assert.Equal((2u, 0UL, 1UL), (back.ProtocolVersion, back.OldNum, back.NewNum));
        Assert.Equal("0a061a0428503018", Convert.ToHexStringLower(back.Diff.Span));
        Assert.InRange(back.Chaff.Length, 0, Chaff.MaxLength);
    }

    [Fact]
    public void LargeInstructionFragmentsAndReassembles()
    {
        using var server = Server();
        using var client = Client();
        var host = ScreenBytes(20_000, 1);          // random printable: compresses poorly
        var content = new HostMessageContent { HostBytes = host };
        var diff = new byte[HostMessageCodec.GetEncodedLength(content)];
        HostMessageCodec.Encode(content, diff);
        var inst = new Instruction { ProtocolVersion = 2, OldNum = 3, NewNum = 4, AckNum = 2, Diff = diff };
        Assert.Equal(EncodeStatus.Ok, server.Encode(inst, 1000));
        Assert.True(server.DatagramCount > 10);
        for (int i = 0; i < server.DatagramCount; i++)
            Assert.True(server.GetDatagram(i).Length <= Mtu.IPv4DatagramMtu);
        Assert.Equal(Mtu.IPv4DatagramMtu, server.GetDatagram(0).Length);
        ReceiveStatus last = default;
        Instruction back = default;
        for (int i = server.DatagramCount - 1; i >= 0; i--)     // reversed arrival
            last = client.Receive(server.GetDatagram(i), 1010, false, out _, out back);
        Assert.Equal(ReceiveStatus.Instruction, last);
        var reader = new HostMessageReader(back.Diff.Span);
        Assert.True(reader.TryRead(out var e));
        Assert.Equal(host, e.HostBytes.ToArray());
    }

    [Fact]
    public void TimestampsAreEchoedAndSampled()
    {
        using var client = Client();
        using var server = Server();
        var inst = new Instruction { ProtocolVersion = 2, NewNum = 1 };
        client.Encode(inst, 100_000);
        server.Receive(client.GetDatagram(0), 7, false, out _, out _);
        server.Encode(inst, 37);                                  // held 30 ms
        Assert.Equal(ReceiveStatus.Instruction, client.Receive(server.GetDatagram(0), 100_080, false, out var info, out _));
        Assert.True(info.RttSampled);
        Assert.Equal(50, client.Rtt.SrttMs);                      // 80 ms round trip − 30 ms hold
        server.Encode(inst, 40);                                  // nothing left to echo
        client.Receive(server.GetDatagram(0), 100_090, false, out info, out _);
        Assert.False(info.RttSampled);
    }

    [Fact]
    public void WrongKeyFailsAuthentication()
    {
        using var client = Client();
        using var other = new PacketPipeline(new OcbCipher(new byte[16]), Direction.ToClient);
        client.Encode(new Instruction { ProtocolVersion = 2 }, 0);
        Assert.Equal(ReceiveStatus.AuthenticationFailed, other.Receive(client.GetDatagram(0), 0, false, out var info, out _));
        Assert.False(info.Authentic);
    }

    [Fact]
    public void AuthenticButHostileDatagramsAreDroppedWithAResult()
    {
        using var server = Server();
        var peer = new DatagramCodec(new OcbCipher(Key), Direction.ToServer);
        var d = new byte[2100];
        peer.Seal(new byte[5], 1, 2, d, out int n);                 // fragment shorter than its header
        Assert.Equal(ReceiveStatus.FragmentTooShort, server.Receive(d.AsSpan(0, n), 10, false, out var info, out _));
        Assert.True(info.Authentic);
        Assert.True(info.InOrder);
        peer.Seal(new byte[2048 - 28 + 1], 1, 2, d, out n);         // 2049 bytes
        Assert.Equal(ReceiveStatus.Oversize, server.Receive(d.AsSpan(0, n), 10, false, out info, out _));
        Assert.False(info.Authentic);
        Assert.Equal(ReceiveStatus.TooShort, server.Receive(d.AsSpan(0, 23), 10, false, out _, out _));
    }

    [Fact]
    public void PostDecryptStagesRejectGarbage()
    {
        using var p = Server();
        Assert.Equal(ReceiveStatus.FragmentTooShort, p.ReceiveFragment(new byte[3], out _));
        var frag = new byte[30];
        new FragmentHeader(1, 0, true).Write(frag);
        Assert.Equal(ReceiveStatus.DecompressionFailed, p.ReceiveFragment(frag, out _));
        using var zlib = new ZlibCodec();
        var z = new byte[64];
        zlib.Compress([0x10, 0x01], z, out int zn);            // old_num only: no version
        var f2 = new byte[10 + zn];
        new FragmentHeader(2, 0, true).Write(f2);
        z.AsSpan(0, zn).CopyTo(f2.AsSpan(10));
        Assert.Equal(ReceiveStatus.MissingProtocolVersion, p.ReceiveFragment(f2, out _));
        zlib.Compress([0x08], z, out zn);
        var f3 = new byte[10 + zn];
        new FragmentHeader(3, 0, true).Write(f3);
        z.AsSpan(0, zn).CopyTo(f3.AsSpan(10));
        Assert.Equal(ReceiveStatus.MalformedInstruction, p.ReceiveFragment(f3, out _));
    }

    [Fact]
    public void ChaffIsRandomAndIdsAdvance()
    {
        using var client = Client();
        var inst = new Instruction { ProtocolVersion = 2, NewNum = 1 };
        var lengths = new HashSet<int>();
        for (int i = 0; i < 200; i++)
        {
            client.Encode(inst, i);
            lengths.Add(client.GetDatagram(0).Length);
        }
        Assert.True(lengths.Count > 5);                        // 0..16 chaff bytes vary the size
        Assert.True(client.LastInstructionId > 150);           // equal chaff twice in a row is rare
    }

    [Fact]
    public void TenThousandDatagramsThroughTheWholePipelineDoNotAllocate()
    {
        using var client = Client();
        using var server = Server();
        var keys = new UserMessageWriter();
        keys.AddKeys("x"u8);
        var small = new Instruction { ProtocolVersion = 2, OldNum = 5, NewNum = 6, AckNum = 4, ThrowawayNum = 5, Diff = keys.WrittenMemory };
        var content = new HostMessageContent { HasEchoAck = true, EchoAckNum = 9, HostBytes = ScreenBytes(3000, 2) };
        var screenDiff = new byte[HostMessageCodec.GetEncodedLength(content)];
        HostMessageCodec.Encode(content, screenDiff);
        var screen = new Instruction { ProtocolVersion = 2, OldNum = 1, NewNum = 2, Diff = screenDiff };

        int delivered = 0;
        long now = 1000;
        void Round()
        {
            now++;
            client.Encode(small, now);
            for (int i = 0; i < client.DatagramCount; i++)
                if (server.Receive(client.GetDatagram(i), now, false, out _, out var a) == ReceiveStatus.Instruction && a.NewNum == 6)
                    delivered++;
            server.Encode(screen, now);
            for (int i = 0; i < server.DatagramCount; i++)
                if (client.Receive(server.GetDatagram(i), now, false, out _, out var b) == ReceiveStatus.Instruction && b.Diff.Length == screenDiff.Length)
                    delivered++;
        }

        for (int i = 0; i < 200; i++)
            Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        ulong datagrams = client.Datagrams.NextSequence + server.Datagrams.NextSequence;
        delivered = 0;
        while (client.Datagrams.NextSequence + server.Datagrams.NextSequence - datagrams < 10_000)
            Round();
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(delivered > 3000);
        Assert.Equal(before, after);
    }
}
