using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>The raw-word cell writers produce exactly the cells the constructor would.</summary>
public class CellFillTests
{
    public static TheoryData<uint, uint, byte> Renditions => new()
    {
        { 0u, 0u, 0 },
        { Color.Palette(1).Value, Color.Palette(200).Value, (byte)RenditionAttributes.Bold },
        { Color.Rgb(1, 2, 3).Value, Color.Rgb(250, 251, 252).Value, 0x3F },
    };

    [Theory]
    [MemberData(nameof(Renditions))]
    public void AsciiCellsMatchConstructedCells(uint foreground, uint background, byte attributes)
    {
        var renditions = new Renditions(Color.FromPacked(foreground), Color.FromPacked(background), (RenditionAttributes)attributes);
        byte[] text = "~ Az09!"u8.ToArray();
        var cells = new Cell[text.Length + 2];
        CellFill.Ascii(cells.AsSpan(1, text.Length), text, new Cell(0, renditions, 0));
        Assert.Equal(default, cells[0]);
        Assert.Equal(default, cells[^1]);
        for (int i = 0; i < text.Length; i++)
        {
            Assert.Equal(new Cell(text[i], renditions, 0), cells[i + 1]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(95)]
    public void AsciiRunsOfEveryLengthMatchConstructedCells(int length)
    {
        // Long runs are written four cells at a time where the processor allows, the rest one by one.
        var renditions = new Renditions(Color.Rgb(9, 8, 7), Color.Palette(6), RenditionAttributes.Italic, UnderlineStyle.Curly, Color.Palette(2));
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++)
            text[i] = (byte)(0x20 + i % 95);
        var cells = new Cell[length + 2];
        CellFill.Ascii(cells.AsSpan(1, length), text, new Cell(0, renditions, 0, hyperlink: 4095));
        Assert.Equal(default, cells[0]);
        Assert.Equal(default, cells[^1]);
        for (int i = 0; i < length; i++)
            Assert.Equal(new Cell(text[i], renditions, 0, 4095), cells[i + 1]);
    }

    [Fact]
    public void AsciiCellsKeepTheTemplatesHyperlink()
    {
        var renditions = new Renditions(Color.Palette(2), Color.Palette(5), RenditionAttributes.Underline);
        var cells = new Cell[3];
        CellFill.Ascii(cells, "abc"u8, new Cell(0, renditions, 0, hyperlink: 7));
        Assert.Equal(new Cell('b', renditions, 0, 7), cells[1]);
        Assert.Equal(7, cells[2].Hyperlink);
    }

    [Theory]
    [InlineData(0u, 5)]
    [InlineData(0x0100_0004u, 5)]
    [InlineData(0x02FA_FBFCu, 5)]
    [InlineData(0x0100_0004u, 0)]
    [InlineData(0x0100_0004u, 1)]
    [InlineData(0x0100_0004u, 2)]
    [InlineData(0x02FA_FBFCu, 16)]
    [InlineData(0x02FA_FBFCu, 33)]
    public void BlankCellsMatchCellBlank(uint background, int count)
    {
        var cells = new Cell[count + 2];
        cells.AsSpan().Fill(new Cell('x', new Renditions(Color.Palette(3), Color.Palette(4), RenditionAttributes.Inverse), CellFlags.Wide));
        CellFill.Blank(cells.AsSpan(1, count), Color.FromPacked(background));
        Assert.Equal('x', cells[0].CodePoint);
        Assert.Equal('x', cells[^1].CodePoint);
        for (int i = 1; i <= count; i++)
        {
            Assert.Equal(Cell.Blank(Color.FromPacked(background)), cells[i]);
        }
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x0100_0004u)]
    [InlineData(0x02FA_FBFCu)]
    public void CellBlankIsAnEmptyCellWithOnlyThatBackground(uint background)
    {
        Cell blank = Cell.Blank(Color.FromPacked(background));
        Assert.Equal(new Cell(0, new Renditions(default, Color.FromPacked(background), 0), 0), blank);
        Assert.True(blank.IsEmpty);
        Assert.Equal(background, blank.Renditions.Background.Value);
        Assert.True(blank.Renditions.Foreground.IsDefault);
        Assert.Equal(0, blank.Hyperlink);
    }
}
