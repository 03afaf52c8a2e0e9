using System.Text;
using Mosh.Terminal.Display;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Display;

/// <summary>Exact bytes for the cases the protocol document pins down (§5.3, §5.6).</summary>
public class CanonicalOutputTests
{
    private static string Render(Framebuffer last, Framebuffer next, bool initialized = true)
    {
        var output = new ByteBuffer();
        new FrameRenderer(DisplayCapabilities.Server).Render(last, next, initialized, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void FirstFrameAfterSizeChangeIsAFullRepaint()
    {
        // Verified against upstream: client 100×30, server 80×24 (§5.3).
        string bytes = Render(new Framebuffer(80, 24), new Framebuffer(100, 30));
        var expected = new StringBuilder("\e[r\e[0m\e[H\e[2J\e[?25l");
        for (int y = 0; y < 30; y++)
        {
            if (y > 0)
                expected.Append('\n');
            expected.Append("\e[K");
        }
        expected.Append("\e[1;1H\e[?25h\e[0m\e[?2004l\e[?1003l\e[?1002l\e[?1001l\e[?1000l\e[?1004l\e[?1015l\e[?1006l\e[?1005l");
        Assert.Equal(expected.ToString(), bytes);
    }

    [Fact]
    public void UninitializedTerminalGetsReverseVideoAndTheFullReset()
    {
        string bytes = Render(new Framebuffer(10, 2), new Framebuffer(10, 2), initialized: false);
        Assert.Equal(
            "\e[?5l\e[r\e[0m\e[H\e[2J\e[?25l\e[K\n\e[K\e[1;1H\e[?25h\e[0m\e[?2004l\e[?1003l\e[?1002l\e[?1001l\e[?1000l\e[?1004l\e[?1015l\e[?1006l\e[?1005l",
            bytes);
    }

    [Fact]
    public void IdenticalFramesRenderNothing()
    {
        var a = new Framebuffer(80, 24);
        var b = new Framebuffer(a);
        Assert.Equal("", Render(a, b));
    }

    [Theory]
    [InlineData(RenditionAttributes.Bold, 1, -1, "\e[0;1;31m")]
    [InlineData(RenditionAttributes.None, -1, -1, "\e[0m")]
    [InlineData(RenditionAttributes.Bold | RenditionAttributes.Italic | RenditionAttributes.Underline | RenditionAttributes.Blink | RenditionAttributes.Inverse | RenditionAttributes.Invisible, 7, 0, "\e[0;1;3;4;5;7;8;37;40m")]
    [InlineData(RenditionAttributes.None, 9, 8, "\e[0;38;5;9;48;5;8m")]
    [InlineData(RenditionAttributes.Underline, 255, 16, "\e[0;4;38;5;255;48;5;16m")]
    public void SgrStringsAreCompleteAndStartWithAReset(RenditionAttributes attributes, int fg, int bg, string expected)
    {
        var r = new Renditions(fg < 0 ? Color.Default : Color.Palette(fg), bg < 0 ? Color.Default : Color.Palette(bg), attributes);
        var output = new ByteBuffer();
        SgrWriter.Write(output, r, DisplayCapabilities.Server);
        Assert.Equal(expected, Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void TrueColourSgr()
    {
        var r = new Renditions(Color.Rgb(1, 2, 3), Color.Rgb(255, 128, 0), RenditionAttributes.None);
        var output = new ByteBuffer();
        SgrWriter.Write(output, r, DisplayCapabilities.Server);
        Assert.Equal("\e[0;38;2;1;2;3;48;2;255;128;0m", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void ClientOpenAndCloseSequences()
    {
        var output = new ByteBuffer();
        FrameRenderer.WriteOpen(output, "\e[?1049h\e[22;0;0t"u8);
        Assert.Equal("\e[?1049h\e[22;0;0t\e[?1h", Encoding.ASCII.GetString(output.WrittenSpan));
        output.Clear();
        FrameRenderer.WriteClose(output, "\e[?1049l\e[23;0;0t"u8);
        Assert.Equal("\e[?1l\e[0m\e[?25h\e[?1003l\e[?1002l\e[?1001l\e[?1000l\e[?1015l\e[?1006l\e[?1005l\e[?1049l\e[23;0;0t", Encoding.ASCII.GetString(output.WrittenSpan));
    }
}
