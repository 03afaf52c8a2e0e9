using Mosh.Overlays.Prediction;
using static Mosh.Tests.Overlays.Screens;

namespace Mosh.Tests.Overlays.Prediction;

public class EpochConfirmationTests
{
    [Fact]
    public void FirstKeystrokeIsHiddenUntilTheServerConfirmsItsEpoch()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.Type("a", 0);
        var d = s.Display(10);
        Assert.Equal("$", Text(d, 0));
        Assert.Equal(2, d.CursorColumn);

        Echo(s.Server, "a");
        s.AckAll();
        s.Display(60);

        s.Type("b", 70);
        d = s.Display(80);
        Assert.Equal("$ ab", Text(d, 0));
        Assert.Equal(4, d.CursorColumn);
        Assert.Equal("$ a", Text(s.Server, 0));
        Assert.Equal(3, s.Server.CursorColumn);
    }

    [Fact]
    public void EchoNotYetAckedDoesNotConfirm()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.Type("a", 0);
        Echo(s.Server, "a");
        s.Display(10); // echo visible but echo_ack not yet there: still pending
        s.Type("b", 20);
        Assert.Equal("$ a", Text(s.Display(30), 0));
    }

    [Fact]
    public void KeystrokeAfterControlCharacterStartsAHiddenEpoch()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.TypeAndConfirm("a", 0);
        s.Type("\x01" + "b", 100);
        Assert.Equal("$ a", Text(s.Display(110), 0));
    }

    [Fact]
    public void KeystrokeAfterCarriageReturnIsHiddenOnTheNextRow()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.TypeAndConfirm("a", 0);
        s.Type("\rx", 100);
        var d = s.Display(110);
        Assert.Equal("", Text(d, 1));
        Assert.Equal(0, d.CursorRow);
    }

    [Fact]
    public void UnderlinedOnlyWhileFlagging()
    {
        foreach ((int interval, bool flagged) in new[] { (100, true), (40, false) })
        {
            var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), interval);
            s.TypeAndConfirm("a", 0);
            s.Type("b", 100);
            var d = s.Display(110);
            Assert.Equal("$ ab", Text(d, 0));
            Assert.Equal(flagged, Underlined(d, 0, 3));
            Assert.False(Underlined(d, 0, 2)); // the server's own cell
        }
    }

    [Fact]
    public void WrongGuessInAConfirmedEpochDiscardsEverything()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.TypeAndConfirm("a", 0);
        s.Type("b", 100);
        Write(s.Server, 0, 3, "X");
        s.Server.CursorColumn = 4;
        s.AckAll();
        var d = s.Display(200);
        Assert.Equal("$ aX", Text(d, 0));
        Assert.False(s.Engine.HasOutstanding());

        // Everything was reset into a new epoch: the next keystroke waits for its own proof.
        s.Type("c", 300);
        Assert.Equal("$ aX", Text(s.Display(310), 0));
    }

    [Fact]
    public void WrongGuessInATentativeEpochKillsOnlyThatEpoch()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.TypeAndConfirm("a", 0);
        s.Type("b\x01" + "c", 100);
        Write(s.Server, 0, 3, "bZ");
        s.Server.CursorColumn = 5;
        s.AckAll();
        var d = s.Display(200);
        Assert.Equal("$ abZ", Text(d, 0));
        Assert.Equal(5, d.CursorColumn);
        Assert.False(s.Engine.HasOutstanding());
        // The killed epoch's successor is tentative: the next keystroke waits for the server.
        s.Type("d", 300);
        Assert.Equal("$ abZ", Text(s.Display(310), 0));
    }

    [Fact]
    public void ExperimentalShowsAtOnceAndClearsOnlyTheWrongCell()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Experimental), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.Type("a", 0);
        Assert.Equal("$ a", Text(s.Display(10), 0));
        s.Type("b", 20);
        Assert.Equal("$ ab", Text(s.Display(30), 0));

        // Only the first keystroke is acknowledged, and the server shows something else for it.
        Write(s.Server, 0, 2, "X");
        s.Server.CursorColumn = 3;
        s.Engine.SetLocalFrameLateAcked(1);
        var d = s.Display(100);
        Assert.Equal("$ Xb", Text(d, 0));
        Assert.Equal(4, d.CursorColumn);
    }

    [Fact]
    public void AlwaysModeWouldDropTheSameEpochOnTheSameMistake()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), Make(20, 4, 0, 2, "$ "), sendInterval: 40);
        s.Type("a", 0);
        s.Type("b", 20);
        Write(s.Server, 0, 2, "X");
        s.Server.CursorColumn = 3;
        s.Engine.SetLocalFrameLateAcked(1);
        s.Display(100);
        Screens.Echo(s.Server, "b");
        s.AckAll();
        s.Type("c", 200); // epoch was killed: this one is tentative again
        Assert.Equal("$ Xb", Text(s.Display(210), 0));
    }

    [Fact]
    public void NeverModePredictsNothing()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Never), Make(20, 4, 0, 2, "$ "), sendInterval: 250);
        s.TypeAndConfirm("a", 0);
        s.Type("b", 100);
        Assert.False(s.Engine.HasOutstanding());
        Assert.Equal("$ a", Text(s.Display(110), 0));
        Assert.Equal(int.MaxValue, s.Engine.WaitTimeMs());
    }
}
