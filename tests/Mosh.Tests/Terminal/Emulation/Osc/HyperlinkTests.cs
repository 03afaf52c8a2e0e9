using System.Text;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Osc;

/// <summary>
/// OSC 8 hyperlinks (not in 1.4.0), as upstream's development branch keeps them: per cell and
/// as the current link, parameters verbatim, only printable ASCII; with our limits on length,
/// distinct links and the work of freeing them.
/// </summary>
public class HyperlinkTests
{
    private static string? LinkAt(TerminalHarness t, int y, int x) => t.Fb.GetHyperlink(t.CellAt(y, x).Hyperlink)?.ToString();

    [Fact]
    public void PrintedCellsGetTheCurrentLink()
    {
        var t = new TerminalHarness(40, 3).Feed("a\e]8;;http://example.com\aLINK\e]8;;\a b");
        Assert.Null(LinkAt(t, 0, 0));
        for (int x = 1; x <= 4; x++)
            Assert.Equal(";http://example.com", LinkAt(t, 0, x));
        Assert.Null(LinkAt(t, 0, 5));
        Assert.Null(LinkAt(t, 0, 6));
        Assert.Equal(0, t.Fb.CurrentHyperlink);
    }

    [Fact]
    public void ParametersAreKeptVerbatimAndEitherTerminatorWorks()
    {
        var t = new TerminalHarness(40, 3).Feed("\e]8;id=foo:x=y;http://a/b;c\e\\L");
        Assert.Equal("id=foo:x=y;http://a/b;c", LinkAt(t, 0, 0));
        Hyperlink link = t.Fb.GetHyperlink(t.Fb.CurrentHyperlink)!;
        Assert.Equal("id=foo:x=y", Encoding.ASCII.GetString(link.Parameters));
        Assert.Equal("http://a/b;c", Encoding.ASCII.GetString(link.Uri));
    }

    [Theory]
    [InlineData("\e]8;;http://a/\u00e9\a")]       // not ASCII: the whole OSC is ignored (as upstream's branch)
    [InlineData("\e]8;;http://a/\u007f\a")]       // DEL
    [InlineData("\e]8;http://a\a")]               // no second ';'
    [InlineData("\e]8\a")]
    public void MalformedOrNonAsciiLinksAreIgnored(string sequence)
    {
        var t = new TerminalHarness(40, 3).Feed("\e]8;;http://old\a" + sequence + "x");
        Assert.Equal(";http://old", LinkAt(t, 0, 0));
    }

    [Fact]
    public void ControlCharactersNeverGetIntoALink()
    {
        // Inside an OSC string the parser drops C0 controls (BEL and ESC end it); C1 controls end
        // it too; anything else outside printable ASCII makes the link invalid.
        var t = new TerminalHarness(40, 3).Feed("\e]8;;http://a\u0001\u0008\u001fb\ax\e]8;;http://c\u009bd\ay");
        Assert.Equal(";http://ab", LinkAt(t, 0, 0));
        Assert.Equal(";http://c", LinkAt(t, 0, 1)); // U+009B began a CSI ("d", VPA), which ended the OSC
        foreach (char c in LinkAt(t, 0, 0)! + LinkAt(t, 0, 1))
            Assert.InRange(c, ' ', '~');
    }

    [Fact]
    public void TooLongALinkEndsTheLink()
    {
        string uri = "http://a/" + new string('x', Hyperlink.MaxUriLength);
        var t = new TerminalHarness(40, 3).Feed("\e]8;;http://ok\aa\e]8;;" + uri + "\ab");
        Assert.Equal(";http://ok", LinkAt(t, 0, 0));
        Assert.Null(LinkAt(t, 0, 1));
        string id = new('i', Hyperlink.MaxParametersLength + 1);
        var u = new TerminalHarness(40, 3).Feed($"\e]8;id={id};http://x\ab");
        Assert.Null(LinkAt(u, 0, 0));
    }

    [Fact]
    public void EqualLinksShareOneEntry()
    {
        var t = new TerminalHarness(40, 3).Feed("\e]8;;http://a\ax\e]8;;\ay\e]8;;http://a\az");
        Assert.Equal(t.CellAt(0, 0).Hyperlink, t.CellAt(0, 2).Hyperlink);
        Assert.Equal(1, t.Fb.Hyperlinks!.Count);
    }

    [Fact]
    public void ErasedCellsAndResetsHaveNoLink()
    {
        var t = new TerminalHarness(40, 3).Feed("\e]8;;http://a\aabc\e[1;2H\e[K");
        Assert.Null(LinkAt(t, 0, 1));
        t.Feed("\e[!p");
        Assert.Equal(0, t.Fb.CurrentHyperlink);
        t.Feed("\e]8;;http://a\a\ec");
        Assert.Equal(0, t.Fb.CurrentHyperlink);
    }

    [Fact]
    public void TheCurrentLinkIsPartOfTheStateAndComparedByValue()
    {
        var a = new TerminalHarness(40, 3).Feed("\e]8;;http://a\a");
        var b = new TerminalHarness(40, 3).Feed("\e]8;;http://other\a\e]8;;http://a\a");
        var c = new TerminalHarness(40, 3);
        Assert.True(a.Fb.ContentEquals(b.Fb)); // different indices, same link
        Assert.False(a.Fb.ContentEquals(c.Fb));
    }

    [Fact]
    public void AFullTableFreesTheLinksNoCellUsesAtTheSameIndices()
    {
        var t = new TerminalHarness(20, 2);
        t.Feed("\e]8;;http://kept\ak\e]8;;\a");
        int kept = t.CellAt(0, 0).Hyperlink;
        var copy = new Framebuffer(t.Fb);
        // More distinct links than the table holds, each used by a cell that is then overwritten.
        for (int i = 0; i < HyperlinkTable.Capacity + 100; i++)
            t.Feed($"\e[2;1H\e]8;;http://x/{i}\ay\e]8;;\a");
        Assert.Equal(";http://kept", LinkAt(t, 0, 0));
        Assert.Equal(kept, t.CellAt(0, 0).Hyperlink);
        Assert.Equal($";http://x/{HyperlinkTable.Capacity + 99}", LinkAt(t, 1, 0));
        Assert.True(t.Fb.Hyperlinks!.Count < HyperlinkTable.Capacity);
        // The copy taken before still sees its own links, and the two compare by value.
        Assert.Equal(";http://kept", copy.GetHyperlink(copy.GetRow(0)[0].Hyperlink)!.ToString());
        Assert.False(copy.ContentEquals(t.Fb));
        copy.Dispose();
    }

    [Fact]
    public void WhenEveryLinkIsStillShownNewOnesAreDroppedNotGrown()
    {
        // A 64x64 screen showing 4095 different links: the table is full and nothing can be freed.
        var t = new TerminalHarness(64, 64);
        var sb = new StringBuilder();
        for (int i = 0; i < HyperlinkTable.Capacity - 1; i++)
            sb.Append($"\e[{i / 64 + 1};{i % 64 + 1}H\e]8;;http://x/{i}\ay");
        t.Feed(sb.ToString());
        Assert.Equal(HyperlinkTable.Capacity - 1, t.Fb.Hyperlinks!.Count);
        t.Feed("\e[64;64H\e]8;;http://one-too-many\az");
        Assert.Null(LinkAt(t, 63, 63));
        Assert.Equal(";http://x/0", LinkAt(t, 0, 0));
    }
}
