namespace Mosh.Terminal;

/// <summary>
/// Rough character widths used until the Unicode 14 tables (Mosh.Terminal.Unicode.CharWidth)
/// are available: combining ranges 0, the main East Asian wide ranges 2, everything else 1.
/// </summary>
internal static class InterimCharWidth
{
    public static int Of(int cp)
    {
        if (cp < 0x300)
        {
            return cp == 0 ? -1 : 1;
        }
        if (cp is <= 0x36F or (>= 0x200B and <= 0x200F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0x20D0 and <= 0x20FF))
        {
            return 0;
        }
        if (cp is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60)
            or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1F64F) or (>= 0x1F900 and <= 0x1F9FF)
            or (>= 0x20000 and <= 0x3FFFD))
        {
            return 2;
        }
        return cp is (>= 0xD800 and <= 0xDFFF) or > 0x10FFFF ? -1 : 1;
    }
}
