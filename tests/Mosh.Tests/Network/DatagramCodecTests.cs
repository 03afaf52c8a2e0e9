using Mosh.Testing;
using Mosh.Crypto;
using Mosh.Network;

namespace Mosh.Tests.Network;

public class DatagramCodecTests
{
    internal static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    private static DatagramCodec Client() => new(new OcbCipher(Key), Direction.ToServer);
    private static DatagramCodec Server() => new(new OcbCipher(Key), Direction.ToClient);

    [Fact]
    public void SpecDatagramVector()
    {
        // §12.2: fragment id 1, number 0, final, then the given 30 compressed bytes.
        byte[] fragment = Convert.FromHexString("00000000000000018000" + "789ce360126090605460d06030e2e0629362d1083090b0620000105301de");
        var client = Client();
        var datagram = new byte[100];
        Assert.Equal(SealResult.Ok, client.Seal(fragment, 0x1234, 0xFFFF, datagram, out int length));
        Assert.Equal(68, length);
        Assert.Equal(
            "0000000000000000" + "9f164d976357081cc1c8bceef905db5a02428c8571949d686f4420ca31f0060ca43d50ffb19e12e522a8cf6e73fd36a91f68ecf470d119b52ed349b9",
            Convert.ToHexStringLower(datagram.AsSpan(0, length)));

        var server = Server();
        var plain = new byte[2048];
        Assert.Equal(OpenResult.Ok, server.Open(datagram.AsSpan(0, length), plain, out var packet));
        Assert.Equal(0UL, packet.Sequence);
        Assert.Equal(0x1234, packet.Timestamp);
        Assert.Equal(0xFFFF, packet.TimestampReply);
        Assert.Equal(fragment, packet.Payload.ToArray());
        Assert.True(packet.InOrder);
    }

    [Fact]
    public void ServerNonceHasTheDirectionBitAndSequencesCount()
    {
        var server = Server();
        var d = new byte[64];
        for (int i = 0; i < 6; i++)
            Assert.Equal(SealResult.Ok, server.Seal("x"u8, 1, 2, d, out _));
        Assert.Equal("8000000000000005", Convert.ToHexStringLower(d.AsSpan(0, 8)));
        Assert.Equal(6UL, server.NextSequence);
    }

    [Fact]
    public void LengthChecks()
    {
        var server = Server();
        var plain = new byte[4096];
        Assert.Equal(OpenResult.TooShort, server.Open(new byte[23], plain, out _));
        Assert.Equal(OpenResult.Oversize, server.Open(new byte[2049], plain, out _));
        Assert.Equal(OpenResult.AuthenticationFailed, server.Open(new byte[24], plain, out _));
    }

    [Fact]
    public void TamperingIsDetectedAndChangesNothing()
    {
        var client = Client();
        var server = Server();
        var d = new byte[100];
        DatagramCodecCounters.Set(client, 10, 0);
        client.Seal("hello"u8, 1, 2, d, out int n);
        var plain = new byte[2048];
        for (int i = 0; i < n; i++)
        {
            var bad = d.AsSpan(0, n).ToArray();
            bad[i] ^= 0x01;
            Assert.Equal(OpenResult.AuthenticationFailed, server.Open(bad, plain, out _));
        }
        Assert.Equal(0UL, server.ExpectedSequence);
        Assert.Equal(OpenResult.Ok, server.Open(d.AsSpan(0, n), plain, out _));
        Assert.Equal(11UL, server.ExpectedSequence);
    }

    [Fact]
    public void ReflectedPacketIsRejected()
    {
        var server = Server();
        var d = new byte[100];
        server.Seal("hi"u8, 1, 2, d, out int n);
        Assert.Equal(OpenResult.WrongDirection, Server().Open(d.AsSpan(0, n), new byte[2048], out _));
        Assert.Equal(OpenResult.Ok, Client().Open(d.AsSpan(0, n), new byte[2048], out _));
    }

    [Fact]
    public void PlaintextShorterThanTimestampsIsRejected()
    {
        // An authentic message of 3 plaintext bytes: seal it by hand.
        var cipher = new OcbCipher(Key);
        var d = new byte[8 + 3 + 16];
        byte[] nonce = new byte[12];
        cipher.Seal(nonce, new byte[3], d.AsSpan(8));
        Assert.Equal(OpenResult.MissingTimestamps, Server().Open(d, new byte[2048], out _));
    }

    [Fact]
    public void OrderingRule()
    {
        var client = Client();
        var server = Server();
        var plain = new byte[2048];
        var dgrams = new List<byte[]>();
        for (int i = 0; i < 5; i++)
        {
            var d = new byte[64];
            client.Seal([(byte)i], 0, 0, d, out int n);
            dgrams.Add(d.AsSpan(0, n).ToArray());
        }
        Assert.Equal(OpenResult.Ok, server.Open(dgrams[2], plain, out var p));
        Assert.True(p.InOrder);
        Assert.Equal(OpenResult.Ok, server.Open(dgrams[0], plain, out p));
        Assert.False(p.InOrder);                      // older: payload still usable
        Assert.Equal(0, p.Payload[0]);
        Assert.Equal(OpenResult.Ok, server.Open(dgrams[2], plain, out p));
        Assert.False(p.InOrder);                      // replay
        Assert.Equal(OpenResult.Ok, server.Open(dgrams[4], plain, out p));
        Assert.True(p.InOrder);
        Assert.Equal(5UL, server.ExpectedSequence);
    }

    [Fact]
    public void RefusesPast2To47Blocks()
    {
        var client = Client();
        var d = new byte[64];
        DatagramCodecCounters.Set(client, 5, DatagramCodec.MaxBlocks - 2);
        Assert.Equal(SealResult.Ok, client.Seal("x"u8, 0, 0, d, out _));   // 5 bytes: one block
        Assert.Equal(SealResult.KeyExhausted, client.Seal("x"u8, 0, 0, d, out int n));
        Assert.Equal(0, n);
        Assert.True(client.Exhausted);
        Assert.Equal(SealResult.KeyExhausted, client.Seal("x"u8, 0, 0, d, out _));
    }

    [Fact]
    public void BlocksCountPartialBlocks()
    {
        var client = Client();
        var d = new byte[128];
        client.Seal(new byte[12], 0, 0, d, out _);   // 16 bytes plaintext: 1 block
        Assert.Equal(1UL, client.BlocksEncrypted);
        client.Seal(new byte[13], 0, 0, d, out _);   // 17: 2 blocks
        Assert.Equal(3UL, client.BlocksEncrypted);
        client.Seal([], 0, 0, d, out _);             // 4: 1 block
        Assert.Equal(4UL, client.BlocksEncrypted);
    }

    [Fact]
    public void RefusesToWrapTheSequence()
    {
        var client = Client();
        var d = new byte[64];
        DatagramCodecCounters.Set(client, 0x7FFF_FFFF_FFFF_FFFF, 0);
        Assert.Equal(SealResult.Ok, client.Seal("x"u8, 0, 0, d, out _));
        Assert.Equal("7fffffffffffffff", Convert.ToHexStringLower(d.AsSpan(0, 8)));
        Assert.Equal(SealResult.SequenceExhausted, client.Seal("x"u8, 0, 0, d, out _));
        Assert.True(client.Exhausted);
    }

    [Fact]
    public void DestinationTooSmall()
    {
        Assert.Equal(SealResult.DestinationTooSmall, Client().Seal(new byte[10], 0, 0, new byte[37], out _));
    }
}
