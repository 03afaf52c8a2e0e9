using System.Globalization;

namespace Mosh.Prediction;

/// <summary>
/// STAND-IN, to be replaced by <c>Mosh.Terminal.Unicode.CharWidth.Of</c> (glibc-compatible widths)
/// once that lands: an approximation of glibc's <c>wcwidth</c> — −1 for controls and unassigned
/// code points, 0 for combining and format characters, 2 for the main East Asian wide and
/// emoji blocks, else 1. The overlays only ask "is this exactly one column?" and "how wide is
/// this notification character?", so an approximation is safe until then.
/// </summary>
internal static class CharWidthStandIn
{
    public static int Of(int cp)
    {
        if (cp >= 0x20 && cp < 0x7F)
        {
            return 1;
        }
        if (cp == 0)
        {
            return 0;
        }
        if (cp < 0xA0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        {
            return -1;
        }
        if (cp == 0xAD)
        {
            return 1; // soft hyphen: glibc gives it a column
        }
        if ((cp >= 0x1160 && cp <= 0x11FF) || cp == 0x200B)
        {
            return 0; // Hangul medial vowels and final consonants, zero width space
        }
        switch (CharUnicodeInfo.GetUnicodeCategory(cp))
        {
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.Format:
                return 0;
            case UnicodeCategory.Control:
            case UnicodeCategory.OtherNotAssigned:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
                return -1;
        }
        return IsWide(cp) ? 2 : 1;
    }

    private static bool IsWide(int cp) =>
        (cp >= 0x1100 && cp <= 0x115F)
        || cp == 0x2329 || cp == 0x232A
        || (cp >= 0x231A && cp <= 0x231B)
        || (cp >= 0x23E9 && cp <= 0x23EC) || cp == 0x23F0 || cp == 0x23F3
        || (cp >= 0x25FD && cp <= 0x25FE)
        || (cp >= 0x2614 && cp <= 0x2615)
        || (cp >= 0x2648 && cp <= 0x2653)
        || cp == 0x267F || cp == 0x2693 || cp == 0x26A1
        || (cp >= 0x26AA && cp <= 0x26AB) || (cp >= 0x26BD && cp <= 0x26BE)
        || (cp >= 0x26C4 && cp <= 0x26C5) || cp == 0x26CE || cp == 0x26D4 || cp == 0x26EA
        || (cp >= 0x26F2 && cp <= 0x26F3) || cp == 0x26F5 || cp == 0x26FA || cp == 0x26FD
        || cp == 0x2705 || (cp >= 0x270A && cp <= 0x270B) || cp == 0x2728 || cp == 0x274C
        || cp == 0x274E || (cp >= 0x2753 && cp <= 0x2755) || cp == 0x2757
        || (cp >= 0x2795 && cp <= 0x2797) || cp == 0x27B0 || cp == 0x27BF
        || (cp >= 0x2B1B && cp <= 0x2B1C) || cp == 0x2B50 || cp == 0x2B55
        || (cp >= 0x2E80 && cp <= 0x303E)
        || (cp >= 0x3041 && cp <= 0x33FF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0xA000 && cp <= 0xA4CF)
        || (cp >= 0xA960 && cp <= 0xA97F)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE10 && cp <= 0xFE19)
        || (cp >= 0xFE30 && cp <= 0xFE6F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x16FE0 && cp <= 0x16FE4)
        || (cp >= 0x17000 && cp <= 0x18AFF)
        || (cp >= 0x1B000 && cp <= 0x1B2FF)
        || cp == 0x1F004 || cp == 0x1F0CF || cp == 0x1F18E
        || (cp >= 0x1F191 && cp <= 0x1F19A)
        || (cp >= 0x1F200 && cp <= 0x1F251)
        || (cp >= 0x1F300 && cp <= 0x1F320)
        || (cp >= 0x1F32D && cp <= 0x1F64F)
        || (cp >= 0x1F680 && cp <= 0x1F6FF)
        || (cp >= 0x1F900 && cp <= 0x1F9FF)
        || (cp >= 0x20000 && cp <= 0x2FFFD)
        || (cp >= 0x30000 && cp <= 0x3FFFD);
}
