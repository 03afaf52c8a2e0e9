using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Display;

/// <summary>
/// The complete SGR string of a rendition, always starting from a reset so it never depends on
/// what the terminal had before: <c>CSI 0 [;1][;2][;3][;4][;5][;7][;8][;9][;53] [fg] [bg] m</c>,
/// then, for an underline style other than single and for an underline colour, one more SGR in
/// colon form (<c>CSI 4:3 m</c>, <c>CSI 58:2::r:g:b m</c>).
/// </summary>
/// <remarks>
/// With 1.4.0's attributes alone the bytes are 1.4.0's. Faint, strikethrough and overline are
/// numbers 1.4.0 skips; the colon forms go in a sequence of their own because 1.4.0 ignores any
/// control sequence holding a ':' as a whole, and would otherwise lose the reset and colours with
/// it (§8.7, §13.1). Attributes the receiving terminal lacks are left out; a styled underline it
/// cannot draw becomes a plain one.
/// </remarks>
internal static class SgrWriter
{
    public static void Write(ByteBuffer output, in Renditions r, in DisplayCapabilities capabilities)
    {
        output.Append("\e[0"u8);
        RenditionAttributes a = r.Attributes;
        ExtendedRenditions can = capabilities.Renditions;
        UnderlineStyle style = r.UnderlineStyle;
        // A style the receiver cannot draw is drawn plain; to a mosh client only the single
        // underline goes in the main sequence (1.4.0 then shows the others as it always did: not at all).
        bool styled = style > UnderlineStyle.Single && (can & ExtendedRenditions.UnderlineStyles) != 0;
        bool plainUnderline = style == UnderlineStyle.Single || (style > UnderlineStyle.Single && !styled);
        if (a != 0)
        {
            if ((a & RenditionAttributes.Bold) != 0)
                output.Append(";1"u8);
            if ((a & RenditionAttributes.Faint) != 0 && (can & ExtendedRenditions.Faint) != 0)
                output.Append(";2"u8);
            if ((a & RenditionAttributes.Italic) != 0)
                output.Append(";3"u8);
            if (plainUnderline)
                output.Append(";4"u8);
            if ((a & RenditionAttributes.Blink) != 0)
                output.Append(";5"u8);
            if ((a & RenditionAttributes.Inverse) != 0)
                output.Append(";7"u8);
            if ((a & RenditionAttributes.Invisible) != 0)
                output.Append(";8"u8);
            if ((a & RenditionAttributes.Strikethrough) != 0 && (can & ExtendedRenditions.Strikethrough) != 0)
                output.Append(";9"u8);
            if ((a & RenditionAttributes.Overline) != 0 && (can & ExtendedRenditions.Overline) != 0)
                output.Append(";53"u8);
        }
        WriteColor(output, r.Foreground, 30);
        WriteColor(output, r.Background, 40);
        output.Append((byte)'m');

        if (styled)
        {
            output.Append("\e[4:"u8);
            output.AppendDecimal((int)style);
            output.Append((byte)'m');
        }
        Color underline = r.UnderlineColor;
        if (!underline.IsDefault && (can & ExtendedRenditions.UnderlineColor) != 0)
        {
            output.Append("\e[58:"u8);
            if (underline.IsPalette)
            {
                output.Append("5:"u8);
                output.AppendDecimal(underline.Index);
            }
            else
            {
                output.Append("2::"u8);
                output.AppendDecimal(underline.R);
                output.Append((byte)':');
                output.AppendDecimal(underline.G);
                output.Append((byte)':');
                output.AppendDecimal(underline.B);
            }
            output.Append((byte)'m');
        }
    }

    /// <summary>Palette 0–7 as 30+i / 40+i, 8–255 as 38;5;i / 48;5;i, true colour as 38;2;r;g;b / 48;2;r;g;b.</summary>
    private static void WriteColor(ByteBuffer output, Color color, int basis)
    {
        if (color.IsDefault)
            return;
        output.Append((byte)';');
        if (color.IsPalette && color.Index < 8)
        {
            output.AppendDecimal(basis + color.Index);
        }
        else if (color.IsPalette)
        {
            output.AppendDecimal(basis + 8);
            output.Append(";5;"u8);
            output.AppendDecimal(color.Index);
        }
        else
        {
            output.AppendDecimal(basis + 8);
            output.Append(";2;"u8);
            output.AppendDecimal(color.R);
            output.Append((byte)';');
            output.AppendDecimal(color.G);
            output.Append((byte)';');
            output.AppendDecimal(color.B);
        }
    }
}
