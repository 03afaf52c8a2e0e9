namespace Mosh.Tests.Terminal.Emulation.Csi;

/// <summary>IL and DL (§8.5: within the scroll region only; cursor to column 0).</summary>
public class IlDlTests
{
    private static TerminalHarness Numbered()
    {
        var t = new TerminalHarness(10, 6);
        for (int i = 0; i < 6; i++)
        {
            t.Feed((i == 0 ? "" : "\r\n") + "line" + i);
        }
        return t;
    }

    [Fact]
    public void InsertLinesWithinRegion()
    {
        var t = Numbered().Feed("\e[2;5r\e[3;4H\e[2L");
        Assert.Equal(new[] { "line0", "line1", "", "", "line2", "line5" }, Lines(t));
        Assert.Equal((2, 0), t.Cursor);
    }

    [Fact]
    public void DeleteLinesWithinRegion()
    {
        var t = Numbered().Feed("\e[2;5r\e[3;4H\e[M");
        Assert.Equal(new[] { "line0", "line1", "line3", "line4", "", "line5" }, Lines(t));
        Assert.Equal((2, 0), t.Cursor);
    }

    [Fact]
    public void OutsideTheRegionNothingHappensButTheCursorStillGoesToColumnZero()
    {
        var t = Numbered().Feed("\e[2;4r\e[6;4H\e[L");
        Assert.Equal(new[] { "line0", "line1", "line2", "line3", "line4", "line5" }, Lines(t));
        Assert.Equal((5, 0), t.Cursor);
        t.Feed("\e[6;4H\e[M");
        Assert.Equal("line5", t.Line(5));
    }

    [Fact]
    public void CountsClampToTheRegion()
    {
        var t = Numbered().Feed("\e[2;1H\e[100M");
        Assert.Equal(new[] { "line0", "", "", "", "", "" }, Lines(t));
    }

    private static string[] Lines(TerminalHarness t)
    {
        var lines = new string[t.Fb.Height];
        for (int y = 0; y < lines.Length; y++)
        {
            lines[y] = t.Line(y);
        }
        return lines;
    }
}
