using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation.Csi;

/// <summary>SGR (§8.7).</summary>
public class SgrTests
{
    private static Renditions After(string seq) => new TerminalHarness().Feed(seq).Fb.CurrentRenditions;

    [Fact]
    public void AttributesOnAndOff()
    {
        Renditions r = After("\e[1;3;4;5;7;8m");
        Assert.Equal(RenditionAttributes.Bold | RenditionAttributes.Italic | RenditionAttributes.Underline
            | RenditionAttributes.Blink | RenditionAttributes.Inverse | RenditionAttributes.Invisible, r.Attributes);
        r = After("\e[1;3;4;5;7;8m\e[22;23;24;25;27;28m");
        Assert.Equal(RenditionAttributes.None, r.Attributes);
    }

    [Fact]
    public void PaletteColours()
    {
        Renditions r = After("\e[31;42m");
        Assert.Equal(Color.Palette(1), r.Foreground);
        Assert.Equal(Color.Palette(2), r.Background);
        r = After("\e[97;100m"); // bright colours are stored as indices 8–15
        Assert.Equal(Color.Palette(15), r.Foreground);
        Assert.Equal(Color.Palette(8), r.Background);
        r = After("\e[31;42m\e[39m");
        Assert.True(r.Foreground.IsDefault);
        Assert.Equal(Color.Palette(2), r.Background);
        r = After("\e[31;42m\e[49m");
        Assert.True(r.Background.IsDefault);
    }

    [Fact]
    public void ExtendedColours()
    {
        Renditions r = After("\e[38;5;0;48;5;200m");
        Assert.Equal(Color.Palette(0), r.Foreground); // index 0 is a colour, not "default"
        Assert.Equal(Color.Palette(200), r.Background);
        r = After("\e[38;2;1;2;3;48;2;0;0;255m");
        Assert.Equal(Color.Rgb(1, 2, 3), r.Foreground);
        Assert.Equal(Color.Rgb(0, 0, 255), r.Background);
        Assert.True(r.Foreground.IsRgb);
    }

    [Fact]
    public void ExtendedColourNeedsEnoughParameters()
    {
        // "38;5" with nothing after: 38 and 5 are plain renditions, 5 = blink.
        Renditions r = After("\e[38;5m");
        Assert.True(r.Foreground.IsDefault);
        Assert.Equal(RenditionAttributes.Blink, r.Attributes);
        r = After("\e[38;5;256m"); // out of range: consumed, ignored
        Assert.True(r.Foreground.IsDefault);
        Assert.Equal(RenditionAttributes.None, r.Attributes);
    }

    [Fact]
    public void EmptyAndZeroReset()
    {
        Assert.True(After("\e[1;31m\e[m").IsDefault);
        Assert.True(After("\e[1;31m\e[0m").IsDefault);
        // A trailing empty parameter is a 0: bold, then reset.
        Assert.True(After("\e[1;m").IsDefault);
    }

    [Fact]
    public void FaintAndStrikeAreIgnored()
    {
        Assert.True(After("\e[2;9;21;53m").IsDefault);
    }

    [Fact]
    public void PrintedCellsTakeTheCurrentRenditions()
    {
        var t = new TerminalHarness().Feed("\e[1;34mA\e[0mB");
        Assert.Equal(new Renditions(Color.Palette(4), default, RenditionAttributes.Bold), t.CellAt(0, 0).Renditions);
        Assert.True(t.CellAt(0, 1).Renditions.IsDefault);
    }

    [Fact]
    public void SgrKeepsThePendingWrap_Section5_6()
    {
        var t = new TerminalHarness(5, 3).Feed("abcde\e[31mf");
        Assert.Equal("abcde", t.Line(0));
        Assert.Equal("f", t.Line(1));
        Assert.True(t.Fb.GetRow(0).SoftWrapped);
    }
}
