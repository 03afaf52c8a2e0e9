using System.Text;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Text;

/// <summary>
/// Text beyond ASCII: a run decoded from one read is written within its row in one go, and at
/// the row's end, in insert mode, in origin mode or at a combining mark a character at a time
/// the full way; both must agree with ASCII text and with each other.
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

    [Fact]
    public void ARunWrittenTogetherLeavesWhatOneCharacterAtATimeLeaves()
    {
        // Fed whole, the parser hands the emulator runs of text; fed a byte at a time, every
        // character arrives alone. Mixed with everything that ends or bends a run.
        string[] pieces =
        [
            "中", "文", "é", "ß", "한", "\U0001F600", "\u0301", "\u200B", "\u0378", "\u00AD", "A", " ", "\r", "\n", "\b",
            "\e[4h", "\e[4l", "\e[?7l", "\e[?7h", "\e[?6h", "\e[?6l", "\e[2;3r", "\e[r", "\e[1;31;44m", "\e[m",
            "\e[H", "\e[3G", "\e[2D", "\e[5b", "\e(0", "\e(B", "\e]8;;http://a\e\\", "\e]8;;\e\\", "\e[K", "\e[2@", "\u0085",
        ];
        var rng = new Random(2026);
        for (int round = 0; round < 400; round++)
        {
            int width = rng.Next(1, 12);
            int height = rng.Next(1, 5);
            var text = new StringBuilder();
            for (int i = rng.Next(1, 120); i > 0; i--)
            {
                // Mostly text, so that runs form.
                text.Append(rng.Next(3) == 0 ? pieces[rng.Next(pieces.Length)] : pieces[rng.Next(6)]);
            }
            byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
            var whole = new VirtualTerminal(width, height);
            whole.Write(bytes);
            var bytewise = new VirtualTerminal(width, height);
            foreach (byte b in bytes)
            {
                bytewise.Write([b]);
            }
            Framebuffer a = whole.Framebuffer;
            Framebuffer b2 = bytewise.Framebuffer;
            bool same = a.ContentEquals(b2) && a.NextPrintWillWrap == b2.NextPrintWillWrap && a.LastGraphic == b2.LastGraphic
                && a.CombiningRow == b2.CombiningRow && a.CombiningColumn == b2.CombiningColumn;
            Assert.True(same, $"{width}x{height} {Convert.ToHexString(bytes)}");
        }
    }

    private static string[] Lines(TerminalHarness t) => Enumerable.Range(0, t.Fb.Height).Select(t.Line).ToArray();
}
