using Mosh.Transport.Compression;

namespace Mosh.Fuzz.Compression;

/// <summary>
/// Fuzz target "deflate": our compressor on any input. Its output must inflate back to the input
/// (through zlib-ng's inflater, the one that reads what peers send) and never be longer than a
/// stored block of it. One codec serves every run, so consecutive messages also check that
/// nothing of an earlier message leaks into a later one.
/// </summary>
internal static class DeflateTarget
{
    private static readonly ZlibCodec s_compressor = new();
    private static readonly ZlibCodec s_inflater = new();
    private static byte[] s_output = new byte[ZlibCodec.CompressBound(0)];

    public static void Run(ReadOnlySpan<byte> input)
    {
        int bound = ZlibCodec.CompressBound(input.Length);
        if (s_output.Length < bound)
            s_output = new byte[bound];
        if (s_compressor.Compress(input, s_output, out int written) != ZlibResult.Ok)
            throw new InvalidOperationException("compression failed with room for the worst case");
        // zlib header + stored blocks + Adler-32 (zlib-ng's path stays within its own bound).
        if (input.Length <= ZlibCodec.SmallMessageLimit && written > 2 + DeflateEncoder.EncodeBound(input.Length) + 4)
            throw new InvalidOperationException($"{input.Length} bytes compressed to {written}, more than stored");
        if (s_inflater.Decompress(s_output.AsSpan(0, written)) != ZlibResult.Ok)
            throw new InvalidOperationException("our output does not inflate");
        if (!s_inflater.Decompressed.SequenceEqual(input))
            throw new InvalidOperationException("our output inflates to something else");
    }
}
