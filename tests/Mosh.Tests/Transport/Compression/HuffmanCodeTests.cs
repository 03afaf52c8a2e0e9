using Mosh.Transport.Compression;

namespace Mosh.Tests.Transport.Compression;

public class HuffmanCodeTests
{
    /// <summary>Kraft sum scaled by 2^15: exactly 2^15 for a complete code.</summary>
    private static long KraftSum(ReadOnlySpan<byte> lengths)
    {
        long sum = 0;
        foreach (byte length in lengths)
        {
            if (length != 0)
                sum += 1L << (15 - length);
        }
        return sum;
    }

    [Fact]
    public void SmallExampleGetsHuffmansLengths()
    {
        var lengths = new byte[4];
        HuffmanCode.BuildLengths([1, 1, 2, 4], 15, lengths);
        Assert.Equal([3, 3, 2, 1], lengths);
    }

    [Theory]
    [InlineData(30, 15)]   // literal/length and distance codes
    [InlineData(19, 7)]    // the code-length code
    public void FibonacciFrequenciesAreCutToTheLimitAndStayComplete(int symbols, int limit)
    {
        // Fibonacci weights make the deepest possible tree: symbols − 1 levels without a limit.
        var frequencies = new int[symbols];
        frequencies[0] = frequencies[1] = 1;
        for (int i = 2; i < symbols; i++)
            frequencies[i] = frequencies[i - 1] + frequencies[i - 2];
        var lengths = new byte[symbols];
        HuffmanCode.BuildLengths(frequencies, limit, lengths);
        Assert.True(lengths.Max() == limit, $"longest code {lengths.Max()}, limit {limit}");
        Assert.Equal(1L << 15, KraftSum(lengths));
        // More frequent never gets a longer code.
        for (int i = 1; i < symbols; i++)
            Assert.True(lengths[i] <= lengths[i - 1]);
    }

    [Fact]
    public void RandomFrequenciesGiveCompleteCodes()
    {
        var random = new Random(9);
        var frequencies = new int[286];
        var lengths = new byte[286];
        for (int round = 0; round < 200; round++)
        {
            for (int s = 0; s < frequencies.Length; s++)
                frequencies[s] = random.Next(4) == 0 ? random.Next(1, 1 << random.Next(1, 15)) : 0;
            HuffmanCode.BuildLengths(frequencies, 15, lengths);
            Assert.Equal(1L << 15, KraftSum(lengths));
            for (int s = 0; s < frequencies.Length; s++)
                Assert.Equal(frequencies[s] != 0, lengths[s] != 0);
        }
    }

    [Theory]
    [InlineData(new int[] { 0, 0, 0, 0 }, new byte[] { 1, 1, 0, 0 })]
    [InlineData(new int[] { 0, 0, 0, 7 }, new byte[] { 1, 0, 0, 1 })]
    [InlineData(new int[] { 5, 0, 0, 0 }, new byte[] { 1, 1, 0, 0 })]
    public void FewerThanTwoSymbolsStillGetTwoCodes(int[] frequencies, byte[] expected)
    {
        var lengths = new byte[frequencies.Length];
        HuffmanCode.BuildLengths(frequencies, 15, lengths);
        Assert.Equal(expected, lengths);
    }

    [Fact]
    public void CanonicalCodesAreRfc1951sExample()
    {
        // RFC 1951 §3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) give 010 011 100 101 110 00 1110 1111.
        byte[] lengths = [3, 3, 3, 3, 3, 2, 4, 4];
        var codes = new ushort[lengths.Length];
        HuffmanCode.AssignCanonicalCodes(lengths, codes);
        string[] expected = ["010", "011", "100", "101", "110", "00", "1110", "1111"];
        for (int s = 0; s < lengths.Length; s++)
        {
            // Stored bit-reversed, to be written least significant bit first.
            string written = new(Enumerable.Range(0, lengths[s]).Select(bit => (codes[s] >> bit & 1) == 1 ? '1' : '0').ToArray());
            Assert.Equal(expected[s], written);
        }
    }
}
