using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Text;

/// <summary>
/// Wide characters cut in half, and combining marks at the edges, as xterm (where tmux differs,
/// noted). Upstream's own e2e tests keep their say: a mark at the start of a line is a fallback
/// cell (no-break space + mark), and a mark on an emptied cell must not break anything.
/// </summary>
public class WideEdgeTests
{
    [Fact]
    public void PrintingOverTheRightHalfBlanksTheLeftHalf()
    {
        var t = new TerminalHarness(10, 2).Feed("ab世c\e[1;4Hx");
        Assert.Equal("ab xc", t.Line(0));
        Assert.False(t.CellAt(0, 2).IsWide);
        // Also in column 0 (where tmux 3.3 keeps the left half: a tmux quirk).
        Assert.Equal(" x", new TerminalHarness(10, 2).Feed("世\bx").Line(0));
    }

    [Fact]
    public void PrintingOverTheLeftHalfLeavesTheRightHalfBlank()
    {
        var t = new TerminalHarness(10, 2).Feed("ab世c\e[1;3Hy");
        Assert.Equal("aby c", t.Line(0));
    }

    [Fact]
    public void AWideCharacterOverAnotherOnesRightHalf()
    {
        var t = new TerminalHarness(10, 2).Feed("世界\e[1;2H中");
        Assert.Equal(" 中 ", t.Line(0).TrimEnd() + " ");
        Assert.True(t.CellAt(0, 1).IsWide);
        Assert.True(t.CellAt(0, 0).IsEmpty);
    }

    [Theory]
    [InlineData("\e[K")]      // erase to end of line from the right half
    [InlineData("\e[1X")]     // erase one character there
    [InlineData("\e[1P")]     // delete it
    [InlineData("\e[1@")]     // insert before it
    public void EditingFromTheRightHalfTakesTheWholeCharacter(string edit)
    {
        // xterm widens the edit to the whole character; tmux leaves the left half.
        var t = new TerminalHarness(10, 2).Feed("ab世cd\e[1;4H" + edit);
        Assert.False(t.CellAt(0, 2).IsWide);
        Assert.True(t.CellAt(0, 2).IsEmpty);
    }

    [Fact]
    public void AMarkAimedAtARightHalfJoinsTheCharacter()
    {
        var t = new TerminalHarness(10, 2).Feed("a世\e[D\u0301");
        Assert.True(t.CellAt(0, 1).HasCombiningMarks);
        Assert.True(t.CellAt(0, 2).IsEmpty);
        Assert.Equal((0, 2), t.Cursor);
    }

    [Fact]
    public void AMarkAfterAWideCharacterJoinsIt()
    {
        var t = new TerminalHarness(10, 2).Feed("世\u0301x");
        Assert.True(t.CellAt(0, 0).HasCombiningMarks);
        Assert.Equal("世\u0301 x", t.Line(0));
    }

    [Fact]
    public void AMarkAtTheStartOfALineIsAFallbackCell_UpstreamUnicodeLaterCombining()
    {
        // upstream's e2e test unicode-later-combining: "abc\n" U+0302 "\ndef" shows NBSP + U+0302.
        var t = new TerminalHarness(10, 4).Feed("abc\r\n\u0302\r\ndef");
        Assert.True(t.CellAt(1, 0).IsFallback);
        Assert.Equal(0x302, t.CellAt(1, 0).CodePoint);
    }

    [Fact]
    public void AMarkOnACellJustErasedIsHarmless_UpstreamCombineFallbackAssert()
    {
        // upstream's e2e test unicode-combine-fallback-assert (github issue 667).
        var t = new TerminalHarness(10, 4).Feed("0\e[1J\u0334");
        Assert.True(t.CellAt(0, 0).IsFallback || t.CellAt(0, 1).IsFallback);
    }

    [Fact]
    public void AfterACursorMoveAMarkJoinsTheCellUnderTheCursor()
    {
        // xterm (tmux joins it to the cell before the cursor).
        var t = new TerminalHarness(10, 2).Feed("ab\e[1D\u0301");
        Assert.True(t.CellAt(0, 1).HasCombiningMarks);
        Assert.False(t.CellAt(0, 0).HasCombiningMarks);
    }

    [Fact]
    public void AWideCharacterNeverEndsUpCutInTheLastColumn()
    {
        // Pushed there by an insert, or cut by a narrower screen: blanked, since no terminal can
        // show half of it (and a receiver could not be made to hold it).
        var t = new TerminalHarness(5, 2).Feed("abc世\e[1;1H\e[1@");
        Assert.True(t.CellAt(0, 4).IsEmpty);
        var u = new TerminalHarness(6, 2).Feed("abcd世");
        u.Resize(5, 2);
        Assert.True(u.CellAt(0, 4).IsEmpty);
    }
}
