using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Text;

/// <summary>
/// Text beyond ASCII, one character at a time: within a row it takes a short path, and at the
/// row's end, in insert mode or in origin mode the full one; both must agree with ASCII text.
/// </summary>
public class NonAsciiTextTests
{
    [Fact]
    public void WrapsAtTheRowsEndLikeAscii()
    {
        var t = new TerminalHarness(5, 3).Feed("ééééééé");
        Assert.Equal(["ééééé", "éé", ""], Lines(t));
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        Assert.Equal((1, 2), t.Cursor);
        var ascii = new TerminalHarness(5, 3).Feed("eeeeeee");
        Assert.Equal(ascii.Cursor, t.Cursor);
        Assert.Equal(ascii.Fb.NextPrintWillWrap, t.Fb.NextPrintWillWrap);
    }

    [Fact]
    public void WideCharactersUpToTheLastColumnLeaveTheWrapPending()
    {
        var t = new TerminalHarness(6, 2).Feed("中文字");
        Assert.Equal((0, 5), t.Cursor);
        Assert.True(t.Fb.NextPrintWillWrap);
        Assert.True(t.CellAt(0, 4).IsWide);
        t.Feed("x");
        Assert.Equal(["中 文 字", "x"], Lines(t)); // a wide character's second cell reads as a space
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
    }

    [Fact]
    public void ACombiningMarkJoinsTheCharacterBeforeIt()
    {
        var t = new TerminalHarness(10, 2).Feed("ñ\u0301中\u0308");
        Assert.Equal("ñ\u0301中\u0308", t.Line(0));
        Assert.Equal((0, 3), t.Cursor);
    }

    [Fact]
    public void InsertModeShiftsTheRestOfTheRow()
    {
        var t = new TerminalHarness(8, 1).Feed("abcdef\e[1;2H\e[4hé中\e[4l");
        Assert.Equal("aé中 bcde", t.Line(0)); // f fell off the end
        Assert.Equal((0, 4), t.Cursor);
    }

    [Fact]
    public void OriginModeKeepsTheCursorInTheRegion()
    {
        var t = new TerminalHarness(6, 4).Feed("\e[2;3r\e[?6h\e[2;1Hééé中");
        Assert.Equal(["", "", "ééé中", ""], Lines(t));
        Assert.Equal((2, 5), t.Cursor);
    }

    [Fact]
    public void TheWrittenCellsCarryTheCurrentRenditions()
    {
        var t = new TerminalHarness(6, 1).Feed("\e[1;31;44mé中\e[m");
        var expected = new Renditions(Color.Palette(1), Color.Palette(4), RenditionAttributes.Bold);
        Assert.Equal(expected, t.CellAt(0, 0).Renditions);
        Assert.Equal(expected, t.CellAt(0, 1).Renditions);
        Assert.Equal(Cell.Blank(Color.Palette(4)), t.CellAt(0, 2)); // the wide character's second cell
    }

    private static string[] Lines(TerminalHarness t) => Enumerable.Range(0, t.Fb.Height).Select(t.Line).ToArray();
}
