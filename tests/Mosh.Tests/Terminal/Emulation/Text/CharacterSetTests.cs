using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Text;

/// <summary>
/// G0/G1 designations, SO/SI and DEC Special Graphics (not in 1.4.0): translated to Unicode by
/// the emulator, so the cells, and what any client draws, hold the box-drawing characters.
/// </summary>
public class CharacterSetTests
{
    [Fact]
    public void LineDrawingInG0()
    {
        var t = new TerminalHarness(20, 4).Feed("\e(0lqqk\r\nx  x\r\nmqqj\e(B ok");
        Assert.Equal("┌──┐", t.Line(0));
        Assert.Equal("│  │", t.Line(1));
        Assert.Equal("└──┘ ok", t.Line(2));
    }

    [Fact]
    public void TheWholeGraphicSetAsXtermDrawsIt()
    {
        var t = new TerminalHarness(40, 2).Feed("\e(0_`abcdefghijklmnopqrstuvwxyz{|}~+,-.0A\e(B");
        // 0x5F is the VT100's blank; "+,-.0" and the letters below 0x5F are unchanged (tmux maps
        // "+,-.0" to arrows and a block: a tmux quirk).
        Assert.Equal(" ◆▒␉␌␍␊°±␤␋┘┐┌└┼⎺⎻─⎼⎽├┤┴┬│≤≥π≠£·+,-.0A", t.Line(0));
    }

    [Fact]
    public void G1WithShiftOutAndShiftIn()
    {
        var t = new TerminalHarness(20, 2).Feed("\e)0a\u000eqx\u000fq");
        Assert.Equal("a─│q", t.Line(0));
        Assert.True(t.Fb.Charsets.ShiftOut is false);
    }

    [Fact]
    public void UnitedKingdomSetHasThePound()
    {
        // xterm; tmux ignores ESC ( A.
        Assert.Equal("£1 #2", new TerminalHarness(20, 2).Feed("\e(A#1\e(B #2").Line(0));
    }

    [Fact]
    public void UnknownDesignationsAreIgnored()
    {
        // As tmux: an unknown final leaves G0 as it was (here, the graphics set).
        Assert.Equal("──q", new TerminalHarness(20, 2).Feed("\e(0q\e(5q\e(Bq").Line(0));
    }

    [Fact]
    public void NonAsciiCharactersAreNotTranslated()
    {
        Assert.Equal("é─", new TerminalHarness(20, 2).Feed("\e(0éq").Line(0));
    }

    [Fact]
    public void ResetsPutAsciiBack()
    {
        Assert.Equal("q", new TerminalHarness(20, 2).Feed("\e(0\e)0\u000e\e[!pq").Line(0));
        Assert.Equal("q", new TerminalHarness(20, 2).Feed("\e(0\ecq").Line(0));
    }

    [Fact]
    public void CellsHoldUnicodeSoCopiesAndRenderingNeedNoCharacterSet()
    {
        var t = new TerminalHarness(20, 2).Feed("\e(0q");
        Assert.Equal(0x2500, t.CellAt(0, 0).CodePoint);
    }

    [Fact]
    public void GraphicsThroughTheInsertModeAndAtTheLastColumn()
    {
        var t = new TerminalHarness(4, 3).Feed("ab\e[1G\e[4h\e(0q\e(B\e[4l\e[1;4H\e(0qq\e(B");
        Assert.Equal("─ab─", t.Line(0));
        Assert.Equal("─", t.Line(1));
    }
}
