namespace Mosh.Transport.Compression;

/// <summary>
/// The shortest-path parse of a small message: every length of every match
/// <see cref="MatchFinder.FindAll"/> found is tried at every position, each step priced in bits by
/// the code that will write it (the fixed code, or a dynamic code from an earlier parse), and the
/// cheapest path from the start to the end wins. Under the fixed code this is the shortest
/// output the found matches allow, which a greedy or lazy parse (zlib's) is not.
/// </summary>
internal sealed class OptimalParser
{
    // Cheapest cost in bits to reach each position, and the step that gets there (length 1 = literal).
    private readonly uint[] _cost;
    private readonly ushort[] _arrivingLength;
    private readonly ushort[] _arrivingDistance;

    // Prices in bits: the fixed code's (shared, computed once) or a dynamic code's.
    private static readonly uint[] s_fixedLiteralPrice = new uint[256];
    private static readonly uint[] s_fixedLengthPrice = new uint[DeflateSymbols.MaxMatch + 1];
    private static readonly uint[] s_fixedDistancePrice = new uint[DeflateSymbols.DistanceSymbols];
    private readonly uint[] _dynamicLiteralPrice = new uint[256];
    private readonly uint[] _dynamicLengthPrice = new uint[DeflateSymbols.MaxMatch + 1];
    private readonly uint[] _dynamicDistancePrice = new uint[DeflateSymbols.DistanceSymbols];
    private readonly uint[] _savedLiteralPrice = new uint[256];
    private readonly uint[] _savedLengthPrice = new uint[DeflateSymbols.MaxMatch + 1];
    private readonly uint[] _savedDistancePrice = new uint[DeflateSymbols.DistanceSymbols];
    private uint[] _literalPrice = s_fixedLiteralPrice;
    private uint[] _lengthPrice = s_fixedLengthPrice;
    private uint[] _distancePrice = s_fixedDistancePrice;

    static OptimalParser()
    {
        for (int b = 0; b < 256; b++)
            s_fixedLiteralPrice[b] = (uint)DeflateSymbols.FixedLiteralLengthBits(b);
        for (int length = DeflateSymbols.MinMatch; length <= DeflateSymbols.MaxMatch; length++)
        {
            s_fixedLengthPrice[length] = (uint)(DeflateSymbols.FixedLiteralLengthBits(DeflateSymbols.LengthSymbol(length))
                + DeflateSymbols.LengthExtraBits(length));
        }
        for (int d = 0; d < DeflateSymbols.DistanceSymbols; d++)
            s_fixedDistancePrice[d] = (uint)(DeflateSymbols.FixedDistanceBits + DeflateSymbols.DistanceSymbolExtraBits(d));
    }

    public OptimalParser(int maxInputLength)
    {
        _cost = new uint[maxInputLength + 1];
        _arrivingLength = new ushort[maxInputLength + 1];
        _arrivingDistance = new ushort[maxInputLength + 1];
    }

    /// <summary>Price steps as the fixed code writes them.</summary>
    public void SetFixedPrices()
    {
        _literalPrice = s_fixedLiteralPrice;
        _lengthPrice = s_fixedLengthPrice;
        _distancePrice = s_fixedDistancePrice;
    }

    /// <summary>
    /// Price steps as a dynamic code with these lengths writes them. A symbol the code leaves out
    /// is priced a bit above its longest code: using it would mean a different code.
    /// </summary>
    public void SetPrices(ReadOnlySpan<byte> literalLengthBits, ReadOnlySpan<byte> distanceBits)
    {
        _literalPrice = _dynamicLiteralPrice;
        _lengthPrice = _dynamicLengthPrice;
        _distancePrice = _dynamicDistancePrice;
        uint missing = 0;
        foreach (byte bits in literalLengthBits)
            missing = Math.Max(missing, bits);
        missing += 1;
        for (int b = 0; b < 256; b++)
            _literalPrice[b] = literalLengthBits[b] != 0 ? literalLengthBits[b] : missing;
        for (int length = DeflateSymbols.MinMatch; length <= DeflateSymbols.MaxMatch; length++)
        {
            int symbol = DeflateSymbols.LengthSymbol(length);
            _lengthPrice[length] = (literalLengthBits[symbol] != 0 ? literalLengthBits[symbol] : missing)
                + (uint)DeflateSymbols.LengthExtraBits(length);
        }
        uint missingDistance = 0;
        foreach (byte bits in distanceBits)
            missingDistance = Math.Max(missingDistance, bits);
        missingDistance += 1;
        for (int d = 0; d < DeflateSymbols.DistanceSymbols; d++)
        {
            _distancePrice[d] = (distanceBits[d] != 0 ? distanceBits[d] : missingDistance)
                + (uint)DeflateSymbols.DistanceSymbolExtraBits(d);
        }
    }

    /// <summary>Keep the current (dynamic) prices for <see cref="RestorePrices"/>.</summary>
    public void SavePrices()
    {
        _literalPrice.CopyTo(_savedLiteralPrice, 0);
        _lengthPrice.CopyTo(_savedLengthPrice, 0);
        _distancePrice.CopyTo(_savedDistancePrice, 0);
    }

    public void RestorePrices()
    {
        _savedLiteralPrice.CopyTo(_dynamicLiteralPrice, 0);
        _savedLengthPrice.CopyTo(_dynamicLengthPrice, 0);
        _savedDistancePrice.CopyTo(_dynamicDistancePrice, 0);
        _literalPrice = _dynamicLiteralPrice;
        _lengthPrice = _dynamicLengthPrice;
        _distancePrice = _dynamicDistancePrice;
    }

    /// <summary>
    /// The cheapest parse of <paramref name="source"/> at the current prices over the matches
    /// <paramref name="matches"/> found for it; each step is left at the position where it starts.
    /// </summary>
    public void Parse(ReadOnlySpan<byte> source, MatchFinder matches, Span<ushort> stepLength, Span<ushort> stepDistance)
    {
        int n = source.Length;
        Span<uint> cost = _cost.AsSpan(0, n + 1);
        Span<ushort> arrivingLength = _arrivingLength.AsSpan(0, n + 1);
        Span<ushort> arrivingDistance = _arrivingDistance.AsSpan(0, n + 1);
        ReadOnlySpan<uint> literalPrice = _literalPrice;
        ReadOnlySpan<uint> lengthPrice = _lengthPrice;
        ReadOnlySpan<uint> distancePrice = _distancePrice;
        cost[1..].Fill(uint.MaxValue);
        cost[0] = 0;

        for (int i = 0; i < n; i++)
        {
            uint here = cost[i];
            uint literal = here + literalPrice[source[i]];
            if (literal < cost[i + 1])
            {
                cost[i + 1] = literal;
                arrivingLength[i + 1] = 1;
            }
            ReadOnlySpan<ushort> lengths = matches.Lengths(i);
            ReadOnlySpan<ushort> distances = matches.Distances(i);
            int shorter = DeflateSymbols.MinMatch - 1;
            for (int k = 0; k < lengths.Length; k++)
            {
                // Lengths between the previous match and this one go at this match's distance.
                int distance = distances[k];
                uint matchBase = here + distancePrice[DeflateSymbols.DistanceSymbol(distance)];
                int longest = lengths[k];
                for (int l = shorter + 1; l <= longest; l++)
                {
                    uint price = matchBase + lengthPrice[l];
                    if (price < cost[i + l])
                    {
                        cost[i + l] = price;
                        arrivingLength[i + l] = (ushort)l;
                        arrivingDistance[i + l] = (ushort)distance;
                    }
                }
                shorter = longest;
            }
        }

        // Walk back from the end, laying each step of the path at the position where it starts.
        for (int at = n; at > 0;)
        {
            int length = arrivingLength[at];
            int start = at - length;
            stepLength[start] = (ushort)length;
            stepDistance[start] = arrivingDistance[at];
            at = start;
        }
    }
}
