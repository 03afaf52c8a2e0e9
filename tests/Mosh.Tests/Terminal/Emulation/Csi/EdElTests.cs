using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Csi;

/// <summary>ED, EL, ECH with background colour erase (§8.5).</summary>
public class EdElTests
{
    private static TerminalHarness Filled()
    {
        var t = new TerminalHarness(10, 4);
        t.Feed("aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc\r\ndddddddddd");
        return t;
    }

    [Fact]
    public void ElModes()
    {
        var t = Filled().Feed("\e[2;5H\e[K");
        Assert.Equal("bbbb", t.Line(1));
        t.Feed("\e[3;5H\e[1K");
        Assert.Equal("     ccccc", t.Line(2));
        t.Feed("\e[4;5H\e[2K");
        Assert.Equal("", t.Line(3));
        Assert.Equal((3, 4), t.Cursor);
    }

    [Fact]
    public void EdModes()
    {
        var t = Filled().Feed("\e[2;5H\e[J");
        Assert.Equal("aaaaaaaaaa", t.Line(0));
        Assert.Equal("bbbb", t.Line(1));
        Assert.Equal("", t.Line(2));
        Assert.Equal("", t.Line(3));

        t = Filled().Feed("\e[3;5H\e[1J");
        Assert.Equal("", t.Line(0));
        Assert.Equal("", t.Line(1));
        Assert.Equal("     ccccc", t.Line(2));
        Assert.Equal("dddddddddd", t.Line(3));

        t = Filled().Feed("\e[2J");
        for (int y = 0; y < 4; y++)
        {
            Assert.Equal("", t.Line(y));
        }
        Assert.Equal((3, 9), t.Cursor); // ED does not move the cursor
    }

    [Fact]
    public void Ed3IsNotSupported()
    {
        var t = Filled().Feed("\e[3J");
        Assert.Equal("aaaaaaaaaa", t.Line(0));
    }

    [Fact]
    public void ErasedCellsTakeCurrentBackgroundOnly_Bce()
    {
        var t = Filled().Feed("\e[1;31;44m\e[1;3H\e[K");
        Cell c = t.CellAt(0, 5);
        Assert.True(c.IsEmpty);
        Assert.Equal(Color.Palette(4), c.Renditions.Background);
        Assert.Equal(Color.Default, c.Renditions.Foreground);
        Assert.Equal(RenditionAttributes.None, c.Renditions.Attributes);
        t.Feed("\e[2J");
        Assert.Equal(Color.Palette(4), t.CellAt(3, 0).Renditions.Background);
    }

    [Fact]
    public void EchErasesWithoutMovingAndClampsToRow()
    {
        var t = Filled().Feed("\e[1;3H\e[4X");
        Assert.Equal("aa    aaaa", t.Line(0));
        Assert.Equal((0, 2), t.Cursor);
        t.Feed("\e[2;8H\e[100X");
        Assert.Equal("bbbbbbb", t.Line(1));
        t.Feed("\e[3;1H\e[X");
        Assert.Equal(" ccccccccc", t.Line(2));
    }

    [Fact]
    public void ErasingTheLastColumnClearsTheSoftWrapFlag()
    {
        var t = new TerminalHarness(10, 4).Feed("0123456789ab");
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        t.Feed("\e[1;3H\e[1K");
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        t.Feed("\e[1;3H\e[K");
        Assert.False(t.Fb.GetRow(0).SoftWrapped);
    }
}
