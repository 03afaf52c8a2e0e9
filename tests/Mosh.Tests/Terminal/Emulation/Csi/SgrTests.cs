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
    public void FaintStrikethroughOverlineAndDoubleUnderlineAreKept()
    {
        // Not in 1.4.0 (which ignores them): as xterm and tmux.
        Renditions r = After("\e[2;9;21;53m");
        Assert.Equal(RenditionAttributes.Faint | RenditionAttributes.Strikethrough | RenditionAttributes.Overline | RenditionAttributes.Underline, r.Attributes);
        Assert.Equal(UnderlineStyle.Double, r.UnderlineStyle);
        Assert.True(After("\e[2;9;21;53m\e[22;29;24;55m").IsDefault);
        // 22 ends both bold and faint.
        Assert.True(After("\e[1;2m\e[22m").IsDefault);
    }

    [Theory]
    [InlineData("\e[4:0m", UnderlineStyle.None)]
    [InlineData("\e[4:1m", UnderlineStyle.Single)]
    [InlineData("\e[4:2m", UnderlineStyle.Double)]
    [InlineData("\e[4:3m", UnderlineStyle.Curly)]
    [InlineData("\e[4:4m", UnderlineStyle.Dotted)]
    [InlineData("\e[4:5m", UnderlineStyle.Dashed)]
    [InlineData("\e[4:3m\e[4m", UnderlineStyle.Single)]
    [InlineData("\e[4:3m\e[24m", UnderlineStyle.None)]
    [InlineData("\e[4:3m\e[4:6m", UnderlineStyle.Curly)] // unknown style: ignored
    public void UnderlineStyles(string sequence, UnderlineStyle expected)
    {
        Renditions r = After(sequence);
        Assert.Equal(expected, r.UnderlineStyle);
        Assert.Equal(expected != UnderlineStyle.None, r.Has(RenditionAttributes.Underline));
    }

    [Theory]
    [InlineData("\e[38:2::1:2:3m", 38)]
    [InlineData("\e[38:2:1:2:3m", 38)]     // without the colour-space field, as tmux and xterm accept
    [InlineData("\e[48:2:0:1:2:3m", 48)]
    [InlineData("\e[58:2::1:2:3m", 58)]
    [InlineData("\e[58;2;1;2;3m", 58)]
    public void TrueColourInEveryForm(string sequence, int which)
    {
        Renditions r = After(sequence);
        Color c = which == 38 ? r.Foreground : which == 48 ? r.Background : r.UnderlineColor;
        Assert.Equal(Color.Rgb(1, 2, 3), c);
    }

    [Fact]
    public void PaletteColoursInColonForm()
    {
        Renditions r = After("\e[38:5:200;48:5:0;58:5:9m");
        Assert.Equal(Color.Palette(200), r.Foreground);
        Assert.Equal(Color.Palette(0), r.Background);
        Assert.Equal(Color.Palette(9), r.UnderlineColor);
        Assert.True(After("\e[58:5:9m\e[59m").UnderlineColor.IsDefault);
        Assert.True(After("\e[38:5:300m").IsDefault); // out of range: ignored
    }

    [Fact]
    public void ColonGroupsDoNotEatTheParametersAfterThem()
    {
        // "38:5" alone is one (incomplete, ignored) group; 1 and 31 still apply.
        Renditions r = After("\e[38:5;1;31m");
        Assert.Equal(RenditionAttributes.Bold, r.Attributes);
        Assert.Equal(Color.Palette(1), r.Foreground);
    }

    [Fact]
    public void ExtendedRenditionsReachTheCells()
    {
        var t = new TerminalHarness().Feed("\e[2;4:3;58:5:1mA");
        Renditions r = t.CellAt(0, 0).Renditions;
        Assert.True(r.Has(RenditionAttributes.Faint));
        Assert.Equal(UnderlineStyle.Curly, r.UnderlineStyle);
        Assert.Equal(Color.Palette(1), r.UnderlineColor);
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
