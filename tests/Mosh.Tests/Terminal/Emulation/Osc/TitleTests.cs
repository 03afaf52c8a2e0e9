using System.Text;

namespace Mosh.Tests.Terminal.Emulation.Osc;

/// <summary>OSC 0/1/2 (§8.8).</summary>
public class TitleTests
{
    private static string Title(TerminalHarness t) => Encoding.UTF8.GetString(t.Fb.WindowTitle);

    private static string Icon(TerminalHarness t) => Encoding.UTF8.GetString(t.Fb.IconName);

    [Fact]
    public void Osc0SetsBoth()
    {
        var t = new TerminalHarness();
        Assert.False(t.Fb.TitleInitialized);
        t.Feed("\e]0;hello wörld\a");
        Assert.Equal("hello wörld", Title(t));
        Assert.Equal("hello wörld", Icon(t));
        Assert.True(t.Fb.TitleInitialized);
    }

    [Fact]
    public void EmptyNumberMeansZero()
    {
        var t = new TerminalHarness().Feed("\e];x\a");
        Assert.Equal("x", Title(t));
        Assert.Equal("x", Icon(t));
    }

    [Fact]
    public void Osc1And2SetOneEach()
    {
        var t = new TerminalHarness().Feed("\e]1;icon\a\e]2;title\e\\");
        Assert.Equal("title", Title(t));
        Assert.Equal("icon", Icon(t));
    }

    [Fact]
    public void OtherNumbersAreIgnored()
    {
        var t = new TerminalHarness().Feed("\e]3;x\a\e]10;?\a\e]7;file://h/\a\e]\a\e]0\a");
        Assert.False(t.Fb.TitleInitialized);
        Assert.Equal("", Title(t));
    }

    [Fact]
    public void TitleKeeps256CodePointsIncludingThePrefix()
    {
        string longTitle = new string('é', 300);
        var t = new TerminalHarness().Feed("\e]2;" + longTitle + "\a");
        Assert.Equal(new string('é', 254), Title(t));
    }

    [Fact]
    public void IconNameIsNotPartOfEquality_Section5_4()
    {
        var a = new TerminalHarness().Feed("\e]1;one\a");
        var b = new TerminalHarness().Feed("\e]1;two\a");
        Assert.True(a.Fb.ContentEquals(b.Fb));
        a.Feed("\e]2;t\a");
        Assert.False(a.Fb.ContentEquals(b.Fb));
    }
}
