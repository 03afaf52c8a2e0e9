using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>The word-level cell tests the renderer's fast paths rely on agree with the cell's fields.</summary>
public class CellTests
{
    private static readonly Renditions Styled =
        new(Color.Rgb(1, 2, 3), Color.Palette(200), RenditionAttributes.Bold | RenditionAttributes.Overline, UnderlineStyle.Dotted, Color.Palette(9));

    [Theory]
    [InlineData(0x20, 0, true)]
    [InlineData('a', 0, true)]
    [InlineData(0x7E, 0, true)]
    [InlineData(0x7F, 0, true)]
    [InlineData(0, 0, false)]
    [InlineData(0x80, 0, false)]
    [InlineData(0xA0, 0, false)]
    [InlineData(0x4E2D, (int)CellFlags.Wide, false)]
    [InlineData('a', (int)CellFlags.Wide, false)]
    [InlineData('a', (int)CellFlags.HasMarks, false)]
    [InlineData('a', (int)CellFlags.Fallback, false)]
    public void NarrowAsciiMeansOnePrintableColumnAndNothingElse(int codePoint, int flags, bool expected)
    {
        var cell = new Cell(codePoint, Styled, (CellFlags)flags, hyperlink: 4095);
        Assert.Equal(expected, cell.IsNarrowAscii);
        Assert.Equal(expected, !cell.IsEmpty && !cell.IsWide && !cell.HasCombiningMarks && !cell.IsFallback && cell.CodePoint < 0x80);
    }

    [Fact]
    public void HasRenditionsComparesEveryRenditionAndNothingElse()
    {
        var cell = new Cell('x', Styled, CellFlags.Wide, hyperlink: 17);
        Assert.True(cell.HasRenditions(Styled));
        Assert.True(cell.WithCodePoint('y', CellFlags.HasMarks).WithHyperlink(3).HasRenditions(Styled));
        Assert.False(cell.HasRenditions(Styled.WithForeground(Color.Rgb(1, 2, 4))));
        Assert.False(cell.HasRenditions(Styled.WithBackground(default)));
        Assert.False(cell.HasRenditions(Styled.WithUnderlineColor(default)));
        Assert.False(cell.HasRenditions(Styled.WithUnderline(UnderlineStyle.Curly)));
        Assert.False(cell.HasRenditions(Styled.With(RenditionAttributes.Inverse, true)));
        Assert.False(Cell.Blank(Color.Palette(200)).HasRenditions(default));
        Assert.True(Cell.Blank(default).HasRenditions(default));
    }
}
