using System.Text;
using Mosh.Overlays;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Overlays;

public class TitleOverlayTests
{
    private static Framebuffer WithTitles(string title, string icon)
    {
        var fb = new Framebuffer(10, 2);
        fb.SetWindowTitle(Encoding.UTF8.GetBytes(title));
        fb.SetIconName(Encoding.UTF8.GetBytes(icon));
        return fb;
    }

    private static string S(ReadOnlySpan<byte> b) => Encoding.UTF8.GetString(b);

    [Fact]
    public void EqualIconNameAndTitleAreBothPrefixed()
    {
        var fb = WithTitles("bash", "bash");
        new TitleOverlay(true).Apply(fb);
        Assert.Equal("[mosh] bash", S(fb.WindowTitle));
        Assert.Equal("[mosh] bash", S(fb.IconName));
    }

    [Fact]
    public void DifferentIconNameKeepsItsText()
    {
        var fb = WithTitles("vim file.c", "vim");
        new TitleOverlay(true).Apply(fb);
        Assert.Equal("[mosh] vim file.c", S(fb.WindowTitle));
        Assert.Equal("vim", S(fb.IconName));
    }

    [Fact]
    public void EmptyTitleIsPrefixedToo()
    {
        var fb = new Framebuffer(10, 2);
        new TitleOverlay(true).Apply(fb);
        Assert.Equal("[mosh] ", S(fb.WindowTitle));
        Assert.Equal("[mosh] ", S(fb.IconName));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", false)]
    [InlineData("1", false)]
    public void NoPrefixVariableDisablesWithAnyValue(string? value, bool prefixed)
    {
        var fb = WithTitles("t", "t");
        TitleOverlay.FromEnvironment(value).Apply(fb);
        Assert.Equal(prefixed ? "[mosh] t" : "t", S(fb.WindowTitle));
    }

    [Fact]
    public void TitleAtCapacityLosesItsTail()
    {
        var fb = WithTitles(new string('x', Framebuffer.MaxTitleBytes), "");
        new TitleOverlay(true).Apply(fb);
        Assert.Equal("[mosh] " + new string('x', Framebuffer.MaxTitleBytes - 7), S(fb.WindowTitle));
    }
}
