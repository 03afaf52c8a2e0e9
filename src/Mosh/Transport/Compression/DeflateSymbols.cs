using System.Numerics;

namespace Mosh.Transport.Compression;

/// <summary>
/// The deflate alphabets (RFC 1951 §3.2.5 and RFC 1951 §3.2.6): which literal/length symbol and distance
/// symbol code a match, how many extra bits follow each, and the fixed Huffman code.
/// </summary>
internal static class DeflateSymbols
{
    public const int MinMatch = 3;
    public const int MaxMatch = 258;
    /// <summary>Largest distance a match may reach back.</summary>
    public const int WindowSize = 32768;

    public const int EndOfBlock = 256;
    /// <summary>Literal/length symbols that may appear in a block (286 and 287 never do).</summary>
    public const int LiteralLengthSymbols = 286;
    /// <summary>Literal/length symbols the fixed code defines.</summary>
    public const int FixedLiteralLengthSymbols = 288;
    public const int DistanceSymbols = 30;
    public const int MaxCodeLength = 15;

    private static readonly byte[] s_lengthSymbol = new byte[MaxMatch + 1];
    private static readonly byte[] s_lengthExtraBits = new byte[MaxMatch + 1];
    private static readonly ushort[] s_lengthBase = new ushort[MaxMatch + 1];

    static DeflateSymbols()
    {
        for (int length = MinMatch; length <= MaxMatch; length++)
        {
            int l = length - MinMatch; // 0..255
            int symbol, extra, baseValue;
            if (l < 8)
            {
                (symbol, extra, baseValue) = (l, 0, l);
            }
            else if (l == 255)
            {
                (symbol, extra, baseValue) = (28, 0, 255); // 258 has its own symbol, 285
            }
            else
            {
                // Four symbols per doubling, each with one more extra bit than the doubling before.
                int log = BitOperations.Log2((uint)l);
                extra = log - 2;
                int quarter = (l >> extra) & 3;
                symbol = 4 * (log - 1) + quarter;
                baseValue = (4 + quarter) << extra;
            }
            s_lengthSymbol[length] = (byte)symbol;
            s_lengthExtraBits[length] = (byte)extra;
            s_lengthBase[length] = (ushort)baseValue;
        }
    }

    /// <summary>The literal/length symbol (257..285) of a match length.</summary>
    public static int LengthSymbol(int length) => 257 + s_lengthSymbol[length];

    public static int LengthExtraBits(int length) => s_lengthExtraBits[length];

    /// <summary>The value of the extra bits after <see cref="LengthSymbol"/>.</summary>
    public static int LengthExtraValue(int length) => length - MinMatch - s_lengthBase[length];

    /// <summary>Extra bits after literal/length symbol <paramref name="symbol"/> (0 for literals).</summary>
    public static int SymbolExtraBits(int symbol) =>
        symbol is < 265 or 285 ? 0 : (symbol - 261) >> 2;

    /// <summary>The distance symbol (0..29) of a distance 1..32768.</summary>
    public static int DistanceSymbol(int distance)
    {
        uint d = (uint)distance - 1;
        if (d < 4)
            return (int)d;
        // Two symbols per doubling.
        int log = BitOperations.Log2(d);
        return 2 * log + (int)((d >> (log - 1)) & 1);
    }

    public static int DistanceExtraBits(int distance)
    {
        uint d = (uint)distance - 1;
        return d < 4 ? 0 : BitOperations.Log2(d) - 1;
    }

    /// <summary>Extra bits after distance symbol <paramref name="symbol"/>.</summary>
    public static int DistanceSymbolExtraBits(int symbol) => symbol < 4 ? 0 : (symbol >> 1) - 1;

    /// <summary>The value of the extra bits after <see cref="DistanceSymbol"/>.</summary>
    public static int DistanceExtraValue(int distance)
    {
        uint d = (uint)distance - 1;
        if (d < 4)
            return 0;
        int extra = BitOperations.Log2(d) - 1;
        return (int)(d & ((1u << extra) - 1));
    }

    /// <summary>Code length of a literal/length symbol in the fixed code (RFC 1951 §3.2.6).</summary>
    public static int FixedLiteralLengthBits(int symbol) => symbol switch
    {
        < 144 => 8,
        < 256 => 9,
        < 280 => 7,
        _ => 8,
    };

    /// <summary>Every fixed distance code is 5 bits.</summary>
    public const int FixedDistanceBits = 5;

    /// <summary>Fill in the fixed code's lengths (for <see cref="HuffmanCode.AssignCanonicalCodes"/>).</summary>
    public static void FixedLengths(Span<byte> literalLength, Span<byte> distance)
    {
        for (int s = 0; s < FixedLiteralLengthSymbols; s++)
            literalLength[s] = (byte)FixedLiteralLengthBits(s);
        distance[..DistanceSymbols].Fill(FixedDistanceBits);
    }
}
