namespace Mosh.Tests.Terminal.Emulation.Csi;

/// <summary>CUP/HVP, VPA, CHA/HPA, CUU/CUD/CUF/CUB (§8.5, §8.10).</summary>
public class CupTests
{
    [Fact]
    public void CupDefaultsToHomeAndIsOneBased()
    {
        var t = new TerminalHarness().Feed("\e[5;10H");
        Assert.Equal((4, 9), t.Cursor);
        t.Feed("\e[H");
        Assert.Equal((0, 0), t.Cursor);
        t.Feed("\e[3;7f");
        Assert.Equal((2, 6), t.Cursor);
    }

    [Fact]
    public void ExplicitZeroMeansDefault_Section8_2()
    {
        var t = new TerminalHarness().Feed("\e[5;5H\e[0;0H");
        Assert.Equal((0, 0), t.Cursor);
        t.Feed("\e[10;10H\e[0A");
        Assert.Equal((8, 9), t.Cursor);
    }

    [Fact]
    public void CupClampsToScreen()
    {
        var t = new TerminalHarness().Feed("\e[100;200H");
        Assert.Equal((23, 79), t.Cursor);
    }

    [Fact]
    public void RelativeMovesClamp()
    {
        var t = new TerminalHarness().Feed("\e[5;5H\e[10A");
        Assert.Equal((0, 4), t.Cursor);
        t.Feed("\e[99B\e[99C");
        Assert.Equal((23, 79), t.Cursor);
        t.Feed("\e[3D\e[2A");
        Assert.Equal((21, 76), t.Cursor);
        t.Feed("\e[D");
        Assert.Equal((21, 75), t.Cursor);
    }

    [Fact]
    public void VpaAndChaAndHpa()
    {
        var t = new TerminalHarness().Feed("\e[7d");
        Assert.Equal((6, 0), t.Cursor);
        t.Feed("\e[12G");
        Assert.Equal((6, 11), t.Cursor);
        t.Feed("\e[3`");
        Assert.Equal((6, 2), t.Cursor);
    }

    [Fact]
    public void OriginModeMakesRowsRelativeToRegionAndClampsToIt()
    {
        var t = new TerminalHarness().Feed("\e[5;10r\e[?6h");
        Assert.Equal((0, 0), t.Cursor); // homed with the old (off) origin mode, as upstream
        t.Feed("\e[2;3H");
        Assert.Equal((5, 2), t.Cursor);
        t.Feed("\e[50;1H");
        Assert.Equal((9, 0), t.Cursor);
        t.Feed("\e[20A");
        Assert.Equal((4, 0), t.Cursor);
    }

    [Fact]
    public void CursorMotionClearsPendingWrap()
    {
        var t = new TerminalHarness(10, 3).Feed("0123456789");
        Assert.True(t.Fb.NextPrintWillWrap);
        t.Feed("\e[1;10HX");
        Assert.Equal("012345678X", t.Line(0));
        Assert.Equal("", t.Line(1));
        Assert.Equal((0, 9), t.Cursor);
    }

    [Fact]
    public void DeviceStatusReportGivesAbsolutePosition()
    {
        var t = new TerminalHarness().Feed("\e[3;5r\e[?6h\e[2;4H\e[6n");
        Assert.Equal("\e[4;4R", t.Reply);
        t.Replies.Clear();
        t.Feed("\e[5n\e[c\e[>c");
        Assert.Equal("\e[0n\e[?62c\e[>1;10;0c", t.Reply);
    }
}
