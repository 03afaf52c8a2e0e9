using System.Text;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Esc;

/// <summary>RIS, DECSTR, DECALN (§8.4, §8.5).</summary>
public class RisTests
{
    [Fact]
    public void FullResetClearsScreenModesAndTitleButKeepsIconNameAndBell()
    {
        var t = new TerminalHarness(20, 5).Feed("\e]1;icon\a\e]2;title\a\e]52;c;Zm9v\a\a\a");
        t.Feed("hello\e[31;44m\e[2;4r\e[?5h\e[?25l\e[?2004h\e[?1002h\e[?1006h\e[?1h\e[4h\e[?7l\e[3g");
        t.Feed("\ec");
        Framebuffer fb = t.Fb;
        Assert.Equal("", t.Line(0));
        Assert.Equal((0, 0), t.Cursor);
        Assert.True(fb.CurrentRenditions.IsDefault);
        Assert.Equal((0, 4), (fb.ScrollTop, fb.ScrollBottom));
        Assert.False(fb.Modes.ReverseVideo);
        Assert.True(fb.Modes.CursorVisible);
        Assert.False(fb.Modes.BracketedPaste);
        Assert.Equal(MouseReportingMode.None, fb.Modes.MouseReporting);
        Assert.Equal(MouseEncoding.Default, fb.Modes.MouseEncoding);
        Assert.False(fb.Modes.ApplicationCursorKeys);
        Assert.False(fb.Modes.InsertMode);
        Assert.True(fb.Modes.AutoWrapMode);
        Assert.True(fb.IsTabStop(8));
        Assert.Equal(0, fb.WindowTitle.Length);
        Assert.Equal("icon", Encoding.UTF8.GetString(fb.IconName));
        Assert.True(fb.TitleInitialized);
        Assert.Equal(0, fb.Clipboard.Length);
        Assert.Equal(2u, fb.BellCount);
        Assert.True(fb.CellAt(0, 0).Renditions.IsDefault);
    }

    [Fact]
    public void SoftResetResetsModesButNotTheScreen()
    {
        var t = new TerminalHarness(20, 5).Feed("hi\e[2;4r\e[?6h\e[4h\e[?25l\e[?1h\e[1m\e[3;3H\e[!p");
        Framebuffer fb = t.Fb;
        Assert.Equal("hi", t.Line(0));
        Assert.False(fb.Modes.OriginMode);
        Assert.False(fb.Modes.InsertMode);
        Assert.True(fb.Modes.CursorVisible);
        Assert.False(fb.Modes.ApplicationCursorKeys);
        Assert.Equal((0, 4), (fb.ScrollTop, fb.ScrollBottom));
        Assert.True(fb.CurrentRenditions.IsDefault);
        Assert.Equal((3, 2), t.Cursor);
    }

    [Fact]
    public void DecalnFillsWithEKeepingTheBackground()
    {
        var t = new TerminalHarness(4, 2).Feed("\e[1;41m\e#8");
        Assert.Equal("EEEE", t.Line(0));
        Assert.Equal("EEEE", t.Line(1));
        Cell c = t.CellAt(1, 3);
        Assert.Equal(Color.Palette(1), c.Renditions.Background);
        Assert.Equal(RenditionAttributes.None, c.Renditions.Attributes);
    }

    [Fact]
    public void DeccolmClearsAndHomesWithoutResizing()
    {
        var t = new TerminalHarness(20, 5).Feed("text\e[3;3H\e[?3h");
        Assert.Equal("", t.Line(0));
        Assert.Equal((0, 0), t.Cursor);
        Assert.Equal(20, t.Fb.Width);
        t.Feed("more\e[?3l");
        Assert.Equal("", t.Line(0));
    }
}

internal static class FramebufferTestExtensions
{
    public static Cell CellAt(this Framebuffer fb, int y, int x) => fb.GetRow(y).Cells[x];
}
