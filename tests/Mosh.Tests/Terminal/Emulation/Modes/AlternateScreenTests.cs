namespace Mosh.Tests.Terminal.Emulation.Modes;

/// <summary>Alternate screen 47/1047/1049 (not in 1.4.0: our server shows whatever is displayed).</summary>
public class AlternateScreenTests
{
    [Fact]
    public void Mode1049SavesCursorShowsBlankScreenAndRestores()
    {
        var t = new TerminalHarness(20, 5).Feed("main text\e[2;5H\e[?1049h");
        Assert.True(t.Fb.AlternateScreenActive);
        Assert.Equal("", t.Line(0));
        t.Feed("\e[HTUI\e[5;1Hbottom");
        Assert.Equal("TUI", t.Line(0));
        t.Feed("\e[?1049l");
        Assert.False(t.Fb.AlternateScreenActive);
        Assert.Equal("main text", t.Line(0));
        Assert.Equal("", t.Line(4));
        Assert.Equal((1, 4), t.Cursor);
    }

    [Fact]
    public void Mode47And1047SwitchWithoutRestoringTheCursor()
    {
        var t = new TerminalHarness(20, 5).Feed("main\e[?47hALT");
        Assert.Equal("    ALT", t.Line(0));
        t.Feed("\e[?47l");
        Assert.Equal("main", t.Line(0));
        Assert.Equal((0, 7), t.Cursor);
        t.Feed("\e[?1047hx\e[?1047l");
        Assert.Equal("main", t.Line(0));
    }

    [Fact]
    public void ReenteringIsIdempotentAndResizeAppliesToBothScreens()
    {
        var t = new TerminalHarness(20, 5).Feed("main\e[?1049h\e[?1049halt");
        t.Resize(10, 3);
        t.Feed("\e[?1049l");
        Assert.Equal(10, t.Fb.GetRow(0).Width);
        Assert.Equal("main", t.Line(0));
        Assert.Equal(3, t.Fb.Rows.Length);
    }

    [Fact]
    public void FullResetReturnsToTheMainScreen()
    {
        var t = new TerminalHarness(20, 5).Feed("\e[?1049h\ec");
        Assert.False(t.Fb.AlternateScreenActive);
    }
}
