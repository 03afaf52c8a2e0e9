using System.IO.Compression;
using Mosh.Tests.Support;
using Mosh.Transport.Compression;

namespace Mosh.Tests.Transport.Compression;

public class ZlibCodecTests
{
    private static byte[] Text(int n)
    {
        var rng = new Random(n);
        var b = new byte[n];
        for (int i = 0; i < n; i++)
            b[i] = (byte)(rng.Next(4) == 0 ? rng.Next(256) : "abc \x1b[K\n"[rng.Next(8)]);
        return b;
    }

    private static byte[] DotnetZlib(byte[] data, CompressionLevel level)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, level))
            z.Write(data);
        return ms.ToArray();
    }

    [Fact]
    public void SpecVectorDecompressesToTheInstruction()
    {
        using var zlib = new ZlibCodec();
        Assert.Equal(ZlibResult.Ok, zlib.Decompress(Convert.FromHexString("789ce360126090605460d06030e2e0629362d1083090b0620000105301de")));
        Assert.Equal("0802100018012000280032080a061a04285030183a00", Convert.ToHexStringLower(zlib.Decompressed));
    }

    [Fact]
    public void SpecVectorIsWhatWeSend()
    {
        // protocol §12.2: compress()'s encoding of the first instruction, and ours.
        using var zlib = new ZlibCodec();
        var destination = new byte[ZlibCodec.CompressBound(22)];
        Assert.Equal(ZlibResult.Ok, zlib.Compress(Convert.FromHexString("0802100018012000280032080a061a04285030183a00"), destination, out int written));
        Assert.Equal("789ce360126090605460d06030e2e0629362d1083090b0620000105301de", Convert.ToHexStringLower(destination.AsSpan(0, written)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(22)]
    [InlineData(1400)]
    [InlineData(70_000)]
    [InlineData(1_000_000)]
    public void RoundTripsAndProducesAZlibHeader(int n)
    {
        var data = Text(n);
        using var zlib = new ZlibCodec();
        var dst = new byte[ZlibCodec.CompressBound(n)];
        Assert.Equal(ZlibResult.Ok, zlib.Compress(data, dst, out int written));
        Assert.Equal(0x78, dst[0]);
        Assert.Equal(0x9C, dst[1]);                        // level 6, like compress()
        Assert.Equal(ZlibResult.Ok, zlib.Decompress(dst.AsSpan(0, written)));
        Assert.Equal(data, zlib.Decompressed.ToArray());
        // And .NET's own inflater agrees that it is a zlib stream.
        using var z = new ZLibStream(new MemoryStream(dst, 0, written), CompressionMode.Decompress);
        using var back = new MemoryStream();
        z.CopyTo(back);
        Assert.Equal(data, back.ToArray());
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Fastest)]
    [InlineData(CompressionLevel.Optimal)]
    [InlineData(CompressionLevel.SmallestSize)]
    public void AcceptsStreamsFromZLibStream(CompressionLevel level)
    {
        using var zlib = new ZlibCodec();
        foreach (int n in new[] { 1, 5, 3000, 200_000 }) // ZLibStream writes nothing at all for 0 bytes
        {
            var data = Text(n);
            Assert.Equal(ZlibResult.Ok, zlib.Decompress(DotnetZlib(data, level)));
            Assert.Equal(data, zlib.Decompressed.ToArray());
        }
    }

    [Fact]
    public void RejectsGarbageTruncationAndRawDeflate()
    {
        using var zlib = new ZlibCodec();
        var good = DotnetZlib(Text(5000), CompressionLevel.Optimal);
        Assert.Equal(ZlibResult.Corrupt, zlib.Decompress("not zlib at all"u8));
        Assert.NotEqual(ZlibResult.Ok, zlib.Decompress([]));
        Assert.Equal(ZlibResult.Truncated, zlib.Decompress(good.AsSpan(0, good.Length / 2)));
        var badAdler = (byte[])good.Clone();
        badAdler[^1] ^= 1;
        Assert.Equal(ZlibResult.Corrupt, zlib.Decompress(badAdler));
        using var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, CompressionLevel.Optimal))
            d.Write(Text(100));
        Assert.Equal(ZlibResult.Corrupt, zlib.Decompress(ms.ToArray()));
        Assert.True(zlib.Decompressed.IsEmpty);
        // Still usable afterwards.
        Assert.Equal(ZlibResult.Ok, zlib.Decompress(good));
    }

    [Fact]
    public void RandomGarbageNeverThrows()
    {
        using var zlib = new ZlibCodec();
        var rng = new Random(5);
        var buf = new byte[300];
        for (int i = 0; i < 2000; i++)
        {
            rng.NextBytes(buf);
            buf[0] = 0x78;
            buf[1] = 0x9C;
            var r = zlib.Decompress(buf.AsSpan(0, rng.Next(buf.Length)));
            Assert.True(Enum.IsDefined(r));
        }
    }

    [Fact]
    public void BombLargerThan4MiBIsRefused()
    {
        var zeros = new byte[ZlibCodec.MaxDecompressedLength + 1];
        var bomb = DotnetZlib(zeros, CompressionLevel.Optimal);
        Assert.True(bomb.Length < 10_000);
        using var zlib = new ZlibCodec();
        Assert.Equal(ZlibResult.TooLarge, zlib.Decompress(bomb));
        var exact = DotnetZlib(new byte[ZlibCodec.MaxDecompressedLength], CompressionLevel.Optimal);
        Assert.Equal(ZlibResult.Ok, zlib.Decompress(exact));
        Assert.Equal(ZlibCodec.MaxDecompressedLength, zlib.Decompressed.Length);
    }

    [Fact]
    public void TrailingBytesAfterTheStreamAreIgnored()
    {
        using var zlib = new ZlibCodec();
        var good = DotnetZlib(Text(50), CompressionLevel.Optimal);
        Assert.Equal(ZlibResult.Ok, zlib.Decompress([.. good, 1, 2, 3]));
        Assert.Equal(Text(50), zlib.Decompressed.ToArray());
    }

    [Fact]
    public void TooSmallDestinationIsReported()
    {
        using var zlib = new ZlibCodec();
        var data = new byte[1000];
        new Random(1).NextBytes(data);
        Assert.Equal(ZlibResult.DestinationTooSmall, zlib.Compress(data, new byte[100], out int written));
        Assert.Equal(0, written);
        Assert.Equal(ZlibResult.DestinationTooSmall, zlib.Compress(data, new byte[7], out _));
        // The half-written message is forgotten: the next one is whole and independent.
        var dst = new byte[ZlibCodec.CompressBound(data.Length)];
        Assert.Equal(ZlibResult.Ok, zlib.Compress(data, dst, out written));
        Assert.Equal(data, DotnetInflate(dst.AsSpan(0, written).ToArray()));
    }

    private static byte[] DotnetInflate(byte[] compressed)
    {
        using var z = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var back = new MemoryStream();
        z.CopyTo(back);
        return back.ToArray();
    }

    [Fact]
    public void ConsecutiveMessagesAreIndependentStreams()
    {
        // The same text again would be one long back-reference if history leaked between
        // messages; a fresh inflater must decode each message alone.
        using var zlib = new ZlibCodec();
        var dst = new byte[ZlibCodec.CompressBound(5000)];
        var sizes = new List<int>();
        foreach (int n in new[] { 3000, 3000, 0, 40, 3000, 5000, 1 })
        {
            var data = Text(n);
            Assert.Equal(ZlibResult.Ok, zlib.Compress(data, dst, out int written));
            var msg = dst.AsSpan(0, written).ToArray();
            Assert.Equal(data, DotnetInflate(msg));
            using var fresh = new ZlibCodec();
            Assert.Equal(ZlibResult.Ok, fresh.Decompress(msg));
            Assert.Equal(data, fresh.Decompressed.ToArray());
            if (n == 3000)
                sizes.Add(written);
        }
        Assert.Equal(sizes[0], sizes[1]);               // no cross-message savings
    }

    [Fact]
    public void Adler32KnownValues()
    {
        Assert.Equal(1u, Adler32.Compute([]));
        Assert.Equal(0x11E60398u, Adler32.Compute("Wikipedia"u8));
        var big = new byte[100_000];
        big.AsSpan().Fill(0xFF);
        // Reference computed the slow way, reducing after every byte.
        uint a = 1, b = 0;
        foreach (byte x in big) { a = (a + x) % 65521; b = (b + a) % 65521; }
        Assert.Equal((b << 16) | a, Adler32.Compute(big));
    }

    [Fact]
    public void SteadyStateDoesNotAllocate()
    {
        using var zlib = new ZlibCodec();
        var data = Text(1400);
        var dst = new byte[ZlibCodec.CompressBound(data.Length)];
        for (int i = 0; i < 50; i++)
        {
            zlib.Compress(data, dst, out int w);
            zlib.Decompress(dst.AsSpan(0, w));
        }
        long allocated = SteadyStateAllocations.Measure(() =>
        {
            zlib.Compress(data, dst, out int w);
            zlib.Decompress(dst.AsSpan(0, w));
        }, iterations: 2000);
        Assert.Equal(0, allocated);
    }
}
