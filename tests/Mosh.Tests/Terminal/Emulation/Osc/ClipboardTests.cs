using System.Text;
using Mosh.StateSync;
using Mosh.Terminal.Display;

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
    [InlineData("\e]52;x;abcd\a")]
    [InlineData("\e]52;;abcd\a")]
    [InlineData("\e]52;c\a")]
    // A read request: a terminal that allows it would type the clipboard back into the session.
    [InlineData("\e]52;c;?\a")]
    [InlineData("\e]52;p;?\e\\")]
    [InlineData("\e]52;c;aGVs?\a")]
    // Not base64: no set request either.
    [InlineData("\e]52;c;hello world\a")]
    [InlineData("\e]52;c;a\a")]
    [InlineData("\e]52;c;aGVsbG8===\a")]
    [InlineData("\e]52;c;aG=sbG8=\a")]
    [InlineData("\e]52;c;aGVsbG8\u00e9\a")]
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

    [Theory]
    [InlineData("aGVsbG8=")]
    [InlineData("aGVsbG8")]
    [InlineData("aGk=")]
    [InlineData("aGk")]
    [InlineData("aA==")]
    [InlineData("+/09")]
    public void Base64WithOrWithoutPaddingIsASetRequest(string data)
    {
        var t = new TerminalHarness().Feed($"\e]52;c;{data}\a");
        Assert.Equal(data, Encoding.ASCII.GetString(t.Fb.Clipboard));
    }

    [Fact]
    public void AReadRequestLeavesTheClipboardAsItWas()
    {
        var t = new TerminalHarness().Feed("\e]52;c;Zm9v\a\e]52;c;?\a");
        Assert.Equal("Zm9v", Encoding.ASCII.GetString(t.Fb.Clipboard));
    }

    [Fact]
    public void AClientNeverPassesAReadRequestFromItsServerToTheLocalTerminal()
    {
        // Upstream's server keeps any "52;c;…" and sends it on in its diffs.
        var remote = new CompleteTerminal(80, 24);
        var content = new HostMessageContent { HostBytes = "\e]52;c;?\a\e]52;c;bm90 base64\aok"u8 };
        var diff = new byte[HostMessageCodec.GetEncodedLength(content)];
        HostMessageCodec.Encode(content, diff);
        CompleteTerminal shown = remote.Clone();
        Assert.True(shown.TryApplyDiff(diff));
        var output = new ByteBuffer(256);
        new FrameRenderer(DisplayCapabilities.Server).Render(remote.Framebuffer, shown.Framebuffer, initialized: true, output);
        string written = Encoding.Latin1.GetString(output.WrittenSpan);
        Assert.Contains("ok", written);
        Assert.DoesNotContain("]52", written);
    }

    [Fact]
    public void EmptyDataIsAValidValue()
    {
        var t = new TerminalHarness().Feed("\e]52;c;Zm9v\a\e]52;c;\a");
        Assert.Equal("c", Encoding.ASCII.GetString(t.Fb.ClipboardSelection));
        Assert.Equal(0, t.Fb.Clipboard.Length);
    }
}
