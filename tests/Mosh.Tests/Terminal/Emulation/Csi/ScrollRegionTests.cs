using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Csi;

/// <summary>DECSTBM, index/reverse index within the region, SU/SD (§8.5, §8.10, §5.6 invariants).</summary>
public class ScrollRegionTests
{
    private static TerminalHarness Numbered(int rows = 6)
    {
        var t = new TerminalHarness(10, rows);
        for (int i = 0; i < rows; i++)
        {
            t.Feed((i == 0 ? "" : "\r\n") + "line" + i);
        }
        return t;
    }

    [Fact]
    public void DecstbmSetsRegionAndHomesCursor()
    {
        var t = Numbered().Feed("\e[2;4r");
        Assert.Equal((1, 3), (t.Fb.ScrollTop, t.Fb.ScrollBottom));
        Assert.Equal((0, 0), t.Cursor);
    }

    [Fact]
    public void EmptyDecstbmResetsRegionAndHomes_Section5_6()
    {
        var t = Numbered().Feed("\e[2;4r\e[5;5H\e[r");
        Assert.Equal((0, 5), (t.Fb.ScrollTop, t.Fb.ScrollBottom));
        Assert.Equal((0, 0), t.Cursor);
    }

    [Theory]
    [InlineData("\e[4;2r")]
    [InlineData("\e[3;3r")]
    [InlineData("\e[7;9r")]
    public void InvalidRegionsAreIgnored(string seq)
    {
        var t = Numbered().Feed("\e[2;4r\e[5;5H").Feed(seq);
        Assert.Equal((1, 3), (t.Fb.ScrollTop, t.Fb.ScrollBottom));
        Assert.Equal((4, 4), t.Cursor);
    }

    [Fact]
    public void BottomBeyondScreenIsClamped()
    {
        var t = Numbered().Feed("\e[2;99r");
        Assert.Equal((1, 5), (t.Fb.ScrollTop, t.Fb.ScrollBottom));
    }

    [Fact]
    public void LineFeedAtRegionBottomScrollsOnlyTheRegion()
    {
        var t = Numbered().Feed("\e[2;4r\e[4;3H\n");
        Assert.Equal("line0", t.Line(0));
        Assert.Equal("line2", t.Line(1));
        Assert.Equal("line3", t.Line(2));
        Assert.Equal("", t.Line(3));
        Assert.Equal("line4", t.Line(4));
        Assert.Equal((3, 2), t.Cursor); // LF keeps the column
    }

    [Fact]
    public void LineFeedBelowRegionMovesWithoutScrolling()
    {
        var t = Numbered().Feed("\e[2;3r\e[5;1H\n\n\n");
        Assert.Equal((5, 0), t.Cursor);
        Assert.Equal("line5", t.Line(5));
        Assert.Equal("line1", t.Line(1));
    }

    [Fact]
    public void ReverseIndexAtRegionTopScrollsDown()
    {
        var t = Numbered().Feed("\e[2;4r\e[2;1H\eM");
        Assert.Equal("line0", t.Line(0));
        Assert.Equal("", t.Line(1));
        Assert.Equal("line1", t.Line(2));
        Assert.Equal("line2", t.Line(3));
        Assert.Equal("line4", t.Line(4));
    }

    [Fact]
    public void ScrollUpAndDownFunctions()
    {
        var t = Numbered().Feed("\e[3;5H\e[2S");
        Assert.Equal("line2", t.Line(0));
        Assert.Equal("", t.Line(5));
        Assert.Equal((2, 4), t.Cursor);
        t.Feed("\e[T");
        Assert.Equal("", t.Line(0));
        Assert.Equal("line2", t.Line(1));
    }

    [Fact]
    public void ScrolledInRowsTakeBackgroundAndRowsKeepIdentity()
    {
        var t = Numbered();
        long id2 = t.Fb.GetRow(2).Id;
        t.Feed("\e[42m\e[6;1H\n");
        Assert.Equal(id2, t.Fb.GetRow(1).Id);
        Assert.Equal(Color.Palette(2), t.CellAt(5, 3).Renditions.Background);
    }

    [Fact]
    public void NelAndIndexAsEscapes()
    {
        var t = new TerminalHarness(10, 3).Feed("ab\eDc\eEd");
        Assert.Equal("ab", t.Line(0));
        Assert.Equal("  c", t.Line(1));
        Assert.Equal("d", t.Line(2));
    }
}
