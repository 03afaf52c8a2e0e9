namespace Mosh.Terminal.Unicode;

/// <summary>
/// Byte-at-a-time UTF-8 decoder with exactly the error behaviour of mosh 1.4.0, whose parser
/// feeds glibc's <c>mbrtowc</c> one byte at a time (protocol §8.1). The state is a few
/// bytes, so a sequence split across reads resumes where it stopped.
/// </summary>
/// <remarks>
/// glibc's rules, which are looser than Unicode's "maximal subpart" practice and which we copy:
/// <list type="bullet">
/// <item>Lead bytes C2–DF, E0–EF, F0–F7, F8–FB, FC–FD start sequences of 2, 3, 4, 5 and 6 bytes
/// (the old ISO 10646 forms); 80–C1, FE and FF are invalid on their own → U+FFFD.</item>
/// <item>While a sequence is incomplete only the continuation pattern (10xxxxxx) is checked. A
/// non-continuation byte ends it with one U+FFFD and is then decoded afresh.</item>
/// <item>A complete sequence that is overlong or a surrogate is invalid: upstream emits U+FFFD
/// and re-examines the last byte, which is a lone continuation byte → a second U+FFFD.</item>
/// <item>A complete, well-formed value above U+10FFFF (F4 90.., F5.., 5- and 6-byte forms) is one
/// U+FFFD (upstream's range check after <c>mbrtowc</c> succeeded).</item>
/// </list>
/// </remarks>
public struct Utf8Decoder
{
    public const int ReplacementCharacter = 0xFFFD;

    private int _value;      // bits accumulated so far
    private byte _length;    // total bytes of the pending sequence; 0 = nothing pending
    private byte _received;  // bytes of it received so far

    /// <summary>True while a multi-byte sequence is incomplete.</summary>
    public readonly bool HasPending => _length != 0;

    /// <summary>Forgets any incomplete sequence.</summary>
    public void Reset() => _length = 0;

    /// <summary>
    /// Feeds one byte. Returns how many code points it completed (0, 1 or 2), in
    /// <paramref name="first"/> then <paramref name="second"/>.
    /// </summary>
    public int Push(byte b, out int first, out int second)
    {
        second = 0;
        if (_length == 0)
        {
            return Start(b, out first);
        }

        if ((b & 0xC0) != 0x80)
        {
            // The pending sequence is cut short: one U+FFFD for it, then this byte on its own.
            _length = 0;
            first = ReplacementCharacter;
            return 1 + Start(b, out second);
        }

        _value = (_value << 6) | (b & 0x3F);
        if (++_received < _length)
        {
            first = 0;
            return 0;
        }

        int length = _length;
        int value = _value;
        _length = 0;
        // glibc: a 3..6-byte form whose value fits in fewer bytes is overlong (2-byte overlongs
        // are excluded by the lead byte check); surrogates are rejected.
        bool overlong = length > 2 && (value >> (5 * length - 4)) == 0;
        if (overlong || (uint)(value - 0xD800) <= 0xDFFF - 0xD800)
        {
            first = ReplacementCharacter;
            second = ReplacementCharacter; // the last byte, re-examined alone, is invalid too
            return 2;
        }

        first = value <= 0x10FFFF ? value : ReplacementCharacter;
        return 1;
    }

    private int Start(byte b, out int codePoint)
    {
        if (b < 0x80)
        {
            codePoint = b;
            return 1;
        }

        int length;
        int bits;
        if (b < 0xC2) { codePoint = ReplacementCharacter; return 1; }   // continuation, or C0/C1 (overlong)
        else if (b < 0xE0) { length = 2; bits = b & 0x1F; }
        else if (b < 0xF0) { length = 3; bits = b & 0x0F; }
        else if (b < 0xF8) { length = 4; bits = b & 0x07; }
        else if (b < 0xFC) { length = 5; bits = b & 0x03; }
        else if (b < 0xFE) { length = 6; bits = b & 0x01; }
        else { codePoint = ReplacementCharacter; return 1; }            // FE, FF

        _length = (byte)length;
        _received = 1;
        _value = bits;
        codePoint = 0;
        return 0;
    }
}
