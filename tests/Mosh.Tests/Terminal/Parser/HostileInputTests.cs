using Mosh.Terminal.Parser;

namespace Mosh.Tests.Terminal.Parser;

/// <summary>Whatever arrives, the parser never throws, never allocates and keeps its limits.</summary>
public class HostileInputTests
{
    [Fact]
    public void HugeParametersSaturate()
    {
        var events = RecordingPerformer.Parse("\e[" + new string('9', 100_000) + "m\e[1m");
        Assert.Equal(["csi + m", "csi 1 m"], events);
    }

    [Fact]
    public void EndlessParameterListIsCappedAtAHundredCharacters()
    {
        var counter = new CountingPerformer();
        var parser = new VtParser();
        byte[] chunk = "1;1;1;1;1;"u8.ToArray();
        parser.Advance(ref counter, "\e["u8);
        for (int i = 0; i < 100_000; i++)
            parser.Advance(ref counter, chunk);
        parser.Advance(ref counter, "m"u8);
        Assert.Equal(1, counter.CsiDispatches);
        // "1;" × 50 = 100 characters: 50 ones and the empty parameter after the last ';'.
        Assert.Equal(51, counter.LastParamCount);
        Assert.Equal(CsiParams.Missing, counter.LastParam);
    }

    [Fact]
    public void EndlessOscStaysBoundedAndDispatchesOnce()
    {
        var counter = new CountingPerformer();
        var parser = new VtParser();
        parser.Advance(ref counter, "\e]2;"u8);
        byte[] chunk = "\u4e2dabcdefg"u8.ToArray();
        for (int i = 0; i < 200_000; i++)
            parser.Advance(ref counter, chunk);
        parser.Advance(ref counter, "\a"u8);
        Assert.Equal(1, counter.OscDispatches);
        // "2;", then 2047 whole chunks (8 code points, 10 bytes each), then 6 code points: 中 + 5 letters.
        Assert.Equal(2 + 2047 * 10 + 3 + 5, counter.LastOscBytes);
    }

    [Fact]
    public void EndlessDcsIsDiscarded()
    {
        var counter = new CountingPerformer();
        var parser = new VtParser();
        parser.Advance(ref counter, "\eP1;2;3q"u8);
        byte[] chunk = "#1~~~~--!255@\r\n\a\u00e9"u8.ToArray();
        for (int i = 0; i < 200_000; i++)
            parser.Advance(ref counter, chunk);
        parser.Advance(ref counter, "\e\\x"u8);
        Assert.Equal(0, counter.CsiDispatches + counter.OscDispatches + counter.Prints);
        Assert.Equal(1, counter.Executes);    // the ESC \ (C1 ST) only
        Assert.Equal(1, counter.AsciiBytes);  // "x"
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var rng = new Random(7);
        var parser = new VtParser();
        var counter = new CountingPerformer();
        var buffer = new byte[4096];
        for (int round = 0; round < 2000; round++)
        {
            int len = rng.Next(buffer.Length);
            rng.NextBytes(buffer.AsSpan(0, len));
            // Bias towards the bytes that drive the state machine.
            for (int i = 0; i < len; i += rng.Next(1, 8))
                buffer[i] = (byte)"\e[]P;:?9\u00c2\u009c\x18\a"[rng.Next(12)];
            parser.Advance(ref counter, buffer.AsSpan(0, len));
        }
        Assert.True(counter.Executes > 0);
    }

    [Fact]
    public void SizeIsFixed()
    {
        // The whole state is the struct: nothing to grow. Guard its size against accidents.
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<VtParser>();
        Assert.InRange(size, VtParser.MaxOscCodePoints * 4, VtParser.MaxOscCodePoints * 4 + 1024);
    }

    [Fact]
    public void ParsingDoesNotAllocate()
    {
        byte[] input = ParserInputs.Mixed();
        var big = new byte[1 << 20];
        for (int i = 0; i < big.Length; i += input.Length)
            input.AsSpan(0, Math.Min(input.Length, big.Length - i)).CopyTo(big.AsSpan(i));

        var parser = new VtParser();
        var counter = new CountingPerformer();
        parser.Advance(ref counter, big); // warm-up: JIT, statics
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 4; round++)
        {
            parser.Advance(ref counter, big);
            for (int i = 0; i < 4096; i += 7)
                parser.Advance(ref counter, big.AsSpan(i, 7));
        }
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
        Assert.True(counter.AsciiBytes > 0 && counter.CsiDispatches > 0);
    }

    private struct CountingPerformer : IPerformer
    {
        public long AsciiBytes, Prints, Executes, CsiDispatches, EscDispatches, OscDispatches;
        public int LastParamCount, LastParam, LastOscBytes;

        public void PrintAscii(ReadOnlySpan<byte> run) => AsciiBytes += run.Length;
        public void Print(int codePoint) => Prints++;
        public void PrintText(ReadOnlySpan<int> text) => Prints += text.Length;
        public void Execute(int control) => Executes++;

        public void CsiDispatch(in CsiParams parameters, byte marker, ReadOnlySpan<byte> intermediates, byte final)
        {
            CsiDispatches++;
            LastParamCount = parameters.Count;
            LastParam = parameters[parameters.Count - 1];
        }

        public void EscDispatch(ReadOnlySpan<byte> intermediates, byte final) => EscDispatches++;

        public void OscDispatch(ReadOnlySpan<byte> payload)
        {
            OscDispatches++;
            LastOscBytes = payload.Length;
        }
    }
}
