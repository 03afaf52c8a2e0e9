using System.Text;
using Mosh.Terminal.Parser;

namespace Mosh.Tests.Terminal.Parser;

public class OscTests
{
    [Theory]
    [InlineData("\e]0;title\a", "osc 0;title")]
    [InlineData("\e]2;title\u009c", "osc 2;title")]
    [InlineData("\e]52;c;aGVsbG8=\a", "osc 52;c;aGVsbG8=")]
    [InlineData("\e]2;caf\u00e9 \u4e2d\U0001F600\a", "osc 2;caf\u00e9 \u4e2d\U0001F600")]
    [InlineData("\e]2;a\x7f" + "b\a", "osc 2;a\x7f" + "b")]   // DEL is kept inside an OSC
    [InlineData("\e];x\a", "osc ;x")]
    public void CollectsAndDispatches(string input, string expected)
    {
        Assert.Equal([expected], RecordingPerformer.Parse(input));
    }

    [Fact]
    public void EscBackslashDispatchesThenBackslashIsAnUnknownC1()
    {
        Assert.Equal(["osc 2;t", "exec 9C"], RecordingPerformer.Parse("\e]2;t\e\\"));
    }

    [Theory]
    [InlineData("\x18", "exec 18")]
    [InlineData("\x1a", "exec 1A")]
    [InlineData("\u0085", "exec 85")]
    public void LeavingByAnyPathDispatchesFirst(string leave, string then)
    {
        Assert.Equal(["osc 2;t", then, "print x"], RecordingPerformer.Parse("\e]2;t" + leave + "x"));
    }

    [Fact]
    public void LeavingIntoAnotherSequenceDispatches()
    {
        Assert.Equal(["osc 2;t", "csi 1 m"], RecordingPerformer.Parse("\e]2;t\u009b1m"));
        Assert.Equal(["osc 1;a", "osc 2;b"], RecordingPerformer.Parse("\e]1;a\u009d2;b\a"));
    }

    [Fact]
    public void OtherC0ControlsAreIgnoredInside()
    {
        Assert.Equal(["osc 2;ab"], RecordingPerformer.Parse("\e]2;a\r\n\t\0b\a"));
    }

    [Fact]
    public void InvalidUtf8BecomesReplacementCharacterInside()
    {
        var events = RecordingPerformer.Parse(new byte[] { 0x1B, (byte)']', (byte)'2', (byte)';', 0xFF, 0xE2, 0x82, 0x07 });
        Assert.Equal(["osc 2;\uFFFD\uFFFD"], events);
    }

    [Fact]
    public void KeepsAtMost16384CodePoints()
    {
        var sb = new StringBuilder("\e]2;");
        for (int i = 0; i < 20000; i++)
            sb.Append(i % 3 == 0 ? "\u4e2d" : "a");
        sb.Append('\a');
        var events = RecordingPerformer.Parse(sb.ToString());
        Assert.Single(events);
        string payload = events[0]["osc ".Length..];
        Assert.Equal(VtParser.MaxOscCodePoints, payload.Length);   // all BMP: one char per code point
        Assert.Equal(sb.ToString(4, VtParser.MaxOscCodePoints - 2).Insert(0, "2;"), payload);
    }

    [Fact]
    public void FullBufferOfFourByteCodePointsFits()
    {
        var sb = new StringBuilder("\e]");
        for (int i = 0; i < 17000; i++)
            sb.Append("\U0001F600");
        sb.Append('\a');
        var events = RecordingPerformer.Parse(sb.ToString());
        string payload = events[0]["osc ".Length..];
        Assert.Equal(VtParser.MaxOscCodePoints, payload.EnumerateRunes().Count());
    }

    [Fact]
    public void UnterminatedOscDispatchesNothingYet()
    {
        Assert.Empty(RecordingPerformer.Parse("\e]2;no end"));
    }
}
