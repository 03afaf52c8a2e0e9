using Mosh.Terminal.Display;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Fuzz;

/// <summary>
/// Parser + emulator + renderer. The first two bytes pick a size; the rest is terminal output,
/// written in three parts (with a resize before the last) to a "server" terminal. After each
/// part the renderer's diff from the previous frame is fed to a "client" terminal that has only
/// ever seen rendered frames, which must then show the server's frame (§5.6). Nothing may throw.
/// </summary>
internal static class TerminalTarget
{
    private static readonly FrameRenderer s_renderer = new(DisplayCapabilities.Server);
    private static readonly ByteBuffer s_output = new();

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }
        int width = 1 + input[0] % 48;
        int height = 1 + input[1] % 16;
        input = input[2..];

        var server = new VirtualTerminal(width, height);
        var client = new VirtualTerminal(width, height);
        var previous = new Framebuffer(server.Framebuffer);
        int third = input.Length / 3;
        for (int part = 0; part < 3; part++)
        {
            ReadOnlySpan<byte> chunk = part switch
            {
                0 => input[..third],
                1 => input[third..(2 * third)],
                _ => input[(2 * third)..],
            };
            if (part == 2)
            {
                server.Resize(Math.Max(1, width - 3), height + 2);
            }
            server.Write(chunk);
            server.Replies.Clear();
            var next = new Framebuffer(server.Framebuffer);

            if (next.Width != client.Framebuffer.Width || next.Height != client.Framebuffer.Height)
            {
                client.Resize(next.Width, next.Height);
            }
            s_output.Clear();
            s_renderer.Render(previous, next, initialized: true, s_output);
            client.Write(s_output.WrittenSpan);
            if (!client.Replies.IsEmpty)
            {
                throw new InvalidOperationException("host bytes made the client reply (a query was rendered)");
            }
            string? difference = Difference(next, client.Framebuffer);
            if (difference is not null)
            {
                throw new InvalidOperationException($"part {part}: rendered frame differs: {difference}");
            }
            previous.Dispose();
            previous = next;
        }
        previous.Dispose();
    }

    /// <summary>The render invariant's comparison (the same equivalences as the unit tests: empty ≡ space, fallback ≡ NBSP + marks, last row's wrap flag).</summary>
    private static string? Difference(Framebuffer expected, Framebuffer actual)
    {
        Span<byte> e = stackalloc byte[Row.MaxContentsBytes + 2];
        Span<byte> a = stackalloc byte[Row.MaxContentsBytes + 2];
        for (int y = 0; y < expected.Height; y++)
        {
            Row re = expected.GetRow(y);
            Row ra = actual.GetRow(y);
            for (int x = 0; x < expected.Width; x++)
            {
                if (re[x].Width != ra[x].Width || re[x].Renditions != ra[x].Renditions
                    || !Contents(re, x, e).SequenceEqual(Contents(ra, x, a))
                    || !Hyperlink.AreEqual(expected.GetHyperlink(re[x].Hyperlink), actual.GetHyperlink(ra[x].Hyperlink)))
                {
                    return $"cell {y},{x}";
                }
            }
            if (re.SoftWrapped != ra.SoftWrapped && y < expected.Height - 1)
            {
                return $"wrap flag of row {y}";
            }
        }
        if (expected.CursorRow != actual.CursorRow || expected.CursorColumn != actual.CursorColumn)
        {
            return "cursor position";
        }
        if (expected.Modes.CursorVisible != actual.Modes.CursorVisible || expected.CurrentRenditions != actual.CurrentRenditions
            || expected.Modes.ReverseVideo != actual.Modes.ReverseVideo || expected.Modes.BracketedPaste != actual.Modes.BracketedPaste
            || expected.Modes.MouseReporting != actual.Modes.MouseReporting || expected.Modes.FocusEvents != actual.Modes.FocusEvents
            || expected.Modes.MouseEncoding != actual.Modes.MouseEncoding)
        {
            return "modes";
        }
        if ((expected.WindowTitleSet && !expected.WindowTitle.SequenceEqual(actual.WindowTitle))
            || (expected.IconNameSet && !expected.IconName.SequenceEqual(actual.IconName)))
        {
            return "title";
        }
        if (!Hyperlink.AreEqual(expected.GetHyperlink(expected.CurrentHyperlink), actual.GetHyperlink(actual.CurrentHyperlink)))
        {
            return "current hyperlink";
        }
        if (!expected.Clipboard.SequenceEqual(actual.Clipboard))
        {
            return "clipboard";
        }
        return null;
    }

    private static ReadOnlySpan<byte> Contents(Row row, int x, Span<byte> buffer)
    {
        int n = 0;
        if (row[x].IsFallback)
        {
            "\u00A0"u8.CopyTo(buffer);
            n = 2;
        }
        n += row.GetContentsUtf8(x, buffer[n..]);
        if (n == 0)
        {
            buffer[0] = (byte)' ';
            n = 1;
        }
        return buffer[..n];
    }
}
