using System.Text;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation;

/// <summary>
/// The client replays the server's host bytes (§5.2); these pin the §5.6 invariants on strings
/// shaped like upstream's renderer output.
/// </summary>
public class HostBytesReplayTests
{
    [Fact]
    public void FirstRepaintOfTheVerifiedExampleLeavesABlankDefaultScreen_Section5_3()
    {
        var sb = new StringBuilder("\e[r\e[0m\e[H\e[2J\e[?25l");
        for (int y = 0; y < 30; y++)
        {
            sb.Append("\e[K");
            if (y < 29)
            {
                sb.Append('\n');
            }
        }
        sb.Append("\e[1;1H\e[?25h\e[0m\e[?2004l\e[?1003l\e[?1002l\e[?1001l\e[?1000l\e[?1004l\e[?1015l\e[?1006l\e[?1005l");
        var t = new TerminalHarness(100, 30).Feed("junk\e[31m\e[?1002h");
        t.Feed(sb.ToString());
        var fresh = new Framebuffer(100, 30);
        Assert.True(t.Fb.ContentEquals(fresh));
        Assert.True(t.Replies.IsEmpty);
    }

    [Fact]
    public void SoftWrapIsReproducedByPrintingTheNextRowsFirstCell()
    {
        // put_row prints the last cell of a wrapped row, then the next row's first cell right away.
        var t = new TerminalHarness(5, 3).Feed("\e[1;1Habcde\e[0;1mf\e[0m");
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
        Assert.Equal("f", t.Line(1));
        Assert.Equal(RenditionAttributes.Bold, t.CellAt(1, 0).Renditions.Attributes);
    }

    [Fact]
    public void ScrollWithARegionThenResetHomes_Section5_6Step7()
    {
        var t = new TerminalHarness(10, 5).Feed("a\r\nb\r\nc\r\nd\r\ne");
        long idC = t.Fb.GetRow(2).Id;
        t.Feed("\e[0m\e[1;4r\e[?25l\e[4;1H\n\n\e[r");
        Assert.Equal("c", t.Line(0));
        Assert.Equal("d", t.Line(1));
        Assert.Equal("", t.Line(2));
        Assert.Equal("e", t.Line(4));
        Assert.Equal(idC, t.Fb.GetRow(0).Id);
        Assert.Equal((0, 0), t.Cursor);
    }

    [Fact]
    public void FallbackCellIsDrawnAsNbspPlusMark()
    {
        var t = new TerminalHarness(10, 2).Feed("\u00a0\u0301");
        Cell c = t.CellAt(0, 0);
        Assert.Equal(0xA0, c.CodePoint);
        Assert.True(c.HasCombiningMarks);
        Assert.False(c.IsBlank);
    }

    [Fact]
    public void TitleAndClipboardAndBellAsEmitted()
    {
        var t = new TerminalHarness().Feed("\a\e]0;T\a\e]52;c;QQ==\a");
        Assert.Equal(1u, t.Fb.BellCount);
        Assert.Equal("T", Encoding.UTF8.GetString(t.Fb.WindowTitle));
        Assert.Equal("QQ==", Encoding.UTF8.GetString(t.Fb.Clipboard));
    }

    [Fact]
    public void TitlePrefixKeepsIconEquivalence()
    {
        var t = new TerminalHarness().Feed("\e]0;shell\a");
        t.Fb.PrefixWindowTitle("[mosh] "u8);
        Assert.Equal("[mosh] shell", Encoding.UTF8.GetString(t.Fb.WindowTitle));
        Assert.Equal("[mosh] shell", Encoding.UTF8.GetString(t.Fb.IconName));
        var u = new TerminalHarness().Feed("\e]1;icon\a\e]2;title\a");
        u.Fb.PrefixWindowTitle("[mosh] "u8);
        Assert.Equal("[mosh] title", Encoding.UTF8.GetString(u.Fb.WindowTitle));
        Assert.Equal("icon", Encoding.UTF8.GetString(u.Fb.IconName));
    }
}
