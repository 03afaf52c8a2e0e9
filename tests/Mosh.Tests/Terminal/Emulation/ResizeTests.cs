using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation;

/// <summary>Resize rules (§8.10).</summary>
public class ResizeTests
{
    [Fact]
    public void HeightChangesAddAndRemoveRowsAtTheBottom()
    {
        var t = new TerminalHarness(10, 4).Feed("r0\r\nr1\r\nr2\r\nr3");
        t.Resize(10, 2);
        Assert.Equal("r0", t.Line(0));
        Assert.Equal("r1", t.Line(1));
        Assert.Equal((1, 2), t.Cursor); // clamped
        t.Resize(10, 5);
        Assert.Equal("r1", t.Line(1));
        Assert.Equal("", t.Line(4));
        Assert.Equal(5, t.Fb.Rows.Length);
    }

    [Fact]
    public void WidthChangesPadOrTruncateAndDropWrapFlags()
    {
        var t = new TerminalHarness(5, 3).Feed("abcdefg\e[44m");
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        t.Resize(8, 3);
        Assert.False(t.Fb.GetRow(0).SoftWrapped);
        Assert.Equal("abcde", t.Line(0));
        Assert.Equal(Color.Palette(4), t.CellAt(0, 7).Renditions.Background); // padding takes the current background
        t.Resize(3, 3);
        Assert.Equal("abc", t.Line(0));
        Assert.Equal(3, t.Fb.GetRow(2).Width);
    }

    [Fact]
    public void ScrollRegionResetsAndCursorIsClamped()
    {
        var t = new TerminalHarness(10, 10).Feed("\e[3;6r\e[9;9H");
        t.Resize(5, 5);
        Assert.Equal((0, 4), (t.Fb.ScrollTop, t.Fb.ScrollBottom));
        Assert.Equal((4, 4), t.Cursor);
    }

    [Fact]
    public void NewColumnsGetDefaultTabStopsUnlessAllWereCleared()
    {
        var t = new TerminalHarness(10, 2);
        t.Resize(20, 2);
        Assert.True(t.Fb.IsTabStop(16));
        var u = new TerminalHarness(10, 2).Feed("\e[3g");
        u.Resize(20, 2);
        Assert.False(u.Fb.IsTabStop(16));
        Assert.False(u.Fb.IsTabStop(8));
    }

    [Fact]
    public void SameSizeIsANoOp()
    {
        var t = new TerminalHarness(5, 3).Feed("abcdef");
        long id = t.Fb.GetRow(0).Id;
        t.Resize(5, 3);
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        Assert.Equal(id, t.Fb.GetRow(0).Id);
    }

    [Fact]
    public void ResizeDoesNotDisturbASharedCopy()
    {
        var t = new TerminalHarness(5, 3).Feed("abcde");
        var copy = new Framebuffer(t.Fb);
        t.Resize(3, 2);
        Assert.Equal(5, copy.GetRow(0).Width);
        Assert.Equal(3, copy.Height);
        Assert.Equal('e', copy.GetRow(0).Cells[4].CodePoint);
    }

    [Fact]
    public void ZeroSizeIsClampedToOne()
    {
        var t = new TerminalHarness(5, 3);
        t.Resize(0, 0);
        Assert.Equal((1, 1), (t.Fb.Width, t.Fb.Height));
    }
}
