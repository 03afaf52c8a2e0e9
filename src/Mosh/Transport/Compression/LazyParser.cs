namespace Mosh.Transport.Compression;

/// <summary>
/// zlib's parse at its default level 6 (deflate_slow, "lazy matching"): at each position take the
/// longest match, unless the next position has a longer one, in which case emit a literal and
/// take that instead. With zlib's parameters and <see cref="MatchFinder"/>'s zlib-like chains it
/// finds the matches zlib finds, so blocks coded from it are never longer than zlib's. One chain
/// search per step rather than per length: far cheaper than <see cref="OptimalParser"/> on larger
/// messages.
/// </summary>
internal static class LazyParser
{
    // zlib's configuration_table entry for level 6.
    private const int GoodLength = 8;
    private const int MaxLazy = 16;
    private const int NiceLength = 128;
    private const int MaxChain = 128;
    /// <summary>A 3-byte match further back than this costs more than three literals (zlib's TOO_FAR).</summary>
    private const int TooFar = 4096;

    /// <summary>Parse <paramref name="source"/>, leaving each step at the position where it starts.</summary>
    public static void Parse(ReadOnlySpan<byte> source, MatchFinder matches, Span<ushort> stepLength, Span<ushort> stepDistance)
    {
        int n = source.Length;
        matches.Begin(n);
        const int None = DeflateSymbols.MinMatch - 1;
        int previousLength = None;
        int previousDistance = 0;
        bool literalPending = false; // the byte before i is neither emitted nor inside a match yet
        int i = 0;
        while (i < n)
        {
            int length = None;
            int distance = 0;
            if (n - i >= DeflateSymbols.MinMatch)
            {
                uint chain = matches.Insert(source, i);
                if (previousLength < MaxLazy)
                {
                    int maxChain = previousLength >= GoodLength ? MaxChain >> 2 : MaxChain;
                    length = matches.Longest(source, i, chain, Math.Max(previousLength, None), maxChain, NiceLength, out distance);
                    if (length <= previousLength || (length == DeflateSymbols.MinMatch && distance > TooFar))
                        length = None;
                }
            }

            if (previousLength >= DeflateSymbols.MinMatch && length <= previousLength)
            {
                // The match found one byte back is at least as long: take it.
                int start = i - 1;
                stepLength[start] = (ushort)previousLength;
                stepDistance[start] = (ushort)previousDistance;
                int end = start + previousLength;
                for (int j = i + 1; j < end && n - j >= DeflateSymbols.MinMatch; j++)
                    matches.Insert(source, j);
                i = end;
                literalPending = false;
                previousLength = None;
            }
            else
            {
                if (literalPending)
                    stepLength[i - 1] = 1;
                literalPending = true;
                previousLength = length;
                previousDistance = distance;
                i++;
            }
        }
        if (literalPending)
            stepLength[n - 1] = 1;
    }
}
