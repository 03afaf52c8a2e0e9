using Mosh.Terminal.Screen;
using Mosh.Tests.Support;
using Mosh.Tests.Terminal.Emulation;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>Copy-on-write rows, row identity and pooled copies.</summary>
public class FramebufferCopyTests
{
    [Fact]
    public void ACopySharesRowsAndIsEqual()
    {
        var t = new TerminalHarness(10, 3).Feed("hello\e]2;t\a\a");
        var copy = new Framebuffer(t.Fb);
        for (int y = 0; y < 3; y++)
        {
            Assert.Same(t.Fb.GetRow(y), copy.GetRow(y));
        }
        Assert.True(copy.ContentEquals(t.Fb));
        Assert.Equal(t.Fb.BellCount, copy.BellCount);
    }

    [Fact]
    public void WritingAfterACopyClonesTheRowAndChangesItsIdentity()
    {
        var t = new TerminalHarness(10, 3).Feed("hello");
        var copy = new Framebuffer(t.Fb);
        long before = t.Fb.GetRow(0).Id;
        Row untouched = t.Fb.GetRow(1);
        t.Feed("\e[1;1HJ");
        Assert.NotSame(copy.GetRow(0), t.Fb.GetRow(0));
        Assert.NotEqual(before, t.Fb.GetRow(0).Id);
        Assert.Equal(before, copy.GetRow(0).Id);
        Assert.Equal('h', copy.GetRow(0).Cells[0].CodePoint);
        Assert.Equal('J', t.Fb.GetRow(0).Cells[0].CodePoint);
        Assert.Same(untouched, t.Fb.GetRow(1));
        Assert.False(copy.ContentEquals(t.Fb));
    }

    [Fact]
    public void EqualIdsImplyEqualContents()
    {
        var t = new TerminalHarness(10, 3).Feed("abc");
        long id = t.Fb.GetRow(0).Id;
        t.Feed("d"); // written in place (unshared) but still a new identity
        Assert.NotEqual(id, t.Fb.GetRow(0).Id);
    }

    [Fact]
    public void AnUnwrittenRowKeepsItsIdentity()
    {
        var t = new TerminalHarness(10, 3).Feed("abc");
        long id = t.Fb.GetRow(0).Id;
        t.Feed("\e[2;1Hx");
        Assert.Equal(id, t.Fb.GetRow(0).Id);
        Assert.Equal(id, new Framebuffer(t.Fb).GetRow(0).Id);
        t.Feed("\e[1;4Hd");
        Assert.NotEqual(id, t.Fb.GetRow(0).Id);
    }

    [Fact]
    public void ScrollingKeepsIdentities()
    {
        var t = new TerminalHarness(10, 3).Feed("a\r\nb\r\nc");
        long idB = t.Fb.GetRow(1).Id;
        long idC = t.Fb.GetRow(2).Id;
        var copy = new Framebuffer(t.Fb);
        t.Feed("\n");
        Assert.Equal(idB, t.Fb.GetRow(0).Id);
        Assert.Equal(idC, t.Fb.GetRow(1).Id);
        Assert.Same(copy.GetRow(1), t.Fb.GetRow(0));
    }

    [Fact]
    public void ScrollingAndErasingNeverRecycleRowsACopyStillHolds()
    {
        var t = new TerminalHarness(10, 3).Feed("a\r\nb\r\nc");
        var copy = new Framebuffer(t.Fb);
        t.Feed("\n\n\n\n\e[2J\e[1;1HX\e[2K\eM\eM");
        Assert.Equal('a', copy.GetRow(0).Cells[0].CodePoint);
        Assert.Equal('b', copy.GetRow(1).Cells[0].CodePoint);
        Assert.Equal('c', copy.GetRow(2).Cells[0].CodePoint);
    }

    [Fact]
    public void AfterDisposingTheCopyRowsAreWrittenInPlace()
    {
        var t = new TerminalHarness(10, 3).Feed("hello");
        var copy = new Framebuffer(t.Fb);
        copy.Dispose();
        Row row = t.Fb.GetRow(0);
        t.Feed("\e[1;1HJ");
        Assert.Same(row, t.Fb.GetRow(0));
    }

    [Fact]
    public void CopyFromReplacesEverythingIncludingLocalState()
    {
        var a = new TerminalHarness(10, 3).Feed("x\e[2;3r\e[?1h\e[4h\e]52;p;YQ==\a");
        var b = new TerminalHarness(20, 5).Feed("other");
        b.Fb.CopyFrom(a.Fb);
        Assert.True(b.Fb.ContentEquals(a.Fb));
        Assert.Equal((10, 3), (b.Fb.Width, b.Fb.Height));
        Assert.Equal((1, 2), (b.Fb.ScrollTop, b.Fb.ScrollBottom));
        Assert.True(b.Fb.Modes.ApplicationCursorKeys);
        Assert.True(b.Fb.Modes.InsertMode);
        // Continuing on the copy leaves the source alone.
        b.Feed("\e[1;1Hy");
        Assert.Equal("x", a.Line(0));
        Assert.Equal("yx", b.Line(0)); // insert mode came with the copy
    }

    [Fact]
    public void ContentEqualsComparesCellsNotOnlyIdentity()
    {
        var a = new TerminalHarness(10, 3).Feed("same");
        var b = new TerminalHarness(10, 3).Feed("same");
        Assert.NotEqual(a.Fb.GetRow(0).Id, b.Fb.GetRow(0).Id);
        Assert.True(a.Fb.ContentEquals(b.Fb));
        b.Feed("\e[1;1H\e[1mS\e[m\e[1;5H");
        Assert.False(a.Fb.ContentEquals(b.Fb));
    }

    [Fact]
    public void ContentEqualsComparesSynchronizedModesOnly()
    {
        var a = new TerminalHarness(10, 3);
        var b = new TerminalHarness(10, 3).Feed("\e[?1h\e[4h\e[?7l\e[?6h\e[?6l");
        Assert.True(a.Fb.ContentEquals(b.Fb)); // DECCKM, IRM, DECAWM and DECOM are local
        b.Feed("\e[?1007h");
        Assert.False(a.Fb.ContentEquals(b.Fb)); // alternate scroll is synchronized, though never emitted
    }

    [Fact]
    public void SteadyStateCopiesAllocateNothing()
    {
        var t = new TerminalHarness(80, 24);
        var copy = new Framebuffer(t.Fb);
        for (int i = 0; i < 50; i++)
        {
            t.Feed("line of text\r\n");
            copy.CopyFrom(t.Fb);
        }
        byte[] line = "more text\r\n"u8.ToArray();
        long allocated = SteadyStateAllocations.Measure(() =>
        {
            t.Terminal.Write(line);
            copy.CopyFrom(t.Fb);
        });
        Assert.Equal(0, allocated);
    }
}
