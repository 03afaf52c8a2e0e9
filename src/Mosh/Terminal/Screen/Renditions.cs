namespace Mosh.Terminal.Screen;

/// <summary>
/// SGR attribute bits. Bold to invisible are 1.4.0's; faint (SGR 2), strikethrough (9) and
/// overline (53) are ours: an upstream peer ignores them (§8.7, §13.1).
/// </summary>
[Flags]
public enum RenditionAttributes : ushort
{
    None = 0,
    Bold = 1 << 0,
    Italic = 1 << 1,
    /// <summary>Underlined in any style (<see cref="Renditions.UnderlineStyle"/> says which).</summary>
    Underline = 1 << 2,
    Blink = 1 << 3,
    Inverse = 1 << 4,
    Invisible = 1 << 5,
    Faint = 1 << 6,
    Strikethrough = 1 << 7,
    Overline = 1 << 8,
}

/// <summary>The underline styles of <c>SGR 4:n</c>; the values are the n of that form.</summary>
public enum UnderlineStyle : byte
{
    None = 0,
    Single = 1,
    Double = 2,
    Curly = 3,
    Dotted = 4,
    Dashed = 5,
}

/// <summary>
/// The graphic renditions of a cell or of the cursor (current SGR state): foreground,
/// background and underline colours, attribute bits and the underline style. Kept packed in
/// two words laid out exactly as in <see cref="Cell"/>, so that moving renditions in and out
/// of a cell and comparing them are a few mask operations.
/// </summary>
/// <remarks>
/// Layout (shared with <see cref="Cell"/>, which adds its own fields in the bits left free):
/// <c>Low</c>: foreground [21,47), attributes [47,57), underline style [57,60);
/// <c>High</c>: background [0,26), underline colour [26,52). Colours are
/// <see cref="Color.Value"/>, which fits 26 bits. The <see cref="RenditionAttributes.Underline"/>
/// bit is set exactly when the style is not <see cref="UnderlineStyle.None"/>.
/// </remarks>
public readonly struct Renditions : IEquatable<Renditions>
{
    internal const int ForegroundShift = 21;
    internal const int AttributesShift = 47;
    internal const int UnderlineStyleShift = 57;
    internal const int UnderlineColorShift = 26;
    internal const ulong ColorMask = (1UL << 26) - 1;
    internal const ulong AttributesMask = (1UL << 10) - 1;
    internal const ulong UnderlineStyleMask = 7;

    /// <summary>The bits of <see cref="Cell"/>'s low word that belong to renditions.</summary>
    internal const ulong LowMask = (ColorMask << ForegroundShift) | (AttributesMask << AttributesShift) | (UnderlineStyleMask << UnderlineStyleShift);

    /// <summary>The bits of <see cref="Cell"/>'s high word that belong to renditions.</summary>
    internal const ulong HighMask = ColorMask | (ColorMask << UnderlineColorShift);

    internal readonly ulong Low;
    internal readonly ulong High;

    internal Renditions(ulong low, ulong high)
    {
        Low = low & LowMask;
        High = high & HighMask;
    }

    /// <summary>Colours and attributes; a set <see cref="RenditionAttributes.Underline"/> means a single underline.</summary>
    public Renditions(Color foreground, Color background, RenditionAttributes attributes)
        : this(foreground, background, attributes,
            (attributes & RenditionAttributes.Underline) != 0 ? UnderlineStyle.Single : UnderlineStyle.None, default)
    {
    }

    /// <summary>Every field; <paramref name="underline"/> decides the <see cref="RenditionAttributes.Underline"/> bit.</summary>
    public Renditions(Color foreground, Color background, RenditionAttributes attributes, UnderlineStyle underline, Color underlineColor)
    {
        if ((uint)underline > (uint)UnderlineStyle.Dashed)
        {
            underline = UnderlineStyle.Single;
        }
        attributes = underline == UnderlineStyle.None ? attributes & ~RenditionAttributes.Underline : attributes | RenditionAttributes.Underline;
        Low = ((foreground.Value & ColorMask) << ForegroundShift)
            | (((ulong)attributes & AttributesMask) << AttributesShift)
            | ((ulong)underline << UnderlineStyleShift);
        High = (background.Value & ColorMask) | ((underlineColor.Value & ColorMask) << UnderlineColorShift);
    }

    public static Renditions Default => default;

    public Color Foreground => Color.FromPacked((uint)((Low >> ForegroundShift) & ColorMask));

    public Color Background => Color.FromPacked((uint)(High & ColorMask));

    /// <summary>SGR 58 (default when never set, or after SGR 59).</summary>
    public Color UnderlineColor => Color.FromPacked((uint)((High >> UnderlineColorShift) & ColorMask));

    public RenditionAttributes Attributes => (RenditionAttributes)((Low >> AttributesShift) & AttributesMask);

    public UnderlineStyle UnderlineStyle => (UnderlineStyle)((Low >> UnderlineStyleShift) & UnderlineStyleMask);

    public bool IsDefault => Low == 0 && High == 0;

    public bool Has(RenditionAttributes a) => (Attributes & a) != 0;

    /// <summary>Only what a 1.4.0 peer knows: both colours and the attributes bold to invisible, with a plain underline.</summary>
    public bool HasOnlyBasicRenditions =>
        (Attributes & (RenditionAttributes.Faint | RenditionAttributes.Strikethrough | RenditionAttributes.Overline)) == 0
        && UnderlineStyle is UnderlineStyle.None or UnderlineStyle.Single && UnderlineColor.IsDefault;

    /// <summary>Turns attribute bits on or off; turning on <see cref="RenditionAttributes.Underline"/> keeps a style already set, else makes it single.</summary>
    public Renditions With(RenditionAttributes a, bool on)
    {
        RenditionAttributes attributes = on ? Attributes | a : Attributes & ~a;
        UnderlineStyle style = UnderlineStyle;
        if ((a & RenditionAttributes.Underline) != 0)
        {
            style = !on ? UnderlineStyle.None : style == UnderlineStyle.None ? UnderlineStyle.Single : style;
        }
        return new(Foreground, Background, attributes, style, UnderlineColor);
    }

    public Renditions WithUnderline(UnderlineStyle style) => new(Foreground, Background, Attributes, style, UnderlineColor);

    public Renditions WithForeground(Color c) => new(Low & ~(ColorMask << ForegroundShift) | ((c.Value & ColorMask) << ForegroundShift), High);

    public Renditions WithBackground(Color c) => new(Low, High & ~ColorMask | (c.Value & ColorMask));

    public Renditions WithUnderlineColor(Color c) => new(Low, High & ~(ColorMask << UnderlineColorShift) | ((c.Value & ColorMask) << UnderlineColorShift));

    public bool Equals(Renditions other) => Low == other.Low && High == other.High;

    public override bool Equals(object? obj) => obj is Renditions r && Equals(r);

    public override int GetHashCode() => HashCode.Combine(Low, High);

    public static bool operator ==(Renditions a, Renditions b) => a.Equals(b);

    public static bool operator !=(Renditions a, Renditions b) => !a.Equals(b);

    public override string ToString() =>
        $"fg={Foreground} bg={Background} attrs={Attributes}"
        + (UnderlineStyle is UnderlineStyle.None or UnderlineStyle.Single ? "" : $" underline={UnderlineStyle}")
        + (UnderlineColor.IsDefault ? "" : $" ul={UnderlineColor}");
}
