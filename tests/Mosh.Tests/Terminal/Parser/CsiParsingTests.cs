using Mosh.Terminal.Parser;

namespace Mosh.Tests.Terminal.Parser;

public class CsiParsingTests
{
    [Theory]
    [InlineData("\e[m", "csi  m")]
    [InlineData("\e[0m", "csi 0 m")]
    [InlineData("\e[1;31m", "csi 1;31 m")]
    [InlineData("\e[;5H", "csi _;5 H")]
    [InlineData("\e[5;H", "csi 5;_ H")]
    [InlineData("\e[;;m", "csi _;_;_ m")]
    [InlineData("\e[?25h", "csi ?25 h")]
    [InlineData("\e[>c", "csi > c")]
    [InlineData("\e[!p", "csi  !p")]
    [InlineData("\e[0007A", "csi 7 A")]
    [InlineData("\e[65535X", "csi 65535 X")]
    [InlineData("\e[65536X", "csi + X")]   // too large: every function but REP reads it as missing
    [InlineData("\e[99999999999999999999999;2X", "csi +;2 X")]
    [InlineData("\e[38:2::1:2:3m", "csi 38:2:_:1:2:3 m")]   // sub-parameters (not in 1.4.0): SGR only
    [InlineData("\e[4:3;1m", "csi 4:3;1 m")]
    [InlineData("\e[:m", "csi _:_ m")]
    [InlineData("\e[38;5;0m", "csi 38;5;0 m")]
    [InlineData("\e[1 q", "csi 1  q")]
    public void ParsesSequence(string input, string expected)
    {
        Assert.Equal([expected], RecordingPerformer.Parse(input));
    }

    [Theory]
    [InlineData("\e[1:2H")]       // a colon in anything but plain SGR (as 1.4.0 for all, and xterm)
    [InlineData("\e[:A")]
    [InlineData("\e[?1:2m")]
    [InlineData("\e[1:2 m")]
    [InlineData("\e[1?h")]        // marker not right after CSI
    [InlineData("\e[??h")]
    [InlineData("\e[1;>c")]
    [InlineData("\e[ 1m")]        // parameter after an intermediate
    [InlineData("\e[ ?m")]
    public void RejectedSequencesAreNeverDispatched(string input)
    {
        Assert.Equal(["print x"], RecordingPerformer.Parse(input + "x"));
    }

    [Fact]
    public void C0ControlsInsideCsiExecuteAndTheSequenceContinues()
    {
        Assert.Equal(["exec 0D", "exec 0A", "csi 1;2 H"], RecordingPerformer.Parse("\e[1\r;2\nH"));
    }

    [Fact]
    public void DelInsideCsiIsIgnored()
    {
        Assert.Equal(["csi 12 H"], RecordingPerformer.Parse("\e[1\x7f" + "2H"));
    }

    [Fact]
    public void OnlyTheFirstHundredParameterCharactersCount()
    {
        // 98 characters of "1;" … then "123": the cut keeps "12" of the last number.
        string head = string.Concat(Enumerable.Repeat("1;", 49));
        var events = RecordingPerformer.Parse("\e[" + head + "123;7m");
        string expected = "csi " + head + "12 m";
        Assert.Equal([expected], events);
    }

    [Fact]
    public void HundredSemicolonsGiveHundredAndOneMissingParameters()
    {
        var rec = new CapturingPerformer();
        var parser = new VtParser();
        parser.Advance(ref rec, System.Text.Encoding.ASCII.GetBytes("\e[" + new string(';', 150) + "m"));
        Assert.Equal(1, rec.Dispatches);
        Assert.Equal(101, rec.LastCount);
    }

    [Fact]
    public void IntermediatesBeyondEightAreDropped()
    {
        Assert.Equal(["csi 1 !!!!!!!!p"], RecordingPerformer.Parse("\e[1" + new string('!', 20) + "p"));
    }

    [Fact]
    public void NonAsciiFinalDispatchesAsUnknown()
    {
        Assert.Equal(["csi 5 <non-ascii>", "print x"], RecordingPerformer.Parse("\e[5éx"));
    }

    [Fact]
    public void SecondSequenceStartsClean()
    {
        Assert.Equal(["csi ?1 !h", "csi 2 m"], RecordingPerformer.Parse("\e[?1!h\e[2m"));
    }

    [Fact]
    public void EightBitCsiFromUtf8()
    {
        Assert.Equal(["csi 4 m"], RecordingPerformer.Parse("\u009b4m"));
    }

    private struct CapturingPerformer : IPerformer
    {
        public int Dispatches;
        public int LastCount;
        public void PrintAscii(ReadOnlySpan<byte> run) { }
        public void Print(int codePoint) { }
        public void PrintText(ReadOnlySpan<int> text) { }
        public void Execute(int control) { }
        public void CsiDispatch(in CsiParams parameters, byte marker, ReadOnlySpan<byte> intermediates, byte final)
        {
            Dispatches++;
            LastCount = parameters.Count;
        }
        public void EscDispatch(ReadOnlySpan<byte> intermediates, byte final) { }
        public void OscDispatch(ReadOnlySpan<byte> payload) { }
    }
}
