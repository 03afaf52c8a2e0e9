using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Csi;

/// <summary>ICH and DCH (§8.5).</summary>
public class IchDchTests
{
    [Fact]
    public void IchShiftsRightAndDropsTheTail()
    {
        var t = new TerminalHarness(10, 2).Feed("0123456789\e[1;3H\e[3@");
        Assert.Equal("01   23456", t.Line(0));
        Assert.Equal((0, 2), t.Cursor);
    }

    [Fact]
    public void DchShiftsLeftAndBlanksEnterWithBackground()
    {
        var t = new TerminalHarness(10, 2).Feed("0123456789\e[45m\e[1;3H\e[2P");
        Assert.Equal("01456789", t.Line(0));
        Assert.Equal(Color.Palette(5), t.CellAt(0, 9).Renditions.Background);
        Assert.Equal(Color.Palette(5), t.CellAt(0, 8).Renditions.Background);
        Assert.Equal(Color.Default, t.CellAt(0, 7).Renditions.Background);
    }

    [Fact]
    public void HugeCountsClampToTheRow()
    {
        var t = new TerminalHarness(10, 2).Feed("0123456789\e[1;4H\e[65535P");
        Assert.Equal("012", t.Line(0));
        t.Feed("\e[2;1Habcdefghij\e[2;2H\e[999@");
        Assert.Equal("a", t.Line(1));
    }

    [Fact]
    public void BothClearTheSoftWrapFlag()
    {
        var t = new TerminalHarness(10, 3).Feed("0123456789ab");
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        t.Feed("\e[1;1H\e[@");
        Assert.False(t.Fb.GetRow(0).SoftWrapped);
        t.Feed("\e[2;1H0123456789ab");
        Assert.True(t.Fb.GetRow(1).SoftWrapped);
        t.Feed("\e[2;5H\e[P");
        Assert.False(t.Fb.GetRow(1).SoftWrapped);
    }

    [Fact]
    public void InsertModePushesTextRight()
    {
        var t = new TerminalHarness(10, 2).Feed("abcdef\e[1;3H\e[4hXY\e[4lZ");
        Assert.Equal("abXYZdef", t.Line(0));
    }
}
