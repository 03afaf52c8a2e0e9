namespace Mosh.Tests.Terminal.Parser;

public class C1ControlTests
{
    public static TheoryData<int> ExecutedC1 => [.. Enumerable.Range(0x80, 0x10), .. Enumerable.Range(0x91, 7), 0x99, 0x9A];

    [Theory]
    [MemberData(nameof(ExecutedC1))]
    public void ExecutesFromEveryState(int c1)
    {
        string control = char.ConvertFromUtf32(c1);
        string[] prefixes = ["", "\e", "\e(", "\e[", "\e[1", "\e[ ", "\e[:", "\eP", "\eP1", "\eP$", "\ePq", "\eP:", "\e]", "\eX"];
        foreach (string prefix in prefixes)
        {
            var events = RecordingPerformer.Parse(prefix + control + "x");
            string[] expected = prefix == "\e]" ? ["osc ", $"exec {c1:X2}", "print x"] : [$"exec {c1:X2}", "print x"];
            Assert.True(expected.SequenceEqual(events), $"prefix {prefix.Replace("\e", "ESC")}: {string.Join(" | ", events)}");
        }
    }

    [Fact]
    public void StringTerminatorGoesToGroundSilently()
    {
        Assert.Equal(["print x"], RecordingPerformer.Parse("\u009cx"));
        Assert.Equal(["print x"], RecordingPerformer.Parse("\e[1\u009cx"));
    }

    [Fact]
    public void EightBitIntroducers()
    {
        Assert.Equal(["csi ?25 l"], RecordingPerformer.Parse("\u009b?25l"));
        Assert.Equal(["osc 2;t"], RecordingPerformer.Parse("\u009d2;t\u009c"));
        Assert.Equal(["print x"], RecordingPerformer.Parse("\u0090qdata\u009cx"));
        Assert.Equal(["print x"], RecordingPerformer.Parse("\u0098sos\u009cx"));
        Assert.Equal(["print x"], RecordingPerformer.Parse("\u009epm\u009cx"));
        Assert.Equal(["print x"], RecordingPerformer.Parse("\u009fapc\u009cx"));
    }

    [Fact]
    public void RawC1BytesAreInvalidUtf8AndPrintAsReplacement()
    {
        Assert.Equal(["print \uFFFD4m"], RecordingPerformer.Parse(new byte[] { 0x9B, (byte)'4', (byte)'m' }));
    }

    [Fact]
    public void C0ControlsExecuteInGround()
    {
        var events = RecordingPerformer.Parse("a\a\b\t\n\v\f\r\x0e\x0f\0b");
        Assert.Equal(["print a", "exec 07", "exec 08", "exec 09", "exec 0A", "exec 0B", "exec 0C", "exec 0D", "exec 0E", "exec 0F", "exec 00", "print b"], events);
    }

    [Fact]
    public void DelIsDroppedInGround()
    {
        Assert.Equal(["print ab"], RecordingPerformer.Parse("a\x7f" + "b"));
    }
}
