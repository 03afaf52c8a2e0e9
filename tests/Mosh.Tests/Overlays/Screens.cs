using System.Text;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Overlays;

/// <summary>Framebuffers built by hand (no emulator needed) and read back as text.</summary>
internal static class Screens
{
    public static Framebuffer Make(int width, int height, int cursorRow = 0, int cursorColumn = 0, params string[] lines)
    {
        var fb = new Framebuffer(width, height);
        for (int y = 0; y < lines.Length; y++)
        {
            Write(fb, y, 0, lines[y]);
        }
        fb.CursorRow = cursorRow;
        fb.CursorColumn = cursorColumn;
        return fb;
    }

    public static void Write(Framebuffer fb, int row, int column, string text, Renditions renditions = default)
    {
        Row r = fb.GetMutableRow(row);
        foreach (Rune rune in text.EnumerateRunes())
        {
            r.WritableCells[column++] = new Cell(rune.Value, renditions, CellFlags.None);
        }
    }

    /// <summary>Plays the server's echo of printable text: characters at the cursor, cursor advances.</summary>
    public static void Echo(Framebuffer fb, string text)
    {
        Write(fb, fb.CursorRow, fb.CursorColumn, text);
        fb.CursorColumn += text.Length;
    }

    public static Framebuffer Copy(Framebuffer fb) => new(fb);

    /// <summary>Row contents with empty cells as spaces and trailing spaces trimmed.</summary>
    public static string Text(Framebuffer fb, int row)
    {
        var sb = new StringBuilder();
        foreach (Cell c in fb.GetRow(row).Cells)
        {
            sb.Append(c.IsEmpty ? " " : char.ConvertFromUtf32(c.CodePoint));
        }
        return sb.ToString().TrimEnd();
    }

    public static bool Underlined(Framebuffer fb, int row, int column) =>
        fb.GetRow(row)[column].Renditions.Has(RenditionAttributes.Underline);

    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
