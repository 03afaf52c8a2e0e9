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
    public void IconNameIsPartOfEquality()
    {
        // 1.4.0 leaves it out (§5.4), so an icon name change alone waited for another change.
        var a = new TerminalHarness().Feed("\e]1;one\a");
        var b = new TerminalHarness().Feed("\e]1;two\a");
        Assert.False(a.Fb.ContentEquals(b.Fb));
        b.Feed("\e]1;one\a");
        Assert.True(a.Fb.ContentEquals(b.Fb));
    }

    [Fact]
    public void EachKindOfTitleRemembersThatItWasSet()
    {
        var t = new TerminalHarness().Feed("\e]1;icon\a");
        Assert.True(t.Fb.IconNameSet);
        Assert.False(t.Fb.WindowTitleSet);
        t.Feed("\e]2;title\a");
        Assert.True(t.Fb.WindowTitleSet);
        var u = new TerminalHarness().Feed("\e]0;both\a");
        Assert.True(u.Fb.IconNameSet && u.Fb.WindowTitleSet);
    }

    [Fact]
    public void TheTitleStackRestoresWhatAFullScreenProgramReplaced()
    {
        // CSI 22 ; 0 t pushes, CSI 23 ; 0 t pops (xterm's smcup/rmcup, mc, vim): not in 1.4.0.
        var t = new TerminalHarness().Feed("\e]0;shell\a\e[22;0;0t\e]0;mc\a");
        Assert.Equal("mc", Encoding.UTF8.GetString(t.Fb.WindowTitle));
        t.Feed("\e[23;0;0t");
        Assert.Equal("shell", Encoding.UTF8.GetString(t.Fb.WindowTitle));
        Assert.Equal("shell", Encoding.UTF8.GetString(t.Fb.IconName));
        t.Feed("\e[23;0t"); // nothing left: no change
        Assert.Equal("shell", Encoding.UTF8.GetString(t.Fb.WindowTitle));

        // Popping a title that had never been set makes it unset again.
        var u = new TerminalHarness().Feed("\e[22t\e]2;vim\a\e[23t");
        Assert.False(u.Fb.WindowTitleSet);

        // Ps 2 restores the title only.
        var v = new TerminalHarness().Feed("\e]0;a\a\e[22;2t\e]0;b\a\e[23;2t");
        Assert.Equal("a", Encoding.UTF8.GetString(v.Fb.WindowTitle));
        Assert.Equal("b", Encoding.UTF8.GetString(v.Fb.IconName));
    }

    [Fact]
    public void TheTitleStackIsBounded()
    {
        var t = new TerminalHarness();
        for (int i = 0; i < 100; i++)
            t.Feed($"\e]2;t{i}\a\e[22t");
        for (int i = 0; i < 100; i++)
            t.Feed("\e[23t");
        // Only the last ten pushes are kept, as in xterm.
        Assert.Equal("t90", Encoding.UTF8.GetString(t.Fb.WindowTitle));
    }
}
