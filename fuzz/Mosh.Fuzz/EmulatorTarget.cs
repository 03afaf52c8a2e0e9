using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Fuzz;

/// <summary>
/// Terminal output into a small terminal: the first two bytes pick a size, the rest is written in
/// two halves with a resize and a framebuffer copy in between. Nothing may throw, and the cursor
/// must stay on the screen.
/// </summary>
internal static class EmulatorTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }
        int width = 1 + input[0] % 40;
        int height = 1 + input[1] % 12;
        input = input[2..];
        var terminal = new VirtualTerminal(width, height);
        int half = input.Length / 2;
        terminal.Write(input[..half]);
        var copy = new Framebuffer(terminal.Framebuffer);
        terminal.Resize(width / 2 + 1, height + 3);
        terminal.Write(input[half..]);
        Check(terminal.Framebuffer);
        Check(copy);
        _ = copy.ContentEquals(terminal.Framebuffer);
    }

    private static void Check(Framebuffer fb)
    {
        if ((uint)fb.CursorRow >= (uint)fb.Height || (uint)fb.CursorColumn >= (uint)fb.Width)
        {
            throw new InvalidOperationException($"cursor {fb.CursorRow},{fb.CursorColumn} outside {fb.Width}x{fb.Height}");
        }
        foreach (Row row in fb.Rows)
        {
            if (row.Width != fb.Width)
            {
                throw new InvalidOperationException("row width differs from the framebuffer's");
            }
        }
    }
}
