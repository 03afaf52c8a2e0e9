using System.Text;
using Mosh.Terminal.Display;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Display;

/// <summary>
/// What the renderer sends for what 1.4.0 does not have: extended SGR, OSC 8, titles set one by
/// one, mouse encodings as switches. To a mosh client (host bytes) in forms 1.4.0 ignores
/// harmlessly; to a terminal only what it can draw.
/// </summary>
public class ExtendedOutputTests
{
    private static readonly DisplayCapabilities s_plainTerminal = new(true, true, true);

    private static string Sgr(Renditions r, DisplayCapabilities caps)
    {
        var output = new ByteBuffer();
        SgrWriter.Write(output, r, caps);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    private static Renditions R(string sgr) => new Mosh.Tests.Terminal.Emulation.TerminalHarness().Feed(sgr).Fb.CurrentRenditions;

    [Theory]
    [InlineData("\e[1;31m", "\e[0;1;31m")]                       // 1.4.0's attributes: 1.4.0's bytes
    [InlineData("\e[2;9;53m", "\e[0;2;9;53m")]                   // numbers 1.4.0 skips
    [InlineData("\e[1;2;4;9;53;32m", "\e[0;1;2;4;9;53;32m")]
    [InlineData("\e[4:3;31m", "\e[0;31m\e[4:3m")]                // a style 1.4.0 cannot parse: its own sequence
    [InlineData("\e[21m", "\e[0m\e[4:2m")]
    [InlineData("\e[4;58:2::1:2:3m", "\e[0;4m\e[58:2::1:2:3m")] // so is the underline colour
    [InlineData("\e[58;5;9m", "\e[0m\e[58:5:9m")]
    public void HostBytesKeep1_4_0sFormsAndPutTheRestWhere1_4_0IgnoresIt(string set, string expected)
    {
        Assert.Equal(expected, Sgr(R(set), DisplayCapabilities.Server));
    }

    [Theory]
    [InlineData("\e[2;9;53m", ExtendedRenditions.None, "\e[0m")]
    [InlineData("\e[2;9;53m", ExtendedRenditions.Faint, "\e[0;2m")]
    [InlineData("\e[4:3m", ExtendedRenditions.None, "\e[0;4m")]           // degrades to a plain underline
    [InlineData("\e[4:3m", ExtendedRenditions.UnderlineStyles, "\e[0m\e[4:3m")]
    [InlineData("\e[4;58:5:1m", ExtendedRenditions.UnderlineStyles, "\e[0;4m")]
    [InlineData("\e[4;58:5:1m", ExtendedRenditions.All, "\e[0;4m\e[58:5:1m")]
    public void TerminalsGetOnlyWhatTheyDraw(string set, ExtendedRenditions can, string expected)
    {
        Assert.Equal(expected, Sgr(R(set), s_plainTerminal with { Renditions = can }));
    }

    private static string Render(string before, string after, DisplayCapabilities? caps = null, bool initialized = true, int width = 20)
    {
        using var t = new TestTerminal(width, 3);
        t.Write(before);
        using Framebuffer last = t.Snapshot();
        t.Write(after);
        using Framebuffer next = t.Snapshot();
        return Encoding.UTF8.GetString(TestTerminal.Render(last, next, initialized, caps));
    }

    [Fact]
    public void LinksGoOutAroundTheLinkedCells()
    {
        string bytes = Render("", "a\e]8;id=1;http://x\aLL\e]8;;\ab");
        Assert.Contains("a\e]8;id=1;http://x\aLL\e]8;;\ab", bytes);
    }

    [Fact]
    public void ToATerminalLinksEndWithStToAClientWithBel()
    {
        string terminal = Render("", "\e]8;;http://x\aL", s_plainTerminal with { Hyperlinks = true });
        Assert.Contains("\e]8;;http://x\e\\L", terminal);
        Assert.DoesNotContain("\a", terminal);
        string host = Render("", "\e]8;;http://x\aL");
        Assert.Contains("\e]8;;http://x\aL", host);
    }

    [Fact]
    public void NoLinkNoOsc8()
    {
        Assert.DoesNotContain("\e]8", Render("", "plain text\e[31m red"));
        Assert.DoesNotContain("\e]8", Render("", "plain text", initialized: false));
        Assert.DoesNotContain("\e]8", Render("", "\e]8;;http://x\aL", s_plainTerminal));
    }

    [Fact]
    public void TheCurrentLinkIsSentAtTheEndAndClosedBeforeAScroll()
    {
        string bytes = Render("", "\e]8;;http://x\a");
        Assert.EndsWith("\e]8;;http://x\a", bytes);
        string scrolled = Render("\e]8;;http://x\aone\r\ntwo\r\nthree", "\r\nfour");
        int close = scrolled.IndexOf("\e]8;;\a", StringComparison.Ordinal);
        int lineFeed = scrolled.IndexOf('\n');
        Assert.True(close >= 0 && close < lineFeed, scrolled);
    }

    [Fact]
    public void ARepaintClosesALinkTheTerminalMayStillHave()
    {
        using var t = new TestTerminal(20, 3);
        t.Write("\e]8;;http://x\aL\e]8;;\a");
        using Framebuffer linked = t.Snapshot();
        t.Write("\e[2J");
        using Framebuffer cleared = t.Snapshot();
        string bytes = Encoding.UTF8.GetString(TestTerminal.Render(linked, cleared, initialized: false, s_plainTerminal with { Hyperlinks = true }));
        Assert.Contains("\e]8;;\e\\", bytes);
    }

    [Theory]
    [InlineData("\e]1;icon\a", "\e]1;icon\a", null)]
    [InlineData("\e]2;title\a", "\e]2;title\a", "\e]1;")]
    [InlineData("\e]0;both\a", "\e]0;both\a", null)]
    [InlineData("\e]0;both\a\e]1;icon\a", "\e]1;icon\a\e]2;both\a", null)]
    public void TitlesMirrorWhatWasSet(string set, string expected, string? absent)
    {
        string bytes = Render("", set);
        Assert.Contains(expected, bytes);
        if (absent is not null)
            Assert.DoesNotContain(absent, bytes);
        string again = Render("\e]0;both\a", set);
        if (set == "\e]0;both\a\e]1;icon\a")
        {
            Assert.Contains("\e]1;icon\a", again);
            Assert.DoesNotContain("\e]2;", again); // only the icon name changed
        }
    }

    [Theory]
    [InlineData("", "\e[?1006h", "\e[?1006h")]
    [InlineData("\e[?1006h", "\e[?1005h", "\e[?1005h\e[?1006h")]            // every switch that is on, SGR last
    [InlineData("\e[?1006h\e[?1005h", "\e[?1006l", "\e[?1006l\e[?1005h")]
    [InlineData("\e[?1006h\e[?1015h", "\e[?1006l\e[?1015l", "\e[?1015l\e[?1006l\e[?1005l")] // none: 1.4.0's bytes
    public void MouseEncodingsAreSentAsTheSetThatIsOn(string before, string after, string expected)
    {
        Assert.EndsWith(expected, Render(before, after));
    }
}
