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
    [InlineData(0u)]
    [InlineData(0x0100_0004u)]
    [InlineData(0x02FA_FBFCu)]
    public void BlankCellsMatchCellBlank(uint background)
    {
        var cells = new Cell[7];
        cells.AsSpan().Fill(new Cell('x', new Renditions(Color.Palette(3), Color.Palette(4), RenditionAttributes.Inverse), CellFlags.Wide));
        CellFill.Blank(cells.AsSpan(1, 5), Color.FromPacked(background));
        Assert.Equal('x', cells[0].CodePoint);
        Assert.Equal('x', cells[6].CodePoint);
        for (int i = 1; i <= 5; i++)
        {
            Assert.Equal(Cell.Blank(Color.FromPacked(background)), cells[i]);
        }
    }
}
