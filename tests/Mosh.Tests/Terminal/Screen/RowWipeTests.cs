using Mosh.Terminal.Screen;
using Mosh.Tests.Terminal.Emulation;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>
/// A row reused for a new line is wiped only as far as it was written: whatever wrote it (text,
/// wide characters, combining marks, erases, insertions, a colour change), the reused row must
/// be exactly a fresh blank row with the current background.
/// </summary>
public class RowWipeTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("\e[8Gxy")]
    [InlineData("\e[10Gz")]
    [InlineData("中文字")]
    [InlineData("\e[9G中")]
    [InlineData("\e[10G中")]
    [InlineData("e\u0301a\u0308")]
    [InlineData("\e[41m\e[5G\e[K\e[m")]
    [InlineData("\e[41m\e[3G\e[1K\e[m")]
    [InlineData("abcdef\e[1;3H\e[2@")]
    [InlineData("abcdef\e[1;2H\e[3P")]
    [InlineData("\e[44m\e[2J\e[m")]
    [InlineData("\e#8")]
    public void ARowScrolledBackInIsEntirelyBlank(string writes)
    {
        var t = new TerminalHarness(10, 3);
        t.Feed("\e[1;1H" + writes);
        // The written row leaves at the top and comes back at the bottom.
        t.Feed("\e[3;1H\n\n\n");
        AssertBlank(t.Fb.GetRow(0), default);
        AssertBlank(t.Fb.GetRow(1), default);
        AssertBlank(t.Fb.GetRow(2), default);
    }

    [Fact]
    public void AReusedRowTakesTheNewBackgroundInEveryCell()
    {
        var t = new TerminalHarness(10, 2);
        t.Feed("\e[42m\e[2J\e[1;1Habc\e[m\r\n\e[44m\n\n");
        Color blue = Color.Palette(4);
        AssertBlank(t.Fb.GetRow(0), blue);
        AssertBlank(t.Fb.GetRow(1), blue);
        // And back to the default background after a row was blank in blue.
        t.Feed("\e[m\n\n");
        AssertBlank(t.Fb.GetRow(0), default);
        AssertBlank(t.Fb.GetRow(1), default);
    }

    [Fact]
    public void AnEraseToTheEndJoinsTheBlankTail()
    {
        var t = new TerminalHarness(10, 2);
        t.Feed("abcdefghij\e[1;4H\e[K\e[1;1Hx");
        Assert.Equal("xbc", t.Line(0));
        t.Feed("\e[2;1H\n\n");
        AssertBlank(t.Fb.GetRow(0), default);
        AssertBlank(t.Fb.GetRow(1), default);
    }

    [Fact]
    public void RandomWritesNeverLeaveAnythingInARowScrolledIn()
    {
        var random = new Random(5);
        string[] pieces = ["word", "中文", "e\u0301", "\e[41m", "\e[44m", "\e[m", "\e[K", "\e[1K", "\e[2K", "\e[3@", "\e[2P",
            "\e[3G", "\e[9G", "\e[4X", "\r", "\b", "\t", "\e[7m", "\e[1;1H", "\e[2;5r", "\e[r", "\eM", "\e[L", "\e[M"];
        var t = new TerminalHarness(12, 6);
        for (int step = 0; step < 3000; step++)
        {
            t.Feed(pieces[random.Next(pieces.Length)]);
            if (random.Next(6) == 0)
            {
                // A line feed at the bottom of the whole screen: the new bottom row must be blank.
                t.Feed("\e[r\e[6;1H\n");
                AssertBlank(t.Fb.GetRow(5), t.Fb.CurrentRenditions.Background);
            }
        }
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("\e[10G中")]
    [InlineData("e\u0301a\u0308")]
    [InlineData("\e[41m\e[5G\e[K\e[m")]
    [InlineData("abcdef\e[1;3H\e[2@")]
    [InlineData("\e[44m\e[2J\e[m")]
    [InlineData("\e#8")]
    public void AnErasedScreenIsEntirelyBlank(string writes)
    {
        // Rows nobody else holds are wiped in place (as far as they were written), the others
        // replaced by the shared blank row: either way every cell is blank afterwards.
        var t = new TerminalHarness(10, 3);
        t.Feed("\e[1;1H" + writes + "\e[2;1H" + writes + "\e[m\e[2J");
        for (int y = 0; y < 3; y++)
            AssertBlank(t.Fb.GetRow(y), default);
        t.Feed("\e[1;1H" + writes + "\e[43m\e[2J");
        for (int y = 0; y < 3; y++)
            AssertBlank(t.Fb.GetRow(y), Color.Palette(3));
    }

    [Fact]
    public void RandomWritesNeverLeaveAnythingInAnErasedRow()
    {
        var random = new Random(11);
        string[] pieces = ["word", "中文", "e\u0301", "\e[41m", "\e[44m", "\e[m", "\e[K", "\e[1K", "\e[3@", "\e[2P",
            "\e[3G", "\e[9G", "\e[4X", "\r\n", "\b", "\t", "\e[7m", "\e[1;1H", "\e[2;5r", "\e[r", "\eM", "\e[L", "\e[M", "\e[3b"];
        var t = new TerminalHarness(12, 6);
        for (int step = 0; step < 3000; step++)
        {
            t.Feed(pieces[random.Next(pieces.Length)]);
            switch (random.Next(12))
            {
                case 0:
                    t.Feed("\e[2J");
                    for (int y = 0; y < 6; y++)
                        AssertBlank(t.Fb.GetRow(y), t.Fb.CurrentRenditions.Background);
                    break;
                case 1:
                    t.Feed("\e[2K");
                    AssertBlank(t.Fb.GetRow(t.Fb.CursorRow), t.Fb.CurrentRenditions.Background);
                    break;
            }
        }
    }

    private static void AssertBlank(Row row, Color background)
    {
        Assert.False(row.SoftWrapped);
        for (int x = 0; x < row.Width; x++)
        {
            Assert.Equal(Cell.Blank(background), row.Cells[x]);
            Assert.True(row.GetCombiningMarks(x).IsEmpty);
        }
    }
}
