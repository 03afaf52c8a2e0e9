using System.Text;

namespace Mosh.Tests.Terminal.Emulation.Osc;

/// <summary>OSC 52 (§8.8; we keep any selection of c p q s 0-7 and re-emit what was given).</summary>
public class ClipboardTests
{
    [Theory]
    [InlineData("c")]
    [InlineData("p")]
    [InlineData("s0")]
    [InlineData("cq7")]
    public void StoresSelectionAndDataVerbatim(string selection)
    {
        var t = new TerminalHarness().Feed($"\e]52;{selection};aGVsbG8=\a");
        Assert.Equal(selection, Encoding.ASCII.GetString(t.Fb.ClipboardSelection));
        Assert.Equal("aGVsbG8=", Encoding.ASCII.GetString(t.Fb.Clipboard));
    }

    [Theory]
    [InlineData("\e]52;x;abc\a")]
    [InlineData("\e]52;;abc\a")]
    [InlineData("\e]52;c\a")]
    public void InvalidRequestsAreIgnored(string seq)
    {
        var t = new TerminalHarness().Feed(seq);
        Assert.Equal(0, t.Fb.Clipboard.Length);
        Assert.Equal(0, t.Fb.ClipboardSelection.Length);
    }

    [Fact]
    public void ClipboardIsPartOfEqualityAndDoesNotTouchTheTitle()
    {
        var a = new TerminalHarness();
        var b = new TerminalHarness();
        a.Feed("\e]52;c;Zm9v\a");
        Assert.False(a.Fb.TitleInitialized);
        Assert.False(a.Fb.ContentEquals(b.Fb));
        b.Feed("\e]52;c;Zm9v\a");
        Assert.True(a.Fb.ContentEquals(b.Fb));
        b.Feed("\e]52;p;Zm9v\a");
        Assert.False(a.Fb.ContentEquals(b.Fb));
    }

    [Fact]
    public void EmptyDataIsAValidValue()
    {
        var t = new TerminalHarness().Feed("\e]52;c;Zm9v\a\e]52;c;\a");
        Assert.Equal("c", Encoding.ASCII.GetString(t.Fb.ClipboardSelection));
        Assert.Equal(0, t.Fb.Clipboard.Length);
    }
}
