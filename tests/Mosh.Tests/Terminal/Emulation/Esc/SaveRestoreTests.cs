using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Esc;

/// <summary>DECSC/DECRC (§8.4) and CSI s / CSI u (not in 1.4.0; same state).</summary>
public class SaveRestoreTests
{
    [Fact]
    public void SavesPositionRenditionsAndOriginModeButNotAutowrap()
    {
        // As xterm and tmux; 1.4.0 also restores auto-wrap mode.
        var t = new TerminalHarness().Feed("\e[5;10H\e[1;32m\e[?7l\e7");
        t.Feed("\e[H\e[0m\e[?7h\e[20;20H");
        t.Feed("\e8");
        Assert.Equal((4, 9), t.Cursor);
        Assert.Equal(new Renditions(Color.Palette(2), default, RenditionAttributes.Bold), t.Fb.CurrentRenditions);
        Assert.True(t.Fb.Modes.AutoWrapMode);
        t.Feed("\e[?6h\e7\e[?6l\e8");
        Assert.True(t.Fb.Modes.OriginMode);
    }

    [Fact]
    public void SavesCharacterSetsAndThePendingWrap()
    {
        // xterm saves G0/G1, the shift state and the pending-wrap flag with the cursor.
        var t = new TerminalHarness(5, 3).Feed("\e)0\u000eABCDE\e7\x0f\e(A\e[2;2H\e8q");
        Assert.Equal("ABCDE", t.Line(0));
        Assert.Equal("─", t.Line(1));
        Assert.Equal(CharacterSet.DecSpecialGraphics, t.Fb.Charsets.G1);
        Assert.Equal(CharacterSet.Ascii, t.Fb.Charsets.G0);
    }

    [Fact]
    public void RestoreWithoutSaveGoesHomeWithDefaults()
    {
        var t = new TerminalHarness().Feed("\e[5;5H\e[31m\e8");
        Assert.Equal((0, 0), t.Cursor);
        Assert.True(t.Fb.CurrentRenditions.IsDefault);
        Assert.True(t.Fb.Modes.AutoWrapMode);
    }

    [Fact]
    public void RestoreClampsAfterResize()
    {
        var t = new TerminalHarness().Feed("\e[20;70H\e7");
        t.Resize(40, 10);
        t.Feed("\e8");
        Assert.Equal((9, 39), t.Cursor);
    }

    [Fact]
    public void CsiSAndUSaveAndRestore()
    {
        var t = new TerminalHarness().Feed("\e[3;4H\e[s\e[10;10H\e[u");
        Assert.Equal((2, 3), t.Cursor);
    }

    [Fact]
    public void SoftResetClearsTheSavedCursor()
    {
        var t = new TerminalHarness().Feed("\e[3;4H\e7\e[!p\e[10;10H\e8");
        Assert.Equal((0, 0), t.Cursor);
    }

    [Fact]
    public void RestoreClearsPendingWrap()
    {
        var t = new TerminalHarness(5, 3).Feed("\e7abcde");
        Assert.True(t.Fb.NextPrintWillWrap);
        t.Feed("\e8X");
        Assert.Equal("Xbcde", t.Line(0));
        Assert.Equal("", t.Line(1));
    }
}
