namespace Mosh.Tests.Terminal.Emulation.Text;

/// <summary>Pending wrap and auto-wrap (§5.6 invariants, §8.3, §8.9).</summary>
public class AutowrapTests
{
    [Fact]
    public void PrintingInTheLastColumnSetsPendingWrap()
    {
        var t = new TerminalHarness(5, 3).Feed("abcde");
        Assert.Equal((0, 4), t.Cursor);
        Assert.True(t.Fb.NextPrintWillWrap);
        Assert.False(t.Fb.GetRow(0).SoftWrapped);
        t.Feed("f");
        Assert.Equal("f", t.Line(1));
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        Assert.Equal((1, 1), t.Cursor);
    }

    [Fact]
    public void WrapAtTheBottomScrolls()
    {
        var t = new TerminalHarness(3, 2).Feed("abcdefg");
        Assert.Equal("def", t.Line(0));
        Assert.Equal("g", t.Line(1));
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
    }

    [Fact]
    public void ControlsClearThePendingWrapButTabKeepsIt()
    {
        Assert.Equal("", new TerminalHarness(5, 3).Feed("abcde\rX").Line(1));
        Assert.Equal("", new TerminalHarness(5, 3).Feed("abcde\aX").Line(1)); // BEL clears it too (upstream)
        Assert.Equal("", new TerminalHarness(5, 3).Feed("abcde\x05X").Line(1));
        Assert.Equal("", new TerminalHarness(5, 3).Feed("abcde\e[?X").Line(1));
        // SO, SI, a character-set designation and ST keep it, as in xterm and tmux (1.4.0 clears it).
        Assert.Equal("X", new TerminalHarness(5, 3).Feed("abcde\x0fX").Line(1));
        Assert.Equal("X", new TerminalHarness(5, 3).Feed("abcde\e(BX").Line(1));
        Assert.Equal("X", new TerminalHarness(5, 3).Feed("abcde\e]2;t\e\\X").Line(1));
        Assert.Equal("X", new TerminalHarness(5, 3).Feed("abcde\tX").Line(1));
        Assert.Equal("X", new TerminalHarness(5, 3).Feed("abcde\e[gX").Line(1));
    }

    [Fact]
    public void LineFeedKeepsTheColumn()
    {
        var t = new TerminalHarness(10, 3).Feed("abc\ndef");
        Assert.Equal("   def", t.Line(1));
    }

    [Fact]
    public void BackspaceFromThePendingWrapPositionGoesToWidthMinus2_Section5_6Quirk()
    {
        var t = new TerminalHarness(80, 24).Feed("\e[24;1H" + new string('0', 80) + "\b");
        Assert.Equal((23, 78), t.Cursor);
        Assert.False(t.Fb.NextPrintWillWrap);
    }

    [Fact]
    public void WithoutAutowrapTheLastColumnIsOverwritten()
    {
        var t = new TerminalHarness(5, 3).Feed("\e[?7labcdefgh");
        Assert.Equal("abcdh", t.Line(0));
        Assert.Equal("", t.Line(1));
        Assert.Equal((0, 4), t.Cursor);
        t.Feed("\e[1;5Hé");
        Assert.Equal("abcdé", t.Line(0));
    }

    [Fact]
    public void PrintingIntoTheLastColumnClearsAnOldWrapFlag()
    {
        var t = new TerminalHarness(5, 3).Feed("abcdefg\e[1;5HZ");
        Assert.False(t.Fb.GetRow(0).SoftWrapped);
    }

    [Fact]
    public void TabStopsEveryEightAndToTheLastColumn()
    {
        var t = new TerminalHarness(20, 2).Feed("\t");
        Assert.Equal((0, 8), t.Cursor);
        t.Feed("\t\t");
        Assert.Equal((0, 19), t.Cursor);
        t.Feed("\e[1;5H\eH\e[1;1H\t");
        Assert.Equal((0, 4), t.Cursor);
        t.Feed("\e[1;5H\e[g\e[1;1H\t");
        Assert.Equal((0, 8), t.Cursor);
        t.Feed("\e[1;18H\e[3Z");
        Assert.Equal((0, 0), t.Cursor);
        t.Feed("\e[1;18H\e[Z");
        Assert.Equal((0, 16), t.Cursor);
        t.Feed("\e[1;1H\e[2I");
        Assert.Equal((0, 16), t.Cursor);
        t.Feed("\e[3g\e[1;1H\t");
        Assert.Equal((0, 19), t.Cursor);
    }

    [Fact]
    public void RepeatRepeatsThePrecedingCharacter()
    {
        var t = new TerminalHarness(10, 2).Feed("ab\e[3bc");
        Assert.Equal("abbbbc", t.Line(0));
        t.Feed("\r\n\e[5b"); // nothing to repeat after a control
        Assert.Equal("", t.Line(1));

        var u = new TerminalHarness(10, 3).Feed("a\e[24b");
        Assert.Equal(new string('a', 10), u.Line(0));
        Assert.Equal(new string('a', 10), u.Line(1));
        Assert.Equal("aaaaa", u.Line(2));
        Assert.Equal((2, 5), u.Cursor);
    }
}
