namespace Mosh.Transport.Compression;

/// <summary>The RFC 1950 Adler-32 checksum that ends every zlib stream.</summary>
internal static class Adler32
{
    private const uint Mod = 65521;
    /// <summary>Largest n with 255n(n+1)/2 + (n+1)(Mod−1) &lt; 2^32: the sums cannot overflow before a reduction.</summary>
    private const int MaxRun = 5552;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, MaxRun);
            foreach (byte x in data[..n])
            {
                a += x;
                b += a;
            }
            a %= Mod;
            b %= Mod;
            data = data[n..];
        }
        return (b << 16) | a;
    }
}
