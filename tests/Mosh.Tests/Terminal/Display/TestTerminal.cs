using System.Text;
using Mosh.Terminal.Display;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Display;

/// <summary>Parser + emulator + framebuffer, fed with bytes like a pty would.</summary>
internal sealed class TestTerminal : IDisposable
{
    private readonly VirtualTerminal _terminal;

    public TestTerminal(int width, int height)
    {
        _terminal = new VirtualTerminal(width, height);
    }

    public Framebuffer Frame => _terminal.Framebuffer;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _terminal.Write(bytes);
        _terminal.Replies.Clear();
    }

    public void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    public void Resize(int width, int height) => _terminal.Resize(width, height);

    /// <summary>A copy of the current frame (rows shared copy-on-write).</summary>
    public Framebuffer Snapshot() => new(Frame);

    public void Dispose() => Frame.Dispose();

    public static byte[] Render(Framebuffer last, Framebuffer next, bool initialized = true, DisplayCapabilities? capabilities = null)
    {
        var output = new ByteBuffer();
        new FrameRenderer(capabilities ?? DisplayCapabilities.Server).Render(last, next, initialized, output);
        return output.WrittenSpan.ToArray();
    }
}

/// <summary>
/// Whether a receiving emulator shows the frame it was sent: every synchronized part of the
/// state (§5.4), with the few equivalences the wire format cannot avoid, each explained.
/// </summary>
internal static class FrameEquivalence
{
    /// <summary>Null when <paramref name="actual"/> shows <paramref name="expected"/>; otherwise the first difference.</summary>
    public static string? Difference(Framebuffer expected, Framebuffer actual, uint expectedBells, bool titles = true, DisplayCapabilities? capabilities = null)
    {
        DisplayCapabilities caps = capabilities ?? DisplayCapabilities.Server;
        if (expected.Width != actual.Width || expected.Height != actual.Height)
            return $"size {actual.Width}x{actual.Height}, expected {expected.Width}x{expected.Height}";
        for (int y = 0; y < expected.Height; y++)
        {
            Row e = expected.GetRow(y);
            Row a = actual.GetRow(y);
            for (int x = 0; x < expected.Width; x++)
            {
                string ce = Describe(expected, e, x, caps);
                string ca = Describe(actual, a, x, DisplayCapabilities.Server);
                if (ce != ca)
                    return $"cell ({y},{x}) is {ca}, expected {ce}\nexpected row: {RowText(e)}\nactual row:   {RowText(a)}";
            }
            // The last row's wrap flag can only be set by a wrap that scrolls the screen, so no
            // byte string can reproduce it in place; it only hints word selection anyway.
            if (e.SoftWrapped != a.SoftWrapped && y < expected.Height - 1)
                return $"row {y} soft wrap {a.SoftWrapped}, expected {e.SoftWrapped}";
        }
        if (expected.CursorRow != actual.CursorRow || expected.CursorColumn != actual.CursorColumn)
            return $"cursor ({actual.CursorRow},{actual.CursorColumn}), expected ({expected.CursorRow},{expected.CursorColumn})";
        if (expected.Modes.CursorVisible != actual.Modes.CursorVisible)
            return $"cursor visible {actual.Modes.CursorVisible}, expected {expected.Modes.CursorVisible}";
        if (Shown(expected.CurrentRenditions, caps) != actual.CurrentRenditions)
            return $"renditions {actual.CurrentRenditions}, expected {Shown(expected.CurrentRenditions, caps)}";
        if (expected.Modes.ReverseVideo != actual.Modes.ReverseVideo)
            return "reverse video";
        if (expected.Modes.BracketedPaste != actual.Modes.BracketedPaste)
            return "bracketed paste";
        if (expected.Modes.MouseReporting != actual.Modes.MouseReporting)
            return $"mouse reporting {actual.Modes.MouseReporting}, expected {expected.Modes.MouseReporting}";
        if (expected.Modes.FocusEvents != actual.Modes.FocusEvents)
            return "focus events";
        if (expected.Modes.MouseEncoding != actual.Modes.MouseEncoding)
            return $"mouse encoding {actual.Modes.MouseEncoding}, expected {expected.Modes.MouseEncoding}";
        // Titles are sent only once a title was set (upstream rule, §5.6 step 2), each one only
        // once the application set it.
        if (titles && expected.WindowTitleSet && !expected.WindowTitle.SequenceEqual(actual.WindowTitle))
            return $"title '{Encoding.UTF8.GetString(actual.WindowTitle)}', expected '{Encoding.UTF8.GetString(expected.WindowTitle)}'";
        if (titles && expected.IconNameSet && !expected.IconName.SequenceEqual(actual.IconName))
            return $"icon name '{Encoding.UTF8.GetString(actual.IconName)}', expected '{Encoding.UTF8.GetString(expected.IconName)}'";
        if (caps.Hyperlinks && !Hyperlink.AreEqual(expected.GetHyperlink(expected.CurrentHyperlink), actual.GetHyperlink(actual.CurrentHyperlink)))
            return $"current hyperlink {actual.GetHyperlink(actual.CurrentHyperlink)}, expected {expected.GetHyperlink(expected.CurrentHyperlink)}";
        if (!expected.Clipboard.SequenceEqual(actual.Clipboard))
            return $"clipboard '{Encoding.UTF8.GetString(actual.Clipboard)}', expected '{Encoding.UTF8.GetString(expected.Clipboard)}'";
        if (!expected.ClipboardSelection.IsEmpty && !expected.ClipboardSelection.SequenceEqual(actual.ClipboardSelection))
            return "clipboard selection";
        if (actual.BellCount != expectedBells)
            return $"bell count {actual.BellCount}, expected {expectedBells}";
        return null;
    }

    /// <summary>
    /// A cell as the user sees it. Two equivalences: an empty cell and a space look the same
    /// (the renderer writes spaces where it must reach the last column of a wrapped row); a
    /// "fallback" cell (combining mark on an empty cell) is sent as NBSP + mark (§5.6) and
    /// arrives as that.
    /// </summary>
    /// <summary>
    /// The renditions a terminal with <paramref name="caps"/> is sent: the attributes beyond
    /// 1.4.0's it lacks are left out, a styled underline it cannot draw is a plain one.
    /// </summary>
    public static Renditions Shown(Renditions r, DisplayCapabilities caps)
    {
        ExtendedRenditions can = caps.Renditions;
        RenditionAttributes a = r.Attributes;
        if ((can & ExtendedRenditions.Faint) == 0) a &= ~RenditionAttributes.Faint;
        if ((can & ExtendedRenditions.Strikethrough) == 0) a &= ~RenditionAttributes.Strikethrough;
        if ((can & ExtendedRenditions.Overline) == 0) a &= ~RenditionAttributes.Overline;
        UnderlineStyle style = r.UnderlineStyle;
        if ((can & ExtendedRenditions.UnderlineStyles) == 0 && style > UnderlineStyle.Single) style = UnderlineStyle.Single;
        Color underline = (can & ExtendedRenditions.UnderlineColor) == 0 ? Color.Default : r.UnderlineColor;
        return new Renditions(r.Foreground, r.Background, a, style, underline);
    }

    private static string Describe(Framebuffer fb, Row row, int x, DisplayCapabilities caps)
    {
        ref readonly Cell c = ref row[x];
        Span<byte> buffer = stackalloc byte[Row.MaxContentsBytes + 2];
        int n = 0;
        if (c.IsFallback)
        {
            "\u00A0"u8.CopyTo(buffer);
            n = 2;
        }
        n += row.GetContentsUtf8(x, buffer[n..]);
        string text = Encoding.UTF8.GetString(buffer[..n]);
        if (text.Length == 0)
            text = " ";
        Hyperlink? link = caps.Hyperlinks ? fb.GetHyperlink(c.Hyperlink) : null;
        return $"'{text}' w{c.Width} {Shown(c.Renditions, caps)}" + (link is null ? "" : $" link={link}");
    }

    /// <summary>Rows of the three frames side by side with their wrap flags, for failure messages.</summary>
    public static string Dump(Framebuffer previous, Framebuffer expected, Framebuffer actual)
    {
        var sb = new StringBuilder($"previous cursor ({previous.CursorRow},{previous.CursorColumn}) pending wrap {previous.NextPrintWillWrap}\n");
        for (int y = 0; y < expected.Height; y++)
        {
            string p = y < previous.Height ? $"{RowText(previous.GetRow(y))}{(previous.GetRow(y).SoftWrapped ? '~' : '|')}" : "";
            sb.Append($"{y,3} {p} -> {RowText(expected.GetRow(y))}{(expected.GetRow(y).SoftWrapped ? '~' : '|')} got {RowText(actual.GetRow(y))}{(actual.GetRow(y).SoftWrapped ? '~' : '|')}\n");
        }
        return sb.ToString();
    }

    private static string RowText(Row row)
    {
        var sb = new StringBuilder();
        Span<byte> buffer = stackalloc byte[Row.MaxContentsBytes];
        for (int x = 0; x < row.Width; x++)
        {
            int n = row.GetContentsUtf8(x, buffer);
            sb.Append(n == 0 ? "·" : Encoding.UTF8.GetString(buffer[..n]));
        }
        return sb.ToString();
    }
}
