using System.Text;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Text;

/// <summary>Combining marks and fallback cells (§8.9).</summary>
public class CombiningTests
{
    [Fact]
    public void MarkJoinsThePreviousCell()
    {
        var t = new TerminalHarness(10, 2).Feed("e\u0301x");
        Assert.Equal("e\u0301x", t.Line(0));
        Assert.True(t.CellAt(0, 0).HasCombiningMarks);
        Assert.Equal((0, 2), t.Cursor);
        Assert.Equal("\u0301", Encoding.UTF8.GetString(t.Fb.GetRow(0).GetCombiningMarks(0)));
    }

    [Fact]
    public void MarkJoinsTheLastColumnCellEvenWithPendingWrap()
    {
        var t = new TerminalHarness(3, 2).Feed("abc\u0308");
        Assert.Equal("abc\u0308", t.Line(0));
        Assert.True(t.Fb.NextPrintWillWrap);
    }

    [Fact]
    public void MarkOnAnEmptyCellIsAFallbackCellAndAdvances()
    {
        var t = new TerminalHarness(10, 2).Feed("\e[1;3H\u0301");
        Cell c = t.CellAt(0, 2);
        Assert.True(c.IsFallback);
        Assert.Equal(0x301, c.CodePoint);
        Assert.Equal((0, 3), t.Cursor);
        t.Feed("\u0302"); // the fallback cell stays the target
        Assert.Equal("\u0301\u0302", Contents(t, 0, 2));
    }

    [Fact]
    public void AfterACursorMoveTheTargetIsTheCellUnderTheCursor()
    {
        var t = new TerminalHarness(10, 2).Feed("abc\e[1;1H\u0301");
        Assert.Equal("a\u0301", Contents(t, 0, 0));
        Assert.Equal((0, 0), t.Cursor);
    }

    [Fact]
    public void ContentsAreCappedAt32Bytes()
    {
        var t = new TerminalHarness(10, 2).Feed("a" + string.Concat(Enumerable.Repeat("\u0301", 40)));
        // 'a' (1) + marks of 2 bytes appended while below 32 bytes: 1 + 16*2 = 33.
        Assert.Equal(33, Encoding.UTF8.GetByteCount(Contents(t, 0, 0)));
    }

    [Fact]
    public void MarksAreComparedAndCopied()
    {
        var a = new TerminalHarness(10, 2).Feed("e\u0301");
        var b = new TerminalHarness(10, 2).Feed("e\u0300");
        Assert.False(a.Fb.ContentEquals(b.Fb));
        Assert.False(a.Fb.GetRow(0).CellEquals(0, b.Fb.GetRow(0), 0));
        b.Fb.CopyFrom(a.Fb);
        Assert.True(a.Fb.ContentEquals(b.Fb));
        var c = new TerminalHarness(10, 2).Feed("e\u0301");
        Assert.True(a.Fb.ContentEquals(c.Fb));
        c.Feed("\e[1;1H\u0301");
        Assert.False(a.Fb.ContentEquals(c.Fb));
        // The shared copy was not touched by the write into c or a.
        a.Feed("\e[1;1H\u0302");
        Assert.Equal("e\u0301", Contents(b, 0, 0));
    }

    [Fact]
    public void MarksMoveWithInsertAndDelete()
    {
        var t = new TerminalHarness(10, 2).Feed("xe\u0301\e[1;1H\e[2@");
        Assert.Equal("e\u0301", Contents(t, 0, 3));
        t.Feed("\e[3P");
        Assert.Equal("e\u0301", Contents(t, 0, 0));
    }

    [Fact]
    public void TargetOffScreenAfterResizeDropsTheMark()
    {
        var t = new TerminalHarness(10, 5).Feed("\e[5;9Hx");
        t.Resize(5, 3);
        t.Feed("\u0301");
        Assert.Equal((-1, -1), (t.Fb.CombiningRow, t.Fb.CombiningColumn));
        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 5; x++)
            {
                Assert.False(t.CellAt(y, x).HasCombiningMarks);
                Assert.False(t.CellAt(y, x).IsFallback);
            }
        }
    }

    private static string Contents(TerminalHarness t, int y, int x)
    {
        Span<byte> buf = stackalloc byte[Row.MaxContentsBytes];
        int n = t.Fb.GetRow(y).GetContentsUtf8(x, buf);
        return Encoding.UTF8.GetString(buf[..n]);
    }
}
