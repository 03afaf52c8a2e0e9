using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mosh.Terminal.Screen;

[Flags]
internal enum CellFlags : byte
{
    None = 0,
    Wide = 1 << 0,
    /// <summary>The contents start with a combining mark (drawn after a no-break space).</summary>
    Fallback = 1 << 1,
    /// <summary>Combining marks follow the base code point; they live in the row's side store.</summary>
    HasMarks = 1 << 2,
}

/// <summary>
/// One screen cell in 16 bytes, blittable and free of padding, so rows compare and copy as raw
/// memory. Contents are one base code point (0 = empty cell); combining marks, when present, are
/// kept by the owning <see cref="Row"/> (see <see cref="Row.GetContentsUtf8"/>); a hyperlink is a
/// small index into the framebuffer's <see cref="HyperlinkTable"/>.
/// </summary>
/// <remarks>
/// Two words, with <see cref="Renditions"/>' bits in the same places:
/// low = code point [0,21) | foreground [21,47) | attributes [47,57) | underline style [57,60) | flags [60,63);
/// high = background [0,26) | underline colour [26,52) | hyperlink [52,64).
/// </remarks>
[StructLayout(LayoutKind.Sequential, Size = 16)]
public readonly struct Cell
{
    internal const ulong CodePointMask = (1UL << 21) - 1;
    private const int FlagsShift = 60;
    private const int HyperlinkShift = 52;

    private readonly ulong _low;
    private readonly ulong _high;

    internal Cell(int codePoint, in Renditions renditions, CellFlags flags)
    {
        _low = renditions.Low | ((ulong)(uint)codePoint & CodePointMask) | ((ulong)flags << FlagsShift);
        _high = renditions.High;
    }

    internal Cell(int codePoint, in Renditions renditions, CellFlags flags, int hyperlink)
    {
        _low = renditions.Low | ((ulong)(uint)codePoint & CodePointMask) | ((ulong)flags << FlagsShift);
        _high = renditions.High | ((ulong)(uint)hyperlink << HyperlinkShift);
    }

    private Cell(ulong low, ulong high)
    {
        _low = low;
        _high = high;
    }

    /// <summary>An empty cell carrying only a background colour (what erasing leaves behind, BCE).</summary>
    /// <remarks>Built from its two words directly: erasing and printing wide characters make many.</remarks>
    public static Cell Blank(Color background) => new(0, BlankHighWord(background));

    /// <summary>The second word of <see cref="Blank"/> (the first is 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong BlankHighWord(Color background) => background.Value & Renditions.ColorMask;

    /// <summary>The base code point; 0 for an empty cell. For a fallback cell, the first combining mark.</summary>
    public int CodePoint => (int)(_low & CodePointMask);

    public bool IsEmpty => (_low & CodePointMask) == 0;

    /// <summary>Empty, a single space or a single no-break space (upstream's notion of blank).</summary>
    public bool IsBlank => (Flags & CellFlags.HasMarks) == 0 && CodePoint is 0 or 0x20 or 0xA0;

    public bool IsWide => (Flags & CellFlags.Wide) != 0;

    /// <summary>1 or 2 columns.</summary>
    public int Width => IsWide ? 2 : 1;

    public bool IsFallback => (Flags & CellFlags.Fallback) != 0;

    public bool HasCombiningMarks => (Flags & CellFlags.HasMarks) != 0;

    public Renditions Renditions => new(_low, _high);

    /// <summary>The index of the cell's hyperlink in its framebuffer's <see cref="HyperlinkTable"/>; 0 for none.</summary>
    public int Hyperlink => (int)(_high >> HyperlinkShift);

    internal CellFlags Flags => (CellFlags)((_low >> FlagsShift) & 7);

    /// <summary>The first of the two words (see the remarks), for fills that write raw words.</summary>
    internal ulong LowWord => _low;

    /// <summary>The second of the two words.</summary>
    internal ulong HighWord => _high;

    /// <summary>The low 32 bits of the cell, where the code point sits (the emulator's vector fill sets them).</summary>
    internal uint LowBits => (uint)_low;

    internal Cell WithFlags(CellFlags flags) => new((_low & ~(7UL << FlagsShift)) | ((ulong)flags << FlagsShift), _high);

    internal Cell WithCodePoint(int codePoint, CellFlags flags) =>
        new((_low & ~(CodePointMask | (7UL << FlagsShift))) | ((ulong)(uint)codePoint & CodePointMask) | ((ulong)flags << FlagsShift), _high);

    internal Cell WithHyperlink(int hyperlink) => new(_low, (_high & ((1UL << HyperlinkShift) - 1)) | ((ulong)(uint)hyperlink << HyperlinkShift));

    /// <summary>One column holding one printable ASCII character: not empty, not wide, no combining marks, no fallback.</summary>
    internal bool IsNarrowAscii => ((_low & (CodePointMask | (7UL << FlagsShift))) - 1) < 0x7F;

    /// <summary>Whether the cell's renditions are <paramref name="renditions"/> (compared as words, without building them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool HasRenditions(in Renditions renditions) =>
        (_low & Renditions.LowMask) == renditions.Low && (_high & Renditions.HighMask) == renditions.High;

    /// <summary>Bytewise equality of the inline part (contents base, flags, renditions, hyperlink index); combining marks are compared by the row.</summary>
    internal bool InlineEquals(in Cell other) => _low == other._low && _high == other._high;

    /// <summary><see cref="InlineEquals"/> apart from the hyperlink index.</summary>
    internal bool EqualsIgnoringHyperlink(in Cell other) =>
        _low == other._low && ((_high ^ other._high) & ((1UL << HyperlinkShift) - 1)) == 0;

    public override string ToString() =>
        IsEmpty ? "(empty)" : char.ConvertFromUtf32(CodePoint is <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? CodePoint : 0xFFFD);
}
