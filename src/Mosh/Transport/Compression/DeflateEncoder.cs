namespace Mosh.Transport.Compression;

/// <summary>
/// A deflate encoder (RFC 1951) for the messages of a session, each message on its own (no
/// history carried over), each block stored, fixed-Huffman or dynamic-Huffman, whichever is
/// shortest (protocol §4.2).
/// <para>
/// Messages up to <see cref="OptimalParseLimit"/> bytes (keystrokes, acks, echoes, short output:
/// most of the traffic) are one block, from a shortest-path parse (<see cref="OptimalParser"/>), priced by the
/// fixed code and, if a dynamic code could win (<see cref="DeflateBlockCode.DynamicLowerBound"/>),
/// by the dynamic codes of earlier parses, also starting from a parse without matches (in a small
/// block a match can cost more in header than it saves), with zlib's own parse compared.
/// Larger messages get zlib's parse (<see cref="LazyParser"/>) cut into zlib's blocks, each
/// coded the shortest way, literals-only included, so they never come out longer than zlib's
/// compress() at level 6 makes them; small ones have not in any test either. Everything lives in
/// arrays allocated once and reused: no allocation per message.
/// </para>
/// Not thread-safe.
/// </summary>
internal sealed class DeflateEncoder
{
    /// <summary>Largest message given the shortest-path parse; larger ones are parsed lazily.</summary>
    public const int OptimalParseLimit = 256;

    /// <summary>Chain candidates and nice length for <see cref="MatchFinder.FindAll"/>.</summary>
    private const int OptimalMaxChain = 128;
    private const int OptimalNiceLength = 128;

    /// <summary>At most this many re-parses with a dynamic code's prices, from each starting parse.</summary>
    private const int DynamicParseRounds = 2;

    /// <summary>A stored block's header (3 bits, padded to the byte) and LEN, NLEN.</summary>
    private const int StoredHeaderBytes = 1 + 4;

    /// <summary>zlib ends a block when its symbol buffer (lit_bufsize − 1 at the default memLevel) is full.</summary>
    private const int MaxBlockSymbols = (1 << 14) - 1;

    private readonly MatchFinder _matches;
    private readonly OptimalParser _optimal;
    private readonly DeflateBlockCode _code = new();

    /// <summary>The parse: a step per start position, length 1 = literal, else a match at the given distance.</summary>
    private readonly ushort[] _stepLength;
    private readonly ushort[] _stepDistance;
    /// <summary>A second parse of a small message, zlib's, to compare.</summary>
    private readonly ushort[] _lazyLength;
    private readonly ushort[] _lazyDistance;

    /// <param name="maxInputLength">Largest message to encode, at most the 32 KiB window (so every match is in reach).</param>
    public DeflateEncoder(int maxInputLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxInputLength, DeflateSymbols.WindowSize);
        MaxInputLength = maxInputLength;
        int optimalLimit = Math.Min(maxInputLength, OptimalParseLimit);
        _matches = new MatchFinder(maxInputLength, optimalLimit);
        _optimal = new OptimalParser(optimalLimit);
        _stepLength = new ushort[maxInputLength];
        _stepDistance = new ushort[maxInputLength];
        _lazyLength = new ushort[optimalLimit];
        _lazyDistance = new ushort[optimalLimit];
    }

    public int MaxInputLength { get; }

    /// <summary>Bound on <see cref="Encode"/>'s output: stored blocks (one per <see cref="MaxBlockSymbols"/> bytes at most).</summary>
    public static int EncodeBound(int length) => StoredHeaderBytes * (1 + length / MaxBlockSymbols) + length;

    /// <summary>
    /// Write <paramref name="source"/> (at most <see cref="MaxInputLength"/> bytes) as raw deflate
    /// data. Returns the bytes written, or −1 if <paramref name="destination"/> is too small
    /// (nothing useful is written then).
    /// </summary>
    public int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(source.Length, MaxInputLength);
        int n = source.Length;
        Span<ushort> stepLength = _stepLength.AsSpan(0, n);
        Span<ushort> stepDistance = _stepDistance.AsSpan(0, n);
        var writer = new DeflateBitWriter(destination);

        if (n <= OptimalParseLimit)
        {
            _matches.FindAll(source, OptimalMaxChain, OptimalNiceLength);
            _optimal.SetFixedPrices();
            _optimal.Parse(source, _matches, stepLength, stepDistance);
            _code.Count(source, stepLength, stepDistance, 0, n);
            long fixedBits = _code.FixedBits();
            long dynamicBits = long.MaxValue;
            if (_code.DynamicLowerBound() < fixedBits)
            {
                dynamicBits = _code.BuildDynamic();
                if (dynamicBits < fixedBits)
                {
                    dynamicBits = ImproveDynamicParse(source, dynamicBits);
                    dynamicBits = PreferLazyParse(source, fixedBits, dynamicBits);
                }
            }
            return WriteBlock(ref writer, source, 0, n, final: true, fixedBits, dynamicBits) ? writer.Finish() : -1;
        }

        // zlib's parse, cut into blocks where zlib cuts them, each block coded the shortest way.
        LazyParser.Parse(source, _matches, stepLength, stepDistance);
        for (int start = 0; ;)
        {
            int end = start;
            for (int symbols = 0; symbols < MaxBlockSymbols && end < n; symbols++)
                end += stepLength[end];
            bool final = end == n;

            _code.Count(source, stepLength, stepDistance, start, end);
            long fixedBits = _code.FixedBits();
            long dynamicBits = _code.DynamicLowerBound() < fixedBits ? _code.BuildDynamic() : long.MaxValue;
            long best = Math.Min(fixedBits, dynamicBits);
            // Literals alone, with their own code, may do better (few distinct bytes, short matches).
            _code.CountLiteralsOnly(source[start..end]);
            if (_code.DynamicLowerBound() < best)
            {
                long literalsOnlyBits = _code.BuildDynamic();
                if (literalsOnlyBits < best)
                {
                    stepLength[start..end].Fill(1);
                    dynamicBits = literalsOnlyBits;
                }
                else if (dynamicBits < fixedBits)
                {
                    _code.Count(source, stepLength, stepDistance, start, end);
                    _code.BuildDynamic();
                }
            }
            // (Otherwise the code built for the parse is still in hand: counting does not touch it.)
            if (!WriteBlock(ref writer, source, start, end, final, fixedBits, dynamicBits))
                return -1;
            if (final)
                return writer.Finish();
            start = end;
        }
    }

    /// <summary>
    /// Write the steps from <paramref name="start"/> to <paramref name="end"/> as the shortest
    /// block: stored, fixed, or dynamic with the code in hand (whenever dynamic beats fixed, the
    /// counted parse and built code are the dynamic block's). False if it does not fit.
    /// </summary>
    private bool WriteBlock(ref DeflateBitWriter writer, ReadOnlySpan<byte> source, int start, int end, bool final,
        long fixedBits, long dynamicBits)
    {
        bool dynamic = dynamicBits < fixedBits;
        long blockBits = dynamic ? dynamicBits : fixedBits;
        long storedBits = DeflateBlockCode.StoredBits(writer.BitCount, end - start);
        if (storedBits < blockBits)
        {
            if (!writer.HasRoomFor(storedBits))
                return false;
            DeflateBlockCode.WriteStored(ref writer, final, source[start..end]);
        }
        else
        {
            if (!writer.HasRoomFor(blockBits))
                return false;
            if (dynamic)
                _code.WriteDynamic(ref writer, final, source, _stepLength, _stepDistance, start, end);
            else
                DeflateBlockCode.WriteFixed(ref writer, final, source, _stepLength, _stepDistance, start, end);
        }
        return true;
    }

    private enum Parsed : byte
    {
        WithFixedPrices,
        WithSavedPrices,
        LiteralsOnly,
    }

    /// <summary>
    /// Look for a shorter dynamic block than the one for the parse in hand (made with fixed-code
    /// prices, <paramref name="bestBits"/> long): re-parse with the prices of the dynamic code
    /// built from the previous parse while that helps, and do the same starting from no matches
    /// at all. Leaves the shortest parse found, and its code, in place.
    /// </summary>
    private long ImproveDynamicParse(ReadOnlySpan<byte> source, long bestBits)
    {
        Span<ushort> stepLength = _stepLength.AsSpan(0, source.Length);
        Span<ushort> stepDistance = _stepDistance.AsSpan(0, source.Length);
        Parsed best = Parsed.WithFixedPrices;
        bool bestInPlace = true;
        RepriceRounds(source, ref bestBits, ref best, ref bestInPlace);

        stepLength.Fill(1);
        _code.CountLiteralsOnly(source);
        long bits = _code.BuildDynamic();
        bestInPlace = bits < bestBits;
        if (bestInPlace)
        {
            bestBits = bits;
            best = Parsed.LiteralsOnly;
        }
        RepriceRounds(source, ref bestBits, ref best, ref bestInPlace);

        if (!bestInPlace)
        {
            switch (best)
            {
                case Parsed.WithFixedPrices:
                    _optimal.SetFixedPrices();
                    _optimal.Parse(source, _matches, stepLength, stepDistance);
                    break;
                case Parsed.WithSavedPrices:
                    _optimal.RestorePrices();
                    _optimal.Parse(source, _matches, stepLength, stepDistance);
                    break;
                default:
                    stepLength.Fill(1);
                    break;
            }
            _code.Count(source, stepLength, stepDistance, 0, source.Length);
            bestBits = _code.BuildDynamic();
        }
        return bestBits;
    }

    /// <summary>
    /// A dynamic block from zlib's own (lazy) parse, if that is shorter than the blocks in hand
    /// (<paramref name="fixedBits"/>, <paramref name="dynamicBits"/>): prices are only a guide to
    /// a dynamic code's real costs, and now and then zlib's parse does better. (Only tried once a
    /// dynamic block beats the fixed one: trying it for every small message would double the
    /// cost of a line of output, and on none of the inputs measured did that change the output.)
    /// Returns the dynamic block's size, leaving its parse and code in place.
    /// </summary>
    private long PreferLazyParse(ReadOnlySpan<byte> source, long fixedBits, long dynamicBits)
    {
        int n = source.Length;
        Span<ushort> lazyLength = _lazyLength.AsSpan(0, n);
        Span<ushort> lazyDistance = _lazyDistance.AsSpan(0, n);
        LazyParser.Parse(source, _matches, lazyLength, lazyDistance);
        _code.Count(source, lazyLength, lazyDistance, 0, n);
        long best = Math.Min(fixedBits, dynamicBits);
        if (_code.DynamicLowerBound() >= best)
            return dynamicBits; // nothing built: the code in hand is still the parse's
        long bits = _code.BuildDynamic();
        if (bits < best)
        {
            lazyLength.CopyTo(_stepLength);
            lazyDistance.CopyTo(_stepDistance);
            return bits;
        }
        if (dynamicBits < fixedBits)
        {
            _code.Count(source, _stepLength, _stepDistance, 0, n);
            _code.BuildDynamic();
        }
        return dynamicBits;
    }

    /// <summary>Re-parse with the last dynamic code's prices while that makes the block shorter than <paramref name="bestBits"/>.</summary>
    private void RepriceRounds(ReadOnlySpan<byte> source, ref long bestBits, ref Parsed best, ref bool bestInPlace)
    {
        Span<ushort> stepLength = _stepLength.AsSpan(0, source.Length);
        Span<ushort> stepDistance = _stepDistance.AsSpan(0, source.Length);
        for (int round = 0; round < DynamicParseRounds; round++)
        {
            _optimal.SetPrices(_code.DynamicLiteralLengthBits, _code.DynamicDistanceBits);
            _optimal.Parse(source, _matches, stepLength, stepDistance);
            _code.Count(source, stepLength, stepDistance, 0, source.Length);
            long bits = _code.BuildDynamic();
            bestInPlace = bits < bestBits;
            if (!bestInPlace)
                return;
            bestBits = bits;
            best = Parsed.WithSavedPrices;
            _optimal.SavePrices();
        }
    }
}
