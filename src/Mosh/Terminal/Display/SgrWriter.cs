using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Display;

/// <summary>
/// The complete SGR string of a rendition, always starting from a reset so it never depends on
/// what the terminal had before: <c>CSI 0 [;1][;3][;4][;5][;7][;8] [fg] [bg] m</c>.
/// </summary>
internal static class SgrWriter
{
    public static void Write(OutputBuffer output, in Renditions r)
    {
        output.Append("\e[0"u8);
        RenditionAttributes a = r.Attributes;
        if (a != 0)
        {
            if ((a & RenditionAttributes.Bold) != 0)
                output.Append(";1"u8);
            if ((a & RenditionAttributes.Italic) != 0)
                output.Append(";3"u8);
            if ((a & RenditionAttributes.Underline) != 0)
                output.Append(";4"u8);
            if ((a & RenditionAttributes.Blink) != 0)
                output.Append(";5"u8);
            if ((a & RenditionAttributes.Inverse) != 0)
                output.Append(";7"u8);
            if ((a & RenditionAttributes.Invisible) != 0)
                output.Append(";8"u8);
        }
        WriteColor(output, r.Foreground, 30);
        WriteColor(output, r.Background, 40);
        output.Append((byte)'m');
    }

    /// <summary>Palette 0–7 as 30+i / 40+i, 8–255 as 38;5;i / 48;5;i, true colour as 38;2;r;g;b / 48;2;r;g;b.</summary>
    private static void WriteColor(OutputBuffer output, Color color, int basis)
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
