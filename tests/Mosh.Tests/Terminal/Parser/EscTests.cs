namespace Mosh.Tests.Terminal.Parser;

public class EscTests
{
    [Theory]
    [InlineData("\e7", "esc 7")]
    [InlineData("\e8", "esc 8")]
    [InlineData("\ec", "esc c")]
    [InlineData("\e=", "esc =")]
    [InlineData("\e>", "esc >")]
    [InlineData("\e#8", "esc #8")]
    [InlineData("\e(0", "esc (0")]
    [InlineData("\e(B", "esc (B")]     // with an intermediate, 0x42 is an ordinary final
    [InlineData("\e D", "esc  D")]
    public void Dispatches(string input, string expected)
    {
        Assert.Equal([expected], RecordingPerformer.Parse(input));
    }

    [Theory]
    [InlineData("\eD", "exec 84")]   // IND
    [InlineData("\eE", "exec 85")]   // NEL
    [InlineData("\eH", "exec 88")]   // HTS
    [InlineData("\eM", "exec 8D")]   // RI
    [InlineData("\e@", "exec 80")]
    [InlineData("\eZ", "exec 9A")]
    [InlineData("\e\\", "exec 9C")]  // ST, as a control: ESC \ after a string is an ordinary (unknown) C1
    public void FinalsFrom40To5FWithoutIntermediatesAreC1Controls(string input, string expected)
    {
        Assert.Equal([expected], RecordingPerformer.Parse(input));
    }

    [Fact]
    public void IntroducersAreNotDispatched()
    {
        // ESC [ / ] / P / X / ^ / _ open CSI, OSC, DCS, SOS, PM, APC instead of dispatching.
        Assert.Equal(["csi  m"], RecordingPerformer.Parse("\e[m"));
        Assert.Equal(["osc x"], RecordingPerformer.Parse("\e]x\a"));
        Assert.Empty(RecordingPerformer.Parse("\eP1$qm\e"));
    }

    [Fact]
    public void C0ExecutesInsideEscape()
    {
        Assert.Equal(["exec 0A", "esc (0"], RecordingPerformer.Parse("\e(\n0"));
    }

    [Fact]
    public void EscRestartsEscape()
    {
        Assert.Equal(["esc 7"], RecordingPerformer.Parse("\e(\e7"));
    }

    [Fact]
    public void DelIsIgnoredInEscape()
    {
        Assert.Equal(["esc 7"], RecordingPerformer.Parse("\e\x7f" + "7"));
    }

    [Fact]
    public void NonAsciiFinalIsUnknownEscape()
    {
        Assert.Equal(["esc <non-ascii>", "print x"], RecordingPerformer.Parse("\eéx"));
    }

    [Fact]
    public void IntermediatesBeyondEightAreDropped()
    {
        Assert.Equal(["esc ((((((((0"], RecordingPerformer.Parse("\e" + new string('(', 12) + "0"));
    }

    [Fact]
    public void CanAndSubCancelAndExecute()
    {
        Assert.Equal(["exec 18", "print 7"], RecordingPerformer.Parse("\e(\x18" + "7"));
        Assert.Equal(["exec 1A", "print m"], RecordingPerformer.Parse("\e[1\x1a" + "m"));
    }
}
