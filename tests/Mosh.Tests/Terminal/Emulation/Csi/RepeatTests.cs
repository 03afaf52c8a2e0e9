using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Csi;

/// <summary>
/// REP (<c>CSI Ps b</c>, not in 1.4.0) as xterm does it: the last printed character, through the
/// current character set, Ps times (65535 at most), wrapping and scrolling like text; nothing
/// after any control, escape or control sequence, string, or REP itself.
/// </summary>
public class RepeatTests
{
    [Theory]
    [InlineData("ab\e[3bc", "abbbbc")]
    [InlineData("a\e[b", "aa")]               // default count 1
    [InlineData("a\e[0b", "aa")]              // 0 is the default too
    [InlineData("a\e[2b\e[2b", "aaa")]        // REP after REP: nothing
    [InlineData("a\e[1m\e[3b", "a")]          // after SGR: nothing
    [InlineData("a\a\e[3b", "a")]             // after a control: nothing
    [InlineData("a\e]2;t\a\e[3b", "a")]       // after a string: nothing
    [InlineData("a\e7\e[3b", "a")]            // after an escape sequence: nothing
    [InlineData("\e[5b", "")]                 // nothing printed yet
    [InlineData("e\u0301\e[2b", "e\u0301ee")] // a combining mark does not count (xterm; tmux repeats nothing)
    [InlineData("世\e[2b", "世 世 世")]       // wide characters too (xterm; tmux repeats none)
    [InlineData("\e(0q\e[3b", "────")]        // through the character set
    [InlineData("é\e[2b", "ééé")]
    public void RepeatsThePrecedingCharacterAsXterm(string input, string expected)
    {
        Assert.Equal(expected, new TerminalHarness(20, 3).Feed(input).Line(0));
    }

    [Fact]
    public void ATooLargeCountIs65535()
    {
        // xterm caps every parameter at 65535; 1.4.0's parser reads a larger one as missing.
        var t = new TerminalHarness(100, 700).Feed("\e[1;1Ha\e[99999999b");
        Assert.Equal(new string('a', 100), t.Line(654));
        Assert.Equal(new string('a', 36), t.Line(655));
        Assert.Equal((655, 36), t.Cursor);
    }

    [Fact]
    public void WrapsAndScrollsLikeText()
    {
        var t = new TerminalHarness(4, 3).Feed("a\e[10b");
        Assert.Equal(["aaaa", "aaaa", "aaa"], [t.Line(0), t.Line(1), t.Line(2)]);
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        Assert.Equal((2, 3), t.Cursor);

        // Past the bottom the screen scrolls; the pending wrap at the end stays pending.
        var u = new TerminalHarness(4, 3).Feed("x\r\nb\e[15b");
        Assert.Equal(["bbbb", "bbbb", "bbbb"], [u.Line(0), u.Line(1), u.Line(2)]);
        Assert.Equal((2, 3), u.Cursor);
        Assert.True(u.Fb.NextPrintWillWrap);
        u.Feed("c");
        Assert.Equal("c", u.Line(2));
    }

    [Fact]
    public void KeepsAPendingWrap()
    {
        var t = new TerminalHarness(3, 3).Feed("abc\e[1b");
        Assert.Equal("abc", t.Line(0));
        Assert.Equal("c", t.Line(1));
    }

    [Fact]
    public void WideCharactersInAnOddWidthLeaveTheLastColumnBlank()
    {
        var t = new TerminalHarness(5, 4).Feed("世\e[5b");
        Assert.Equal(["世 世", "世 世", "世 世"], [t.Line(0), t.Line(1), t.Line(2)]);
        Assert.False(t.Fb.GetRow(0).SoftWrapped);
        Assert.Equal((2, 4), t.Cursor);
    }

    [Fact]
    public void WithoutAutowrapTheLastColumnTakesTheRest()
    {
        var t = new TerminalHarness(5, 2).Feed("\e[?7labc\e[9b");
        Assert.Equal("abccc", t.Line(0));
        Assert.Equal("", t.Line(1));
        var u = new TerminalHarness(5, 2).Feed("\e[?7labc世\e[9b");
        Assert.Equal("abc世", u.Line(0));
    }

    [Fact]
    public void InInsertModeTheRestOfTheRowMovesRight()
    {
        var t = new TerminalHarness(8, 2).Feed("xyz\e[1G\e[4ha\e[2b");
        Assert.Equal("aaaxyz", t.Line(0));
    }

    [Fact]
    public void InsideAScrollRegionOnlyTheRegionScrolls()
    {
        var t = new TerminalHarness(3, 5).Feed("top\e[5;1Hbot\e[2;4r\e[2;1Hq\e[20b");
        Assert.Equal(["top", "qqq", "qqq", "qqq", "bot"], [t.Line(0), t.Line(1), t.Line(2), t.Line(3), t.Line(4)]);
        var u = new TerminalHarness(3, 5).Feed("\e[1;2r\e[4;1Hq\e[20b");   // below the region: no scrolling
        Assert.Equal(["", "", "", "qqq", "qqq"], [u.Line(0), u.Line(1), u.Line(2), u.Line(3), u.Line(4)]);
        var v = new TerminalHarness(3, 5).Feed("\e[3;4r\e[1;1Hq\e[20b");   // above it: down into it
        Assert.Equal(["qqq", "qqq", "qqq", "qqq", ""], [v.Line(0), v.Line(1), v.Line(2), v.Line(3), v.Line(4)]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 7)]
    [InlineData(80, 24)]
    [InlineData(500, 300)]
    public void TheSameScreenAsPrintingTheCharactersOneByOne(int width, int height)
    {
        // Inside, above and below a scroll region, insert mode, no auto-wrap, wide, graphics.
        foreach (string prefix in (string[])["a", "\e[2;5r\e[3;1Hb", "\e[3;4r\e[1;1He", "\e[1;2r\e[4;1Hf", "\e[2;3r\e[1;1H世",
            "\e[4hxy\e[1Gc", "\e[?7ld", "中", "\e(0q", "\e[31;4:3m\e]8;;http://x\ag"])
        {
            foreach (int count in (int[])[1, width - 1, width, width + 1, 3 * width * height + 7, 65535])
            {
                if (count < 1)
                    continue;
                var fast = new TerminalHarness(width, height).Feed("zz\r\n" + prefix + $"\e[{count}b");
                string last = prefix.Length > 0 && char.IsSurrogate(prefix[^1]) ? prefix[^2..] : prefix[^1..];
                var slow = new TerminalHarness(width, height).Feed("zz\r\n" + prefix);
                for (int i = 0; i < Math.Min(count, 65535); i++)
                    slow.Feed(last);
                string? difference = Mosh.Tests.Terminal.Display.FrameEquivalence.Difference(slow.Fb, fast.Fb, slow.Fb.BellCount);
                Assert.True(difference is null, $"{width}x{height} '{prefix}' x{count}: {difference}");
                Assert.Equal(slow.Fb.NextPrintWillWrap, fast.Fb.NextPrintWillWrap);
                for (int y = 0; y < height; y++)
                    Assert.Equal(slow.Fb.GetRow(y).SoftWrapped, fast.Fb.GetRow(y).SoftWrapped);
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(80, 24)]
    [InlineData(500, 300)]
    public void TheWorkDoesNotGrowWithTheCount(int width, int height)
    {
        // `A ESC[65535b` must cost about what a row or two of text costs, not 65535 prints with
        // their wraps and scrolls: the rows written are counted (WorkCounter).
        var t = new TerminalHarness(width, height);
        t.Feed("A\e[65535b");
        long used = WorkCounter.RowIdentities(() =>
        {
            for (int i = 0; i < 100; i++)
                t.Feed("A\e[65535b");
        });
        // A handful of rows per REP whatever the size; printing them would take 65535 / width.
        Assert.True(used <= 100 * 16, $"{used} rows written for 100 REPs of 65535 at {width}x{height}");
    }
}
