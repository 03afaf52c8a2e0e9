using Mosh.Terminal.Screen;
using Mosh.Tests.Terminal.Display;
using Mosh.Tests.Terminal.Emulation;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>
/// Scrolling on a framebuffer whose ring of rows has turned many times: contents, row
/// identities, partial regions, resizes, the alternate screen and copies all behave as if the
/// rows had been moved.
/// </summary>
public class ScrollingTests
{
    [Fact]
    public void ThousandsOfLineFeedsLeaveTheLastLinesInOrder()
    {
        var t = new TerminalHarness(10, 4);
        for (int i = 0; i < 1003; i++)
        {
            t.Feed($"{i}\r\n");
        }
        Assert.Equal(["1000", "1001", "1002", ""], Lines(t));
        Assert.Equal((3, 0), t.Cursor);
    }

    [Fact]
    public void ALineFeedAtTheBottomMovesEveryRowUpWithItsIdentity()
    {
        var t = new TerminalHarness(10, 4);
        for (int i = 0; i < 9; i++)
        {
            t.Feed($"{i}\r\n");
        }
        Row[] before = t.Fb.Rows.ToArray();
        long[] ids = before.Select(r => r.Id).ToArray();
        t.Feed("\n");
        for (int y = 0; y < 3; y++)
        {
            Assert.Same(before[y + 1], t.Fb.GetRow(y));
            Assert.Equal(ids[y + 1], t.Fb.GetRow(y).Id);
        }
        // The row that left at the top came back at the bottom, blank and with a new identity.
        Assert.Same(before[0], t.Fb.GetRow(3));
        Assert.DoesNotContain(t.Fb.GetRow(3).Id, ids);
        Assert.True(t.Fb.GetRow(3).Cells.ToArray().All(c => c.IsEmpty));
    }

    [Fact]
    public void PartialScrollRegionsWorkAfterTheRingHasTurned()
    {
        var t = new TerminalHarness(10, 6);
        for (int i = 0; i < 10; i++)
        {
            t.Feed($"\r\n{i}");
        }
        Assert.Equal(["4", "5", "6", "7", "8", "9"], Lines(t));
        Row top = t.Fb.GetRow(0);
        Row bottom = t.Fb.GetRow(5);
        t.Feed("\e[2;4r\e[4;1H\n\nx\e[2;1H\eMy");
        Assert.Equal(["4", "y", "7", "", "8", "9"], Lines(t));
        Assert.Same(top, t.Fb.GetRow(0));
        Assert.Same(bottom, t.Fb.GetRow(5));
        // Back to the whole screen: the ring turns again from wherever it was.
        t.Feed("\e[r\e[6;1H\n\nz");
        Assert.Equal(["7", "", "8", "9", "", "z"], Lines(t));
    }

    [Fact]
    public void ScrollUpAndDownByManyLinesAtOnce()
    {
        var t = new TerminalHarness(10, 5);
        for (int i = 0; i < 7; i++)
        {
            t.Feed($"\r\n{i}");
        }
        Assert.Equal(["2", "3", "4", "5", "6"], Lines(t));
        t.Feed("\e[2S");
        Assert.Equal(["4", "5", "6", "", ""], Lines(t));
        t.Feed("\e[3T");
        Assert.Equal(["", "", "", "4", "5"], Lines(t));
        t.Feed("\e[1;1Ha\e[9S");
        Assert.Equal(["", "", "", "", ""], Lines(t));
        t.Feed("\e[5;1Hb\e[9T");
        Assert.Equal(["", "", "", "", ""], Lines(t));
    }

    [Fact]
    public void InsertAndDeleteLinesFromTheTopRowTurnTheWholeScreen()
    {
        var t = new TerminalHarness(10, 4);
        t.Feed("a\r\nb\r\nc\r\nd\r\ne");
        t.Feed("\e[1;1H\e[2L");
        Assert.Equal(["", "", "b", "c"], Lines(t));
        t.Feed("\e[3M");
        Assert.Equal(["c", "", "", ""], Lines(t));
        t.Feed("\e[3;1Hx\e[1;1H\eM\eM");
        Assert.Equal(["", "", "c", ""], Lines(t));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(3)]
    public void ResizeWhileTheRingHasTurnedKeepsTheTopRows(int height)
    {
        var t = new TerminalHarness(10, 5);
        for (int i = 0; i < 8; i++)
        {
            t.Feed($"\r\nline{i}");
        }
        string[] before = Lines(t);
        t.Resize(7, height);
        string[] after = Lines(t);
        for (int y = 0; y < Math.Min(5, height); y++)
        {
            Assert.Equal(before[y][..Math.Min(7, before[y].Length)], after[y]);
        }
        for (int y = 5; y < height; y++)
        {
            Assert.Equal("", after[y]);
        }
        // Scrolling goes on correctly at the new size.
        t.Feed($"\e[{height};1H\nend");
        Assert.Equal("end", Lines(t)[height - 1]);
        Assert.Equal(after[1], Lines(t)[0]);
    }

    [Fact]
    public void TheAlternateScreenLeavesTheTurnedMainScreenAsItWas()
    {
        var t = new TerminalHarness(10, 4);
        for (int i = 0; i < 6; i++)
        {
            t.Feed($"\r\nm{i}");
        }
        string[] main = Lines(t);
        Row[] mainRows = t.Fb.Rows.ToArray();
        t.Feed("\e[?1049h");
        Assert.Equal(["", "", "", ""], Lines(t));
        for (int i = 0; i < 7; i++)
        {
            t.Feed($"\r\na{i}");
        }
        var copy = new Framebuffer(t.Fb);
        t.Feed("\e[?1049l");
        Assert.Equal(main, Lines(t));
        Assert.Equal(mainRows, t.Fb.Rows.ToArray());
        // The copy taken on the alternate screen still shows it and can leave it too.
        Assert.True(copy.AlternateScreenActive);
        Assert.Equal("a6", Text(copy.GetRow(3)));
        t.Feed("\e[?1049h\r\nagain");
        Assert.Equal(["", "", "", "again"], Lines(t));
    }

    [Fact]
    public void CopiesAfterManyScrollsShareRowsInDisplayOrder()
    {
        var t = new TerminalHarness(10, 5);
        for (int i = 0; i < 13; i++)
        {
            t.Feed($"\r\n{i}");
        }
        var copy = new Framebuffer(t.Fb);
        Assert.Equal(t.Fb.Rows.ToArray(), copy.Rows.ToArray());
        Assert.True(copy.ContentEquals(t.Fb));

        // The original goes on scrolling; the copy keeps its frame.
        string[] frame = Lines(t);
        for (int i = 0; i < 7; i++)
        {
            t.Feed($"\r\nmore{i}");
        }
        Assert.Equal(frame, Lines(copy));
        Assert.False(copy.ContentEquals(t.Fb));

        // CopyFrom between framebuffers whose rings stand differently, and a copy of a copy.
        copy.CopyFrom(t.Fb);
        Assert.True(copy.ContentEquals(t.Fb));
        var second = new Framebuffer(copy);
        t.Feed("\r\nlast");
        Assert.Equal(Lines(copy), Lines(second));
        Assert.NotEqual(Lines(t), Lines(second));
    }

    [Fact]
    public void EqualScreensCompareEqualWhateverTheirRingsDid()
    {
        var scrolled = new TerminalHarness(10, 4);
        for (int i = 0; i < 9; i++)
        {
            scrolled.Feed("noise\r\n");
        }
        scrolled.Feed("\e[2J\e[1;1Hsame\r\ntext");
        var fresh = new TerminalHarness(10, 4).Feed("same\r\ntext");
        Assert.True(scrolled.Fb.ContentEquals(fresh.Fb));
        Assert.True(fresh.Fb.ContentEquals(scrolled.Fb));
    }

    [Fact]
    public void RenderingFollowsScrollsAcrossManyTurnsOfTheRing()
    {
        var steps = new List<string> { "" };
        for (int i = 0; i < 40; i++)
        {
            steps.Add(i % 7 == 3 ? $"\e[2;4r\e[4;1H\n{i}\e[r\e[6;1H" : $"\r\nline {i}");
            if (i % 11 == 5)
            {
                steps.Add("\e[1;1H\eM\e[6;1H");
            }
        }
        RenderInvariantTests.AssertEveryStepReproduces(12, 6, steps.Select<string, Action<TestTerminal>>(s => t => t.Write(s)));
    }

    [Fact]
    public void AWholeScreenScrollIsStillSentAsLineFeedsAfterTheRingWrapped()
    {
        using var t = new TestTerminal(10, 4);
        for (int i = 0; i < 11; i++)
        {
            t.Write($"\r\n{i}");
        }
        using Framebuffer a = t.Snapshot();
        t.Write("\r\nx");
        using Framebuffer b = t.Snapshot();
        string bytes = System.Text.Encoding.UTF8.GetString(TestTerminal.Render(a, b));
        Assert.StartsWith("\e[0m\r\n", bytes);
        Assert.DoesNotContain("10", bytes); // the rows that moved up are not redrawn
    }

    private static string[] Lines(TerminalHarness t) => Enumerable.Range(0, t.Fb.Height).Select(t.Line).ToArray();

    private static string[] Lines(Framebuffer fb) => fb.Rows.ToArray().Select(Text).ToArray();

    private static string Text(Row row) => new string(row.Cells.ToArray().Select(c => c.IsEmpty ? ' ' : (char)c.CodePoint).ToArray()).TrimEnd();
}
