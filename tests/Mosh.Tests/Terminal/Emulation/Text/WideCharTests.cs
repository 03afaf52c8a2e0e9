using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Text;

/// <summary>Width-2 characters (§8.9).</summary>
public class WideCharTests
{
    [Fact]
    public void WideCharacterTakesTwoCells()
    {
        var t = new TerminalHarness(10, 2).Feed("a中b");
        Cell c = t.CellAt(0, 1);
        Assert.True(c.IsWide);
        Assert.Equal(2, c.Width);
        Assert.Equal(0x4E2D, c.CodePoint);
        Assert.True(t.CellAt(0, 2).IsEmpty);
        Assert.Equal('b', t.CellAt(0, 3).CodePoint);
        Assert.Equal((0, 4), t.Cursor);
    }

    [Fact]
    public void WideCharacterBlanksTheOverlappedCell()
    {
        var t = new TerminalHarness(10, 2).Feed("abcd\e[1;2H中");
        Assert.Equal("a中 d", t.Line(0));
        Assert.True(t.CellAt(0, 2).IsEmpty);
    }

    [Fact]
    public void NoRoomInTheLastColumnWrapsWithoutMarkingTheRow()
    {
        var t = new TerminalHarness(5, 3).Feed("abcd中");
        Assert.Equal("abcd", t.Line(0));
        Assert.True(t.CellAt(0, 4).IsEmpty);
        Assert.False(t.Fb.GetRow(0).SoftWrapped);
        Assert.True(t.CellAt(1, 0).IsWide);
        Assert.Equal((1, 2), t.Cursor);
    }

    [Fact]
    public void EndingExactlyAtTheEdgeSetsPendingWrap()
    {
        var t = new TerminalHarness(5, 3).Feed("abc中");
        Assert.Equal((0, 4), t.Cursor);
        Assert.True(t.Fb.NextPrintWillWrap);
        t.Feed("x");
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        Assert.Equal("x", t.Line(1));
    }

    [Fact]
    public void WithoutAutowrapAWideCharacterThatDoesNotFitIsDropped()
    {
        // As tmux (1.4.0 puts half of it in the last column, which no terminal can show).
        var t = new TerminalHarness(5, 3).Feed("\e[?7labcd中");
        Assert.Equal("abcd", t.Line(0));
        Assert.True(t.CellAt(0, 4).IsEmpty);
        Assert.Equal((0, 4), t.Cursor);
        Assert.Equal("", t.Line(1));
        t.Feed("x");
        Assert.Equal("abcdx", t.Line(0));
    }

    [Fact]
    public void Latin1IsWidthOneAndUnprintablesAreDropped()
    {
        var t = new TerminalHarness(10, 2).Feed("\u00e9\u00ff");
        Assert.Equal((0, 2), t.Cursor);
    }
}
