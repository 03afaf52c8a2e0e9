namespace Mosh.Terminal.Screen;

/// <summary>
/// A foreground or background colour packed in 32 bits: default, a palette index 0–255, or
/// 24-bit RGB. The packing is part of <see cref="Cell"/>'s byte layout, so bytewise cell
/// comparison is colour comparison.
/// </summary>
public readonly struct Color : IEquatable<Color>
{
    private const uint PaletteTag = 0x0100_0000;
    private const uint RgbTag = 0x0200_0000;
    private const uint TagMask = 0xFF00_0000;

    /// <summary>The raw packed value: 0 default, 0x01_0000ii palette, 0x02_rrggbb true colour.</summary>
    public readonly uint Value;

    private Color(uint value) => Value = value;

    public static Color Default => default;

    public static Color FromPacked(uint value) => new(value);

    public static Color Palette(int index) => new(PaletteTag | (uint)(byte)index);

    public static Color Rgb(int r, int g, int b) => new(RgbTag | ((uint)(byte)r << 16) | ((uint)(byte)g << 8) | (byte)b);

    public bool IsDefault => Value == 0;

    public bool IsPalette => (Value & TagMask) == PaletteTag;

    public bool IsRgb => (Value & TagMask) == RgbTag;

    /// <summary>The palette index (valid when <see cref="IsPalette"/>).</summary>
    public int Index => (int)(Value & 0xFF);

    public int R => (int)((Value >> 16) & 0xFF);

    public int G => (int)((Value >> 8) & 0xFF);

    public int B => (int)(Value & 0xFF);

    public bool Equals(Color other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is Color c && c.Value == Value;

    public override int GetHashCode() => (int)Value;

    public static bool operator ==(Color a, Color b) => a.Value == b.Value;

    public static bool operator !=(Color a, Color b) => a.Value != b.Value;

    public override string ToString() =>
        IsDefault ? "default" : IsPalette ? $"palette({Index})" : $"rgb({R},{G},{B})";
}
