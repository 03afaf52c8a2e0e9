namespace Mosh.Transport.Compression;

/// <summary>
/// The Huffman side of one deflate block (RFC 1951 §3.2.5 to RFC 1951 §3.2.7): symbol frequencies of a parse,
/// the block's exact size in bits under the fixed code or under a dynamic code built for those
/// frequencies (header included, coded by zlib's rules), and the writing of the block. A parse is
/// a list of steps by start position: length 1 is a literal, 3..258 a match at the given distance.
/// </summary>
internal sealed class DeflateBlockCode
{
    private const int CodeLengthSymbols = 19;
    private const int MaxCodeLengthBits = 7;
    private const int HeaderLengths = DeflateSymbols.LiteralLengthSymbols + DeflateSymbols.DistanceSymbols;

    /// <summary>The order in which a dynamic header lists the code-length code's lengths.</summary>
    private static ReadOnlySpan<byte> CodeLengthOrder => [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    private static readonly byte[] s_fixedLiteralLengthBits = new byte[DeflateSymbols.FixedLiteralLengthSymbols];
    private static readonly ushort[] s_fixedLiteralLengthCode = new ushort[DeflateSymbols.FixedLiteralLengthSymbols];
    private static readonly byte[] s_fixedDistanceBits = new byte[DeflateSymbols.DistanceSymbols];
    private static readonly ushort[] s_fixedDistanceCode = new ushort[DeflateSymbols.DistanceSymbols];

    /// <summary>Fixed-code bits of a match length: its symbol and extra bits.</summary>
    private static readonly byte[] s_fixedLengthCost = new byte[DeflateSymbols.MaxMatch + 1];

    private readonly int[] _literalLengthFrequency = new int[DeflateSymbols.LiteralLengthSymbols];
    private readonly int[] _distanceFrequency = new int[DeflateSymbols.DistanceSymbols];

    /// <summary>Size in bits of the counted block under the fixed code (summed while counting).</summary>
    private long _fixedBits;
    /// <summary>Extra bits of the counted matches (the same under any code).</summary>
    private long _extraBits;
    /// <summary>Counted literal/length symbols, end of block included.</summary>
    private int _symbolCount;

    // The dynamic code built by BuildDynamic.
    private readonly byte[] _literalLengthBits = new byte[DeflateSymbols.FixedLiteralLengthSymbols];
    private readonly ushort[] _literalLengthCode = new ushort[DeflateSymbols.FixedLiteralLengthSymbols];
    private readonly byte[] _distanceBits = new byte[DeflateSymbols.DistanceSymbols];
    private readonly ushort[] _distanceCode = new ushort[DeflateSymbols.DistanceSymbols];
    private int _literalLengthCount;
    private int _distanceCount;

    // Its header: the two length lists run-length coded with the code-length alphabet.
    private readonly byte[] _runSymbols = new byte[HeaderLengths];
    private readonly byte[] _runExtra = new byte[HeaderLengths];
    private int _runCount;
    private readonly int[] _codeLengthFrequency = new int[CodeLengthSymbols];
    private readonly byte[] _codeLengthBits = new byte[CodeLengthSymbols];
    private readonly ushort[] _codeLengthCode = new ushort[CodeLengthSymbols];
    private int _codeLengthCount;

    static DeflateBlockCode()
    {
        DeflateSymbols.FixedLengths(s_fixedLiteralLengthBits, s_fixedDistanceBits);
        HuffmanCode.AssignCanonicalCodes(s_fixedLiteralLengthBits, s_fixedLiteralLengthCode);
        HuffmanCode.AssignCanonicalCodes(s_fixedDistanceBits, s_fixedDistanceCode);
        for (int length = DeflateSymbols.MinMatch; length <= DeflateSymbols.MaxMatch; length++)
        {
            s_fixedLengthCost[length] = (byte)(s_fixedLiteralLengthBits[DeflateSymbols.LengthSymbol(length)]
                + DeflateSymbols.LengthExtraBits(length));
        }
    }

    /// <summary>Code lengths of the dynamic code last built (0: symbol not in the code).</summary>
    public ReadOnlySpan<byte> DynamicLiteralLengthBits => _literalLengthBits.AsSpan(0, DeflateSymbols.LiteralLengthSymbols);

    public ReadOnlySpan<byte> DynamicDistanceBits => _distanceBits;

    /// <summary>Count the symbols of the steps from <paramref name="start"/> to <paramref name="end"/>, end-of-block included.</summary>
    public void Count(ReadOnlySpan<byte> source, ReadOnlySpan<ushort> stepLength, ReadOnlySpan<ushort> stepDistance, int start, int end)
    {
        Span<int> literalLength = _literalLengthFrequency;
        Span<int> distance = _distanceFrequency;
        ReadOnlySpan<byte> fixedLiteralBits = s_fixedLiteralLengthBits;
        ReadOnlySpan<byte> fixedLengthCost = s_fixedLengthCost;
        literalLength.Clear();
        distance.Clear();
        long fixedBits = 3 + 7; // header, end of block
        long extraBits = 0;
        int symbols = 1;
        for (int i = start; i < end; symbols++)
        {
            int length = stepLength[i];
            if (length == 1)
            {
                byte literal = source[i];
                literalLength[literal]++;
                fixedBits += fixedLiteralBits[literal];
            }
            else
            {
                int d = stepDistance[i];
                literalLength[DeflateSymbols.LengthSymbol(length)]++;
                distance[DeflateSymbols.DistanceSymbol(d)]++;
                int extra = DeflateSymbols.LengthExtraBits(length) + DeflateSymbols.DistanceExtraBits(d);
                fixedBits += fixedLengthCost[length] + DeflateSymbols.FixedDistanceBits + DeflateSymbols.DistanceExtraBits(d);
                extraBits += extra;
            }
            i += length;
        }
        literalLength[DeflateSymbols.EndOfBlock]++;
        _fixedBits = fixedBits;
        _extraBits = extraBits;
        _symbolCount = symbols;
    }

    /// <summary>Count <paramref name="bytes"/> as literals only.</summary>
    public void CountLiteralsOnly(ReadOnlySpan<byte> bytes)
    {
        Span<int> literalLength = _literalLengthFrequency;
        ReadOnlySpan<byte> fixedLiteralBits = s_fixedLiteralLengthBits;
        literalLength.Clear();
        _distanceFrequency.AsSpan().Clear();
        long fixedBits = 3 + 7;
        foreach (byte b in bytes)
        {
            literalLength[b]++;
            fixedBits += fixedLiteralBits[b];
        }
        literalLength[DeflateSymbols.EndOfBlock]++;
        _fixedBits = fixedBits;
        _extraBits = 0;
        _symbolCount = bytes.Length + 1;
    }

    /// <summary>
    /// A cheap lower bound on what <see cref="BuildDynamic"/> would return, to skip building a
    /// dynamic code that cannot beat the fixed one (as for most small messages). The header: its
    /// fixed fields and at least four code-length code lengths, then the list of literal/length
    /// code lengths, whose runs of unused symbols are coded exactly as known (zeros, 17 or 18 with
    /// their extra bits) and whose used symbols take at least one code per seven; no prefix code
    /// writes those in fewer bits than their entropy. The data: no prefix code does better than
    /// the entropy either, every distance takes at least a bit, and extra bits are what they are.
    /// </summary>
    public long DynamicLowerBound()
    {
        ReadOnlySpan<int> frequency = _literalLengthFrequency;
        double dataEntropy = _symbolCount * Math.Log2(_symbolCount);
        int zeros = 0, shortRuns = 0, longRuns = 0, used = 0, unusedRun = 0;
        for (int s = 0; s < frequency.Length; s++)
        {
            int f = frequency[s];
            if (f == 0)
            {
                unusedRun++;
                continue;
            }
            for (; unusedRun >= 11; unusedRun -= Math.Min(unusedRun, 138))
                longRuns++;
            if (unusedRun >= 3)
                shortRuns++;
            else
                zeros += unusedRun;
            unusedRun = 0;
            used++;
            dataEntropy -= f * Math.Log2(f);
        }
        int usedCodes = (used + 6) / 7;
        double listEntropy = Entropy(zeros, shortRuns, longRuns, usedCodes);
        int distances = 0;
        foreach (int f in _distanceFrequency)
            distances += f;
        // One bit of slack for rounding in each entropy.
        return 3 + 5 + 5 + 4 + 4 * 3 + (long)listEntropy - 1 + 3L * shortRuns + 7L * longRuns
            + (long)dataEntropy - 1 + distances + _extraBits;
    }

    /// <summary>Fewest bits any prefix code needs for symbols occurring this often (the counts times their entropy).</summary>
    private static double Entropy(int a, int b, int c, int d)
    {
        int total = a + b + c + d;
        return total * Math.Log2(total) - Term(a) - Term(b) - Term(c) - Term(d);

        static double Term(int count) => count == 0 ? 0 : count * Math.Log2(count);
    }

    /// <summary>The counted block's size in bits under the fixed code, header included.</summary>
    public long FixedBits() => _fixedBits;

    /// <summary>Bits of the counted symbols and their extra bits under the given code lengths.</summary>
    private long DataBits(ReadOnlySpan<byte> literalLengthBits, ReadOnlySpan<byte> distanceBits)
    {
        long bits = 0;
        for (int s = 0; s < DeflateSymbols.LiteralLengthSymbols; s++)
        {
            int f = _literalLengthFrequency[s];
            if (f != 0)
                bits += (long)f * (literalLengthBits[s] + DeflateSymbols.SymbolExtraBits(s));
        }
        for (int d = 0; d < DeflateSymbols.DistanceSymbols; d++)
        {
            int f = _distanceFrequency[d];
            if (f != 0)
                bits += (long)f * (distanceBits[d] + DeflateSymbols.DistanceSymbolExtraBits(d));
        }
        return bits;
    }

    /// <summary>Build the dynamic code and its header for the counted symbols; returns the block's size in bits, header included.</summary>
    public long BuildDynamic()
    {
        HuffmanCode.BuildLengths(_literalLengthFrequency, DeflateSymbols.MaxCodeLength, _literalLengthBits);
        HuffmanCode.BuildLengths(_distanceFrequency, DeflateSymbols.MaxCodeLength, _distanceBits);

        int literalLengthCount = DeflateSymbols.LiteralLengthSymbols;
        while (literalLengthCount > 257 && _literalLengthBits[literalLengthCount - 1] == 0)
            literalLengthCount--;
        int distanceCount = DeflateSymbols.DistanceSymbols;
        while (distanceCount > 1 && _distanceBits[distanceCount - 1] == 0)
            distanceCount--;
        _literalLengthCount = literalLengthCount;
        _distanceCount = distanceCount;

        _codeLengthFrequency.AsSpan().Clear();
        _runCount = 0;
        RunLengthCode(_literalLengthBits.AsSpan(0, literalLengthCount));
        RunLengthCode(_distanceBits.AsSpan(0, distanceCount));

        HuffmanCode.BuildLengths(_codeLengthFrequency, MaxCodeLengthBits, _codeLengthBits);
        int codeLengthCount = CodeLengthSymbols;
        while (codeLengthCount > 4 && _codeLengthBits[CodeLengthOrder[codeLengthCount - 1]] == 0)
            codeLengthCount--;
        _codeLengthCount = codeLengthCount;

        long bits = 3 + 5 + 5 + 4 + 3 * codeLengthCount;
        for (int s = 0; s < CodeLengthSymbols; s++)
            bits += (long)_codeLengthFrequency[s] * _codeLengthBits[s];
        bits += 2L * _codeLengthFrequency[16] + 3L * _codeLengthFrequency[17] + 7L * _codeLengthFrequency[18];
        return bits + DataBits(_literalLengthBits, _distanceBits);
    }

    /// <summary>
    /// One length list in the code-length alphabet (16: repeat the previous length 3–6 times,
    /// 17/18: 3–10/11–138 zeros), with zlib's rules for when a run is worth a repeat code.
    /// </summary>
    private void RunLengthCode(ReadOnlySpan<byte> lengths)
    {
        int previous = -1;
        int next = lengths[0];
        int count = 0;
        (int maxCount, int minCount) = next == 0 ? (138, 3) : (7, 4);
        for (int i = 0; i < lengths.Length; i++)
        {
            int current = next;
            next = i + 1 < lengths.Length ? lengths[i + 1] : -1;
            if (++count < maxCount && current == next)
                continue;
            if (count < minCount)
            {
                for (; count > 0; count--)
                    AddRun((byte)current, 0);
            }
            else if (current != 0)
            {
                if (current != previous)
                {
                    AddRun((byte)current, 0);
                    count--;
                }
                AddRun(16, count - 3);
            }
            else if (count <= 10)
            {
                AddRun(17, count - 3);
            }
            else
            {
                AddRun(18, count - 11);
            }
            count = 0;
            previous = current;
            (maxCount, minCount) = next == 0 ? (138, 3) : current == next ? (6, 3) : (7, 4);
        }
    }

    private void AddRun(byte symbol, int extra)
    {
        _runSymbols[_runCount] = symbol;
        _runExtra[_runCount++] = (byte)extra;
        _codeLengthFrequency[symbol]++;
    }

    /// <summary>Size in bits of a stored block of <paramref name="length"/> bytes begun at bit <paramref name="bitPosition"/> (it pads to a byte).</summary>
    public static long StoredBits(long bitPosition, int length) =>
        3 + (-(bitPosition + 3) & 7) + 32 + 8L * length;

    /// <summary>Write <paramref name="bytes"/> (at most 65 535) as a stored block.</summary>
    public static void WriteStored(ref DeflateBitWriter writer, bool final, ReadOnlySpan<byte> bytes)
    {
        writer.Write(final ? 1u : 0u, 3); // BFINAL, BTYPE = 00
        writer.AlignToByte();
        writer.Write((uint)bytes.Length | ((uint)(ushort)~bytes.Length << 16), 32); // LEN, NLEN
        writer.AlignToByte();
        writer.WriteAlignedBytes(bytes);
    }

    /// <summary>Write the steps from <paramref name="start"/> to <paramref name="end"/> as a fixed-Huffman block.</summary>
    public static void WriteFixed(ref DeflateBitWriter writer, bool final, ReadOnlySpan<byte> source,
        ReadOnlySpan<ushort> stepLength, ReadOnlySpan<ushort> stepDistance, int start, int end)
    {
        writer.Write((final ? 1u : 0u) | (1 << 1), 3); // BFINAL, BTYPE = 01
        WriteSymbols(ref writer, source, stepLength, stepDistance, start, end,
            s_fixedLiteralLengthBits, s_fixedLiteralLengthCode, s_fixedDistanceBits, s_fixedDistanceCode);
    }

    /// <summary>Write the steps from <paramref name="start"/> to <paramref name="end"/> as a dynamic-Huffman block, with the code <see cref="BuildDynamic"/> built for them.</summary>
    public void WriteDynamic(ref DeflateBitWriter writer, bool final, ReadOnlySpan<byte> source,
        ReadOnlySpan<ushort> stepLength, ReadOnlySpan<ushort> stepDistance, int start, int end)
    {
        HuffmanCode.AssignCanonicalCodes(_literalLengthBits, _literalLengthCode);
        HuffmanCode.AssignCanonicalCodes(_distanceBits, _distanceCode);
        HuffmanCode.AssignCanonicalCodes(_codeLengthBits, _codeLengthCode);
        writer.Write((final ? 1u : 0u) | (2 << 1), 3); // BFINAL, BTYPE = 10
        writer.Write((uint)(_literalLengthCount - 257), 5);
        writer.Write((uint)(_distanceCount - 1), 5);
        writer.Write((uint)(_codeLengthCount - 4), 4);
        for (int k = 0; k < _codeLengthCount; k++)
            writer.Write(_codeLengthBits[CodeLengthOrder[k]], 3);
        for (int r = 0; r < _runCount; r++)
        {
            int symbol = _runSymbols[r];
            writer.Write(_codeLengthCode[symbol], _codeLengthBits[symbol]);
            switch (symbol)
            {
                case 16: writer.Write(_runExtra[r], 2); break;
                case 17: writer.Write(_runExtra[r], 3); break;
                case 18: writer.Write(_runExtra[r], 7); break;
            }
        }
        WriteSymbols(ref writer, source, stepLength, stepDistance, start, end, _literalLengthBits, _literalLengthCode, _distanceBits, _distanceCode);
    }

    private static void WriteSymbols(ref DeflateBitWriter writer, ReadOnlySpan<byte> source,
        ReadOnlySpan<ushort> stepLength, ReadOnlySpan<ushort> stepDistance, int start, int end,
        ReadOnlySpan<byte> literalLengthBits, ReadOnlySpan<ushort> literalLengthCode,
        ReadOnlySpan<byte> distanceBits, ReadOnlySpan<ushort> distanceCode)
    {
        for (int i = start; i < end;)
        {
            int length = stepLength[i];
            if (length == 1)
            {
                byte literal = source[i];
                writer.Write(literalLengthCode[literal], literalLengthBits[literal]);
            }
            else
            {
                // Code and extra bits in one write each (at most 15 + 5 and 15 + 13 bits).
                int symbol = DeflateSymbols.LengthSymbol(length);
                int bits = literalLengthBits[symbol];
                writer.Write(literalLengthCode[symbol] | ((uint)DeflateSymbols.LengthExtraValue(length) << bits),
                    bits + DeflateSymbols.LengthExtraBits(length));
                int distance = stepDistance[i];
                int d = DeflateSymbols.DistanceSymbol(distance);
                bits = distanceBits[d];
                writer.Write(distanceCode[d] | ((uint)DeflateSymbols.DistanceExtraValue(distance) << bits),
                    bits + DeflateSymbols.DistanceExtraBits(distance));
            }
            i += length;
        }
        writer.Write(literalLengthCode[DeflateSymbols.EndOfBlock], literalLengthBits[DeflateSymbols.EndOfBlock]);
    }
}
