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
    public void LeavingWhenNotOnTheAlternateScreenStillRestoresTheCursor()
    {
        // xterm and tmux; dialog relies on it (it leaves the alternate screen at start, draws
        // on the main screen, and sends smcup's reset again at exit).
        var t = new TerminalHarness(30, 6).Feed("before\r\n\e[?1049h\e[?1049l\e[H\e[2Jbox\e[6;1H\e[?1049l\rafter");
        Assert.Equal("box", t.Line(0));
        Assert.Equal("after", t.Line(1));
        Assert.Equal((1, 5), t.Cursor);
    }

    [Fact]
    public void EnteringAgainClearsTheAlternateScreenAndSavesTheCursorAgain()
    {
        var t = new TerminalHarness(20, 5).Feed("\e[?1049hfirst\e[3;3H\e[?1049h");
        Assert.Equal("", t.Line(0));
        t.Feed("x\e[?1049l");
        Assert.Equal((2, 2), t.Cursor);
    }

    [Fact]
    public void SwitchingScreensDoesNoWorkPerCell()
    {
        // Entering shows one shared blank row in every line; leaving releases them. The work is
        // counted in row identities handed out (each fill or copy of a row takes one).
        var t = new TerminalHarness(500, 300).Feed("main\e[?1049h\e[?1049l");
        long used = WorkCounter.RowIdentities(() =>
        {
            for (int i = 0; i < 1000; i++)
                t.Feed("\e[?1049h\e[?1049l");
        });
        Assert.True(used <= 2, $"{used} rows written for 1000 switches");
        Assert.Equal("main", t.Line(0));
    }

    [Fact]
    public void ErasingTheWholeScreenDoesNoWorkPerCell()
    {
        var t = new TerminalHarness(500, 300).Feed("text\e[2J");
        long used = WorkCounter.RowIdentities(() =>
        {
            for (int i = 0; i < 1000; i++)
                t.Feed("\e[2J\e[3J\ec");
        });
        Assert.True(used <= 2, $"{used} rows written for 1000 full erases");
        t.Feed("\e[5;5Hx");
        Assert.Equal("    x", t.Line(4));
        Assert.Equal("", t.Line(5));
    }

    [Fact]
    public void FullResetReturnsToTheMainScreen()
    {
        var t = new TerminalHarness(20, 5).Feed("\e[?1049h\ec");
        Assert.False(t.Fb.AlternateScreenActive);
    }
}
