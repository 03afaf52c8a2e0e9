namespace Mosh.Tests.Terminal.Parser;

public class DcsStringTests
{
    [Theory]
    [InlineData("\eP1$qm\e\\")]                   // DECRQSS, ESC \ terminated
    [InlineData("\eP1;2|data\u009c")]
    [InlineData("\eP$q\"p\u009c")]
    [InlineData("\ePq#0;2;0;0;0#1!14~-\u009c")]   // sixel
    [InlineData("\eP:ignored\u009c")]
    [InlineData("\eP1:2q\u009c")]
    [InlineData("\eP 1q\u009c")]
    [InlineData("\u0090q\x07\r\n\u00e9\u4e2dstill inside\u009c")]  // BEL does not end a DCS
    public void IsDiscarded(string dcs)
    {
        var events = RecordingPerformer.Parse(dcs + "x");
        string[] expected = dcs.EndsWith("\e\\") ? ["exec 9C", "print x"] : ["print x"];
        Assert.Equal(expected, events);
    }

    [Theory]
    [InlineData("\eX", "\u009c")]
    [InlineData("\e^", "\u009c")]
    [InlineData("\e_", "\u009c")]
    [InlineData("\u0098", "\u009c")]
    public void SosPmApcStringsAreDiscarded(string open, string close)
    {
        // ESC leaves the string: "ESC 7" is a real sequence, and the ST after it is a no-op.
        Assert.Equal(["esc 7", "print x"], RecordingPerformer.Parse(open + "any\a\e" + "7" + close + "x"));
        Assert.Equal(["print x"], RecordingPerformer.Parse(open + "text \u00e9\u4e2d\x07\r" + close + "x"));
    }

    [Fact]
    public void CanAndSubLeaveAndExecute()
    {
        Assert.Equal(["exec 18", "print x"], RecordingPerformer.Parse("\ePqdata\x18x"));
        Assert.Equal(["exec 1A", "print x"], RecordingPerformer.Parse("\e_data\x1ax"));
    }

    [Fact]
    public void EscInsideStartsASequence()
    {
        Assert.Equal(["csi 1 m", "print x"], RecordingPerformer.Parse("\ePqdata\e[1mx"));
    }

    [Fact]
    public void InvalidUtf8BeforeStringTerminatorStillEnds()
    {
        // A truncated sequence right before C2 9C: the C2 starts afresh, so ST is recognised.
        var events = RecordingPerformer.Parse(new byte[] { 0x1B, (byte)'P', (byte)'q', 0xE2, 0x82, 0xC2, 0x9C, (byte)'x' });
        Assert.Equal(["print x"], events);
    }
}
