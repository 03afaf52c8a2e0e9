using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Modes;

/// <summary>DEC private modes synchronized to the client (§8.6).</summary>
public class MouseModeTests
{
    [Theory]
    [InlineData(9, MouseReportingMode.X10)]
    [InlineData(1000, MouseReportingMode.Vt200)]
    [InlineData(1001, MouseReportingMode.Vt200Highlight)]
    [InlineData(1002, MouseReportingMode.ButtonEvent)]
    [InlineData(1003, MouseReportingMode.AnyEvent)]
    public void SetSelectsTheModeNumber(int mode, MouseReportingMode expected)
    {
        var t = new TerminalHarness().Feed($"\e[?{mode}h");
        Assert.Equal(expected, t.Fb.Modes.MouseReporting);
        Assert.Equal(mode, (int)t.Fb.Modes.MouseReporting);
    }

    [Fact]
    public void ResettingAnyReportingModeTurnsReportingOff()
    {
        var t = new TerminalHarness().Feed("\e[?1002h\e[?9l");
        Assert.Equal(MouseReportingMode.None, t.Fb.Modes.MouseReporting);
    }

    [Fact]
    public void EncodingModesAreIndependentSwitches()
    {
        // As tmux (1.4.0 keeps one encoding; setting another replaces it and any reset clears it).
        var t = new TerminalHarness().Feed("\e[?1006h");
        Assert.Equal(MouseEncoding.Sgr, t.Fb.Modes.MouseEncoding);
        t.Feed("\e[?1015h");
        Assert.Equal(MouseEncoding.Sgr | MouseEncoding.Urxvt, t.Fb.Modes.MouseEncoding);
        t.Feed("\e[?1005h");
        Assert.Equal(MouseEncoding.Sgr | MouseEncoding.Urxvt | MouseEncoding.Utf8, t.Fb.Modes.MouseEncoding);
        t.Feed("\e[?1015l");
        Assert.Equal(MouseEncoding.Sgr | MouseEncoding.Utf8, t.Fb.Modes.MouseEncoding);
        t.Feed("\e[?1005;1006l");
        Assert.Equal(MouseEncoding.Default, t.Fb.Modes.MouseEncoding);
    }

    [Fact]
    public void SeveralModesInOneSequence()
    {
        var t = new TerminalHarness().Feed("\e[?1000;1004;1006;1007;2004;5;1h\e[?25l");
        Framebuffer fb = t.Fb;
        Assert.Equal(MouseReportingMode.Vt200, fb.Modes.MouseReporting);
        Assert.True(fb.Modes.FocusEvents);
        Assert.Equal(MouseEncoding.Sgr, fb.Modes.MouseEncoding);
        Assert.True(fb.Modes.AlternateScroll);
        Assert.True(fb.Modes.BracketedPaste);
        Assert.True(fb.Modes.ReverseVideo);
        Assert.True(fb.Modes.ApplicationCursorKeys);
        Assert.False(fb.Modes.CursorVisible);
        t.Feed("\e[?1004;1007;2004;5;1l\e[?25h");
        Assert.False(fb.Modes.FocusEvents || fb.Modes.AlternateScroll || fb.Modes.BracketedPaste || fb.Modes.ReverseVideo || fb.Modes.ApplicationCursorKeys);
        Assert.True(fb.Modes.CursorVisible);
    }

    [Fact]
    public void PrivateModeChangesKeepThePendingWrap()
    {
        var t = new TerminalHarness(5, 3).Feed("abcde\e[?25lX");
        Assert.Equal("X", t.Line(1));
    }

    [Fact]
    public void ModesAreComparedButDecckmIsNot_Section5_4()
    {
        var a = new TerminalHarness();
        var b = new TerminalHarness();
        Assert.True(a.Fb.ContentEquals(b.Fb));
        a.Feed("\e[?1h");
        Assert.True(a.Fb.ContentEquals(b.Fb));
        a.Feed("\e[?1003h");
        Assert.False(a.Fb.ContentEquals(b.Fb));
        b.Feed("\e[?1003h");
        Assert.True(a.Fb.ContentEquals(b.Fb));
        a.Feed("\e[?1007h");
        Assert.False(a.Fb.ContentEquals(b.Fb));
    }

    [Fact]
    public void OriginModeHomesUsingThePreviousOriginMode()
    {
        // Upstream homes before switching: setting DECOM goes to the screen's top row,
        // resetting it goes to the region's top row.
        var t = new TerminalHarness(10, 10).Feed("\e[4;8r\e[6;6H\e[?6h");
        Assert.Equal((0, 0), t.Cursor);
        t.Feed("\e[?6l");
        Assert.Equal((3, 0), t.Cursor);
    }
}
