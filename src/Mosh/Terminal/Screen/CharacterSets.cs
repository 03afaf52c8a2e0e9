namespace Mosh.Terminal.Screen;

/// <summary>A 94-character set that can be designated into G0 or G1 (<c>ESC ( F</c>, <c>ESC ) F</c>).</summary>
public enum CharacterSet : byte
{
    /// <summary><c>B</c>: US ASCII, the power-on set.</summary>
    Ascii = 0,

    /// <summary><c>0</c>: DEC Special Graphics (line drawing).</summary>
    DecSpecialGraphics = 1,

    /// <summary><c>A</c>: United Kingdom (<c>#</c> is the pound sign).</summary>
    British = 2,
}

/// <summary>
/// The G0 and G1 designations and which of them is invoked into GL (SI / SO). Not part of 1.4.0
/// (§8.9, §13.1): our server's emulator translates on its side, so the cells hold Unicode and
/// any client, upstream's included, draws them. Saved and restored with the cursor, as in xterm.
/// </summary>
public struct CharacterSets
{
    public CharacterSet G0;
    public CharacterSet G1;

    /// <summary>True after SO (G1 in GL), false after SI (G0 in GL).</summary>
    public bool ShiftOut;

    /// <summary>The set that GL (the 7-bit printable characters) shows.</summary>
    public readonly CharacterSet Active => ShiftOut ? G1 : G0;

    /// <summary>The set a designation final character names; false for one we do not know (the designation is then ignored, as tmux does).</summary>
    public static bool TryParse(byte final, out CharacterSet set)
    {
        switch (final)
        {
            case (byte)'B':
                set = CharacterSet.Ascii;
                return true;
            case (byte)'0':
                set = CharacterSet.DecSpecialGraphics;
                return true;
            case (byte)'A':
                set = CharacterSet.British;
                return true;
            default:
                set = CharacterSet.Ascii;
                return false;
        }
    }

    /// <summary>What printable ASCII <paramref name="c"/> (0x20–0x7E) shows in <paramref name="set"/>.</summary>
    public static int Map(CharacterSet set, int c)
    {
        switch (set)
        {
            case CharacterSet.DecSpecialGraphics when c >= 0x5F:
                return DecSpecialGraphics[c - 0x5F];
            case CharacterSet.British when c == '#':
                return 0xA3;
            default:
                return c;
        }
    }

    // 0x5F–0x7E, as xterm draws them in UTF-8 (the VT100's "blank" at 0x5F is a space).
    private static ReadOnlySpan<ushort> DecSpecialGraphics =>
    [
        0x0020, // _ blank
        0x25C6, // ` diamond
        0x2592, // a checkerboard
        0x2409, // b HT
        0x240C, // c FF
        0x240D, // d CR
        0x240A, // e LF
        0x00B0, // f degree
        0x00B1, // g plus-minus
        0x2424, // h NL
        0x240B, // i VT
        0x2518, // j lower right corner
        0x2510, // k upper right corner
        0x250C, // l upper left corner
        0x2514, // m lower left corner
        0x253C, // n crossing lines
        0x23BA, // o scan line 1
        0x23BB, // p scan line 3
        0x2500, // q horizontal line (scan line 5)
        0x23BC, // r scan line 7
        0x23BD, // s scan line 9
        0x251C, // t left tee
        0x2524, // u right tee
        0x2534, // v bottom tee
        0x252C, // w top tee
        0x2502, // x vertical line
        0x2264, // y less than or equal
        0x2265, // z greater than or equal
        0x03C0, // { pi
        0x2260, // | not equal
        0x00A3, // } pound
        0x00B7, // ~ middle dot
    ];
}
