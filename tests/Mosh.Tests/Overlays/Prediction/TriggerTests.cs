using Mosh.Overlays.Prediction;
using static Mosh.Tests.Overlays.Screens;

namespace Mosh.Tests.Overlays.Prediction;

/// <summary>Adaptive display: SRTT trigger, flagging, glitch trigger, all with their hysteresis (§7.2).</summary>
public class TriggerTests
{
    private static PredictionSession Adaptive(int interval) =>
        new(new PredictionEngine(PredictionDisplayMode.Adaptive), Make(40, 4, 0, 2, "$ "), interval);

    [Fact]
    public void AdaptiveShowsOnlyAboveTheSrttTrigger()
    {
        var fast = Adaptive(30);
        fast.TypeAndConfirm("a", 0);
        fast.Type("b", 100);
        Assert.False(fast.Engine.IsShowing);
        Assert.Equal("$ a", Text(fast.Display(110), 0));

        var slow = Adaptive(31);
        slow.TypeAndConfirm("a", 0);
        slow.Type("b", 100);
        Assert.True(slow.Engine.IsShowing);
        Assert.Equal("$ ab", Text(slow.Display(110), 0));
    }

    [Fact]
    public void SrttTriggerTurnsOffOnlyAtTheLowThresholdAndWhenIdle()
    {
        var s = Adaptive(31);
        s.Display(0);
        Assert.True(s.Engine.SrttTrigger);

        s.Engine.SetSendInterval(21);
        s.Display(10);
        Assert.True(s.Engine.SrttTrigger); // between the thresholds: unchanged

        s.Type("b", 20); // outstanding guess
        s.Engine.SetSendInterval(20);
        s.Display(30);
        Assert.True(s.Engine.SrttTrigger); // never switch off while a guess is shown

        Echo(s.Server, "b");
        s.AckAll();
        s.Display(40); // judged, nothing outstanding
        s.Display(50);
        Assert.False(s.Engine.SrttTrigger);
    }

    [Fact]
    public void FlaggingHasHysteresis()
    {
        var s = Adaptive(81);
        s.Display(0);
        Assert.True(s.Engine.Flagging);
        s.Engine.SetSendInterval(51);
        s.Display(10);
        Assert.True(s.Engine.Flagging);
        s.Engine.SetSendInterval(50);
        s.Display(20);
        Assert.False(s.Engine.Flagging);
        s.Engine.SetSendInterval(80);
        s.Display(30);
        Assert.False(s.Engine.Flagging);
    }

    [Fact]
    public void GlitchTriggerShowsAfter250MsAndUnderlinesAfter5s()
    {
        var s = Adaptive(20);
        s.TypeAndConfirm("a", 0);
        s.Type("b", 1000);

        s.Display(1249);
        Assert.Equal(0, s.Engine.GlitchTrigger);
        Assert.False(s.Engine.IsShowing);
        Assert.Equal(50, s.Engine.WaitTimeMs()); // keep checking the clock

        var d = s.Display(1250);
        Assert.Equal(10, s.Engine.GlitchTrigger);
        Assert.Equal("$ ab", Text(d, 0));
        Assert.False(Underlined(d, 0, 3));

        s.Display(5999);
        Assert.Equal(10, s.Engine.GlitchTrigger);
        s.Display(6000);
        Assert.Equal(20, s.Engine.GlitchTrigger);
        d = s.Display(6010); // a trigger above the repair count forces underlining
        Assert.True(s.Engine.Flagging);
        Assert.True(Underlined(d, 0, 3));
        Assert.Equal(int.MaxValue, s.Engine.WaitTimeMs()); // both timing triggers fired
    }

    [Fact]
    public void QuickConfirmationsRepairTheGlitchAtMostOncePer150Ms()
    {
        var s = Adaptive(20);
        s.TypeAndConfirm("a", 0);
        s.Type("b", 1000);
        s.Display(1300);
        Assert.Equal(10, s.Engine.GlitchTrigger);
        Echo(s.Server, "b");
        s.AckAll();
        s.Display(1310); // slow confirmation: no repair
        Assert.Equal(10, s.Engine.GlitchTrigger);

        s.TypeAndConfirm("c", 2000); // judged 60 ms after typing
        Assert.Equal(9, s.Engine.GlitchTrigger);
        s.TypeAndConfirm("d", 2100); // only 100 ms after the last repair
        Assert.Equal(9, s.Engine.GlitchTrigger);
        s.TypeAndConfirm("e", 2200);
        Assert.Equal(8, s.Engine.GlitchTrigger);
    }

    [Fact]
    public void PasteOfMoreThan100BytesDiscardsAndDoesNotPredict()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Experimental), Make(200, 4, 0, 2, "$ "), 40);
        s.Type("b", 0);
        Assert.True(s.Engine.HasOutstanding());
        s.Type(new string('x', 101), 10);
        Assert.False(s.Engine.HasOutstanding());
        Assert.Equal("$", Text(s.Display(20), 0));

        s.Type(new string('y', 100), 30);
        Assert.True(s.Engine.HasOutstanding());
        Assert.Equal("$ " + new string('y', 100), Text(s.Display(40), 0));
    }

    [Fact]
    public void FrameSizeChangeAndResetDiscardEverything()
    {
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Experimental), Make(20, 4, 0, 2, "$ "), 40);
        s.Type("b", 0);
        var bigger = new Mosh.Terminal.Screen.Framebuffer(30, 4);
        s.Engine.Cull(bigger, 10);
        Assert.False(s.Engine.HasOutstanding());

        s.Engine.Cull(s.Server, 20);
        s.Type("c", 30);
        Assert.True(s.Engine.HasOutstanding());
        s.Engine.Reset();
        Assert.False(s.Engine.HasOutstanding());
        Assert.Equal("$", Text(s.Display(40), 0));
    }
}
