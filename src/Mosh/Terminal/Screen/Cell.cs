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
/// kept by the owning <see cref="Row"/> (see <see cref="Row.GetContentsUtf8"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
public readonly struct Cell
{
    private readonly int _codePoint;
    private readonly uint _foreground;
    private readonly uint _background;
    private readonly RenditionAttributes _attributes;
    private readonly CellFlags _flags;
    // Explicit so that no padding byte exists: the bytewise equality of rows depends on it.
    private readonly ushort _reserved;

    internal Cell(int codePoint, in Renditions renditions, CellFlags flags)
    {
        _codePoint = codePoint;
        _foreground = renditions.Foreground.Value;
        _background = renditions.Background.Value;
        _attributes = renditions.Attributes;
        _flags = flags;
        _reserved = 0;
    }

    /// <summary>An empty cell carrying only a background colour (what erasing leaves behind, BCE).</summary>
    public static Cell Blank(Color background) => new(0, new Renditions(default, background, 0), 0);

    /// <summary>The base code point; 0 for an empty cell. For a fallback cell, the first combining mark.</summary>
    public int CodePoint => _codePoint;

    public bool IsEmpty => _codePoint == 0;

    /// <summary>Empty, a single space or a single no-break space (upstream's notion of blank).</summary>
    public bool IsBlank => (_flags & CellFlags.HasMarks) == 0 && (_codePoint == 0 || _codePoint == 0x20 || _codePoint == 0xA0);

    public bool IsWide => (_flags & CellFlags.Wide) != 0;

    /// <summary>1 or 2 columns.</summary>
    public int Width => IsWide ? 2 : 1;

    public bool IsFallback => (_flags & CellFlags.Fallback) != 0;

    public bool HasCombiningMarks => (_flags & CellFlags.HasMarks) != 0;

    public Renditions Renditions => new(Color.FromPacked(_foreground), Color.FromPacked(_background), _attributes);

    internal CellFlags Flags => _flags;

    internal Cell WithFlags(CellFlags flags) => new(_codePoint, Renditions, flags);

    internal Cell WithCodePoint(int codePoint, CellFlags flags) => new(codePoint, Renditions, flags);

    /// <summary>Bytewise equality of the inline part (contents base, flags, renditions); combining marks are compared by the row.</summary>
    internal bool InlineEquals(in Cell other) =>
        _codePoint == other._codePoint && _foreground == other._foreground && _background == other._background
        && _attributes == other._attributes && _flags == other._flags;

    public override string ToString() =>
        IsEmpty ? "(empty)" : char.ConvertFromUtf32(_codePoint is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? _codePoint : 0xFFFD);
}
