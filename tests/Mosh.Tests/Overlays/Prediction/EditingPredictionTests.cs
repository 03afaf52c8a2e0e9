using Mosh.Overlays.Prediction;
using static Mosh.Tests.Overlays.Screens;

namespace Mosh.Tests.Overlays.Prediction;

/// <summary>Backspace, arrows, overwrite mode, CR at the bottom, the last column and unknown cells.</summary>
public class EditingPredictionTests
{
    private static PredictionSession Confirmed(bool overwrite, PredictionDisplayMode mode = PredictionDisplayMode.Always, int interval = 40)
    {
        // "$ xyz" with the cursor on 'x'; the server echoes the first keystroke the way the
        // line editor really would (insert or overwrite), which confirms the epoch.
        var s = new PredictionSession(new PredictionEngine(mode, overwrite), Make(20, 4, 0, 2, "$ xyz"), interval);
        s.Type("a", 0);
        Write(s.Server, 0, 2, overwrite ? "a" : "axyz");
        s.Server.CursorColumn = 3;
        s.AckAll();
        s.Display(60);
        return s;
    }

    [Fact]
    public void InsertShiftsTheRestOfTheRowRight()
    {
        var s = Confirmed(overwrite: false);
        s.Type("b", 100);
        var d = s.Display(110);
        Assert.Equal("$ abxyz", Text(d, 0));
        Assert.Equal(4, d.CursorColumn);
    }

    [Fact]
    public void OverwriteReplacesTheCellUnderTheCursor()
    {
        var s = Confirmed(overwrite: true);
        Assert.Equal("$ ayz", Text(s.Server, 0));
        s.Type("b", 100);
        var d = s.Display(110);
        Assert.Equal("$ abz", Text(d, 0));
        Assert.Equal(4, d.CursorColumn);
    }

    [Fact]
    public void BackspaceShiftsLeftInInsertMode()
    {
        var s = Confirmed(overwrite: false);
        s.Type("b", 100);
        s.Type("\x7f", 120);
        var d = s.Display(130);
        Assert.Equal("$ axyz", Text(d, 0));
        Assert.Equal(3, d.CursorColumn);
        s.Type("\x7f", 140);
        d = s.Display(150);
        Assert.Equal("$ xyz", Text(d, 0));
        Assert.Equal(2, d.CursorColumn);
    }

    [Fact]
    public void BackspacePredictsASpaceInOverwriteMode()
    {
        var s = Confirmed(overwrite: true);
        s.Type("b", 100);
        s.Type("\x7f", 120);
        var d = s.Display(130);
        Assert.Equal("$ a z", Text(d, 0));
        Assert.Equal(3, d.CursorColumn);
    }

    [Fact]
    public void BackspaceAtColumnZeroDoesNothing()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Experimental), Make(10, 3, 1, 0, "", "abc"), 40);
        s.Type("\x7f", 0);
        var d = s.Display(10);
        Assert.Equal("abc", Text(d, 1));
        Assert.Equal(0, d.CursorColumn);
    }

    [Theory]
    [InlineData("\x1b[D", 2)]
    [InlineData("\x1bOD", 2)]
    [InlineData("\x1b[D\x1bOD", 1)]
    [InlineData("\x1b[C", 4)]
    [InlineData("\x1bOC", 4)]
    [InlineData("\x1b[D\x1b[D\x1b[D\x1b[D", 0)]
    public void ArrowsMoveThePredictedCursorWithinTheRow(string keys, int column)
    {
        var s = Confirmed(overwrite: false);
        s.Type(keys, 100);
        var d = s.Display(110);
        Assert.Equal(column, d.CursorColumn);
        Assert.Equal("$ axyz", Text(d, 0));
    }

    [Fact]
    public void OtherEscapeSequencesStartATentativeEpoch()
    {
        var s = Confirmed(overwrite: false);
        s.Type("\x1b[A", 100); // up arrow: history, unpredictable
        s.Type("b", 110);
        Assert.Equal("$ axyz", Text(s.Display(120), 0));
    }

    [Fact]
    public void CarriageReturnOnTheBottomRowPredictsABlankRow()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Experimental), Make(10, 2, 1, 3, "top", "$ a"), 40);
        s.Type("\r", 0);
        var d = s.Display(10);
        Assert.Equal("top", Text(d, 0));
        Assert.Equal("", Text(d, 1));
        Assert.Equal(1, d.CursorRow);
        Assert.Equal(0, d.CursorColumn);
    }

    [Fact]
    public void TypingInTheLastColumnWrapsTheCursor()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Experimental), Make(5, 3, 0, 4, "$"), 40);
        s.Type("a", 0);
        var d = s.Display(10);
        Assert.Equal("$   a", Text(d, 0));
        Assert.Equal(1, d.CursorRow);
        Assert.Equal(0, d.CursorColumn);
    }

    [Fact]
    public void WideAndControlCharactersAreNotDrawn()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Experimental), Make(10, 3, 0, 2, "$"), 40);
        s.Type("日", 0);
        s.Type("\x07", 10);
        var d = s.Display(20);
        Assert.Equal("$", Text(d, 0));
        s.Type("é", 30); // two UTF-8 bytes, one narrow character
        Assert.Equal("$ é", Text(s.Display(40), 0));
    }

    [Fact]
    public void UnknownCellsAreOnlyUnderlinedAndNeverInTheLastColumn()
    {
        // A full row: backspace shifts left and the last two cells become unknown.
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Experimental), Make(8, 2, 0, 4, "abcdefgh"), sendInterval: 100);
        s.Type("\x7f", 0);
        var d = s.Display(10);
        Assert.Equal("abcefggh", Text(d, 0)); // cells 6 and 7 keep the server's contents
        Assert.True(Underlined(d, 0, 3));
        Assert.True(Underlined(d, 0, 6));
        Assert.False(Underlined(d, 0, 7));
    }

    [Fact]
    public void ConfirmationCopiesTheRealRenditionsToTheRestOfTheRow()
    {
        var bold = new Mosh.Terminal.Screen.Renditions(default, default, Mosh.Terminal.Screen.RenditionAttributes.Bold);
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.Type("a", 0);
        s.Type("b", 10);
        Write(s.Server, 0, 2, "a", bold); // the server shows the first keystroke bold
        s.Server.CursorColumn = 3;
        s.Engine.SetLocalFrameLateAcked(1);
        var d = s.Display(60);
        Assert.Equal("$ ab", Text(d, 0));
        Assert.True(d.GetRow(0)[3].Renditions.Has(Mosh.Terminal.Screen.RenditionAttributes.Bold));
    }
}
