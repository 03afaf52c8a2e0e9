namespace Mosh.Terminal.Screen;

/// <summary>SGR attribute bits. Faint and strikethrough have room reserved but 1.4.0 peers can neither send nor show them.</summary>
[Flags]
public enum RenditionAttributes : byte
{
    None = 0,
    Bold = 1 << 0,
    Italic = 1 << 1,
    Underline = 1 << 2,
    Blink = 1 << 3,
    Inverse = 1 << 4,
    Invisible = 1 << 5,
}

/// <summary>The graphic renditions of a cell or of the cursor (current SGR state).</summary>
public readonly struct Renditions : IEquatable<Renditions>
{
    public readonly Color Foreground;
    public readonly Color Background;
    public readonly RenditionAttributes Attributes;

    public Renditions(Color foreground, Color background, RenditionAttributes attributes)
    {
        Foreground = foreground;
        Background = background;
        Attributes = attributes;
    }

    public static Renditions Default => default;

    public bool IsDefault => Foreground.Value == 0 && Background.Value == 0 && Attributes == 0;

    public bool Has(RenditionAttributes a) => (Attributes & a) != 0;

    public Renditions With(RenditionAttributes a, bool on) =>
        new(Foreground, Background, on ? Attributes | a : Attributes & ~a);

    public Renditions WithForeground(Color c) => new(c, Background, Attributes);

    public Renditions WithBackground(Color c) => new(Foreground, c, Attributes);

    public bool Equals(Renditions other) =>
        Foreground.Value == other.Foreground.Value && Background.Value == other.Background.Value && Attributes == other.Attributes;

    public override bool Equals(object? obj) => obj is Renditions r && Equals(r);

    public override int GetHashCode() => HashCode.Combine(Foreground.Value, Background.Value, (byte)Attributes);

    public static bool operator ==(Renditions a, Renditions b) => a.Equals(b);

    public static bool operator !=(Renditions a, Renditions b) => !a.Equals(b);

    public override string ToString() => $"fg={Foreground} bg={Background} attrs={Attributes}";
}
