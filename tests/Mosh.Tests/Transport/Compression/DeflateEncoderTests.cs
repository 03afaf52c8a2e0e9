using System.IO.Compression;
using System.Runtime.CompilerServices;
using Mosh.Tests.Support;
using Mosh.Transport.Compression;

namespace Mosh.Tests.Transport.Compression;

/// <summary>Our deflate encoder, through <see cref="ZlibCodec"/> (small messages) and alone.</summary>
public class DeflateEncoderTests
{
    /// <summary>Every length up to 300, then lengths around the parsers' and the codec's limits and beyond.</summary>
    public static IEnumerable<int> Lengths =>
        Enumerable.Range(0, 301).Concat([
            DeflateEncoder.OptimalParseLimit + 1, 511, 1024, 4095, 16_383, 16_384, 20_000,
            ZlibCodec.SmallMessageLimit - 1, ZlibCodec.SmallMessageLimit, ZlibCodec.SmallMessageLimit + 1, 70_000]);

    private static byte[] Compress(ZlibCodec zlib, byte[] data)
    {
        var destination = new byte[ZlibCodec.CompressBound(data.Length)];
        Assert.Equal(ZlibResult.Ok, zlib.Compress(data, destination, out int written));
        return destination.AsSpan(0, written).ToArray();
    }

    private static byte[] DotnetInflate(byte[] compressed)
    {
        using var z = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var back = new MemoryStream();
        z.CopyTo(back);
        return back.ToArray();
    }

    [Fact]
    public void EveryKindAndLengthRoundTripsAndIsNeverLongerThanStored()
    {
        using var zlib = new ZlibCodec();
        using var inflater = new ZlibCodec();
        foreach (string kind in CompressionInputs.Kinds)
        {
            foreach (int length in Lengths)
            {
                byte[] data = CompressionInputs.Make(kind, length, seed: 1);
                byte[] compressed = Compress(zlib, data);
                Assert.True(compressed[0] == 0x78 && compressed[1] == 0x9C, $"{kind} {length}: not a level-6 zlib header");
                Assert.Equal(ZlibResult.Ok, inflater.Decompress(compressed));
                Assert.True(inflater.Decompressed.SequenceEqual(data), $"{kind} {length}: our inflater disagrees");
                Assert.Equal(data, DotnetInflate(compressed));
                if (length <= ZlibCodec.SmallMessageLimit)
                    Assert.True(compressed.Length <= 2 + DeflateEncoder.EncodeBound(length) + 4, $"{kind} {length}: {compressed.Length} bytes, longer than stored");
            }
        }
    }

    [SkippableFact]
    public void UpstreamsInflaterReadsEveryKindAndLength()
    {
        Skip.IfNot(SystemZlib.IsAvailable, "the system zlib (libz.so.1) is not installed");
        using var zlib = new ZlibCodec();
        foreach (string kind in CompressionInputs.Kinds)
        {
            foreach (int length in Lengths)
            {
                byte[] data = CompressionInputs.Make(kind, length, seed: 2);
                byte[]? back = SystemZlib.Uncompress(Compress(zlib, data), ZlibCodec.MaxDecompressedLength);
                Assert.True(back is not null && back.AsSpan().SequenceEqual(data), $"{kind} {length}: upstream's uncompress() disagrees");
            }
        }
    }

    [Theory]
    [InlineData("", "789c030000000001")]
    [InlineData("a", "789c4b040000620062")]
    public void TinyInputsComeOutAsZlibsOwn(string text, string zlibOutputHex)
    {
        using var zlib = new ZlibCodec();
        Assert.Equal(zlibOutputHex, Convert.ToHexStringLower(Compress(zlib, System.Text.Encoding.ASCII.GetBytes(text))));
    }

    /// <summary>The block type: bits 1–2 of the first byte of the deflate data.</summary>
    private static int BlockType(ReadOnlySpan<byte> deflate) => (deflate[0] >> 1) & 3;

    [Theory]
    [InlineData("random", 100, 0)]     // incompressible: stored
    [InlineData("escapes", 60, 1)]     // small: the fixed code
    [InlineData("alphabet", 40, 2)]    // few distinct bytes: a dynamic code pays already at 40 bytes
    [InlineData("alphabet", 200, 2)]
    [InlineData("text", 3000, 2)]      // the lazy parse
    [InlineData("random", 3000, 0)]
    public void ChoosesTheShortestBlockType(string kind, int length, int blockType)
    {
        var encoder = new DeflateEncoder(ZlibCodec.SmallMessageLimit);
        byte[] data = CompressionInputs.Make(kind, length, seed: 3);
        var deflate = new byte[DeflateEncoder.EncodeBound(length)];
        int written = encoder.Encode(data, deflate);
        Assert.Equal(blockType, BlockType(deflate));
        using var inflated = new MemoryStream();
        using (var inflater = new DeflateStream(new MemoryStream(deflate, 0, written), CompressionMode.Decompress))
            inflater.CopyTo(inflated);
        Assert.Equal(data, inflated.ToArray());
    }

    [Theory]
    [InlineData("random", 100)]
    [InlineData("escapes", 60)]
    [InlineData("alphabet", 200)]
    [InlineData("text", 3000)]
    public void ReportsADestinationOneByteShort(string kind, int length)
    {
        var encoder = new DeflateEncoder(ZlibCodec.SmallMessageLimit);
        byte[] data = CompressionInputs.Make(kind, length, seed: 4);
        var roomy = new byte[DeflateEncoder.EncodeBound(length)];
        int needed = encoder.Encode(data, roomy);
        Assert.Equal(-1, encoder.Encode(data, new byte[needed - 1]));
        var exact = new byte[needed];
        Assert.Equal(needed, encoder.Encode(data, exact));
        Assert.Equal(roomy.AsSpan(0, needed).ToArray(), exact);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_matches")]
    private static extern ref MatchFinder MatchesOf(DeflateEncoder encoder);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_nextStampBase")]
    private static extern ref uint NextStampBaseOf(MatchFinder matches);

    [Fact]
    public void ChainsForgetEarlierMessagesAcrossTheStampWrapAround()
    {
        // Stamps run out after 4 GiB of messages; the chains are then cleared. Across that point
        // every message must still compress exactly as by a fresh encoder, and inflate.
        var encoder = new DeflateEncoder(ZlibCodec.SmallMessageLimit);
        NextStampBaseOf(MatchesOf(encoder)) = uint.MaxValue - DeflateSymbols.WindowSize - 3 * 5000;
        var output = new byte[DeflateEncoder.EncodeBound(5000)];
        var reference = new byte[output.Length];
        for (int i = 0; i < 8; i++)
        {
            byte[] data = CompressionInputs.Make(i % 2 == 0 ? "text" : "escapes", i % 3 == 0 ? 200 : 5000, seed: i);
            int written = encoder.Encode(data, output);
            int expected = new DeflateEncoder(ZlibCodec.SmallMessageLimit).Encode(data, reference);
            Assert.Equal(reference.AsSpan(0, expected).ToArray(), output.AsSpan(0, written).ToArray());
        }
        Assert.True(NextStampBaseOf(MatchesOf(encoder)) < 100_000, "the stamps never wrapped");
    }

    [Fact]
    public void SteadyStateAllocatesNothingOnAnyPath()
    {
        using var zlib = new ZlibCodec();
        byte[][] messages =
        [
            CompressionInputs.Make("escapes", 25, 5),                                  // shortest path, fixed code
            CompressionInputs.Make("alphabet", 200, 5),                                // shortest path, dynamic code, lazy compared
            CompressionInputs.Make("random", 150, 5),                                  // stored
            CompressionInputs.Make("text", 3000, 5),                                   // lazy parse
            CompressionInputs.Make("escapes", ZlibCodec.SmallMessageLimit + 5000, 5),  // zlib-ng
        ];
        var destination = new byte[ZlibCodec.CompressBound(ZlibCodec.SmallMessageLimit + 5000)];
        for (int i = 0; i < 20; i++)
        {
            foreach (byte[] message in messages)
                zlib.Compress(message, destination, out _);
        }
        int failures = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            foreach (byte[] message in messages)
                failures += zlib.Compress(message, destination, out _) == ZlibResult.Ok ? 0 : 1;
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(0, failures);
    }
}
