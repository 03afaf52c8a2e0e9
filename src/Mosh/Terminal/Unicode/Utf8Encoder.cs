namespace Mosh.Terminal.Unicode;

/// <summary>
/// Code point to UTF-8, as cell contents are stored. Unlike <see cref="System.Text.Rune"/> it never
/// throws: whatever code point a cell holds is encoded by the bit pattern alone.
/// </summary>
internal static class Utf8Encoder
{
    /// <summary>Bytes in the UTF-8 encoding of <paramref name="codePoint"/>.</summary>
    public static int Length(int codePoint) =>
        codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

    /// <summary>Writes the UTF-8 encoding of <paramref name="cp"/> (1 to 4 bytes) and returns its length.</summary>
    public static int Encode(int cp, Span<byte> destination)
    {
        if (cp < 0x80)
        {
            destination[0] = (byte)cp;
            return 1;
        }
        if (cp < 0x800)
        {
            destination[0] = (byte)(0xC0 | (cp >> 6));
            destination[1] = (byte)(0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000)
        {
            destination[0] = (byte)(0xE0 | (cp >> 12));
            destination[1] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            destination[2] = (byte)(0x80 | (cp & 0x3F));
            return 3;
        }
        destination[0] = (byte)(0xF0 | (cp >> 18));
        destination[1] = (byte)(0x80 | ((cp >> 12) & 0x3F));
        destination[2] = (byte)(0x80 | ((cp >> 6) & 0x3F));
        destination[3] = (byte)(0x80 | (cp & 0x3F));
        return 4;
    }
}
