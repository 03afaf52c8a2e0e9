using BenchmarkDotNet.Attributes;
using Mosh.Terminal.Parser;

namespace Mosh.Bench.Terminal;

/// <summary>
/// The VT parser alone, on 1 MiB of each kind of terminal output, into a performer that only
/// counts. Throughput = 1 MiB / mean time. The parse+emulate budget is &gt; 300 MB/s, so the
/// parser must leave most of it to the emulator.
/// </summary>
[MemoryDiagnoser]
[MinColumn] // on a shared machine the fastest iteration is the best estimate of uncontended speed
public class ParserBenchmarks
{
    private byte[] _input = [];
    private VtParser _parser; // ~66 KiB: lives in this object, parsed in place

    [ParamsAllValues]
    public ParserInputs.Kind Input { get; set; }

    [GlobalSetup]
    public void Setup() => _input = ParserInputs.Create(Input);

    /// <summary>One whole buffer, as a large pty read.</summary>
    [Benchmark]
    public long Parse()
    {
        var sink = new CountingPerformer();
        _parser.Advance(ref sink, _input);
        return sink.Total;
    }

    /// <summary>The same bytes in 4 KiB reads, as a pty delivers them.</summary>
    [Benchmark]
    public long Parse4KiBReads()
    {
        var sink = new CountingPerformer();
        ReadOnlySpan<byte> rest = _input;
        while (rest.Length > 0)
        {
            int n = Math.Min(4096, rest.Length);
            _parser.Advance(ref sink, rest.Slice(0, n));
            rest = rest.Slice(n);
        }
        return sink.Total;
    }

    private struct CountingPerformer : IPerformer
    {
        public long Total;

        public void PrintAscii(ReadOnlySpan<byte> run) => Total += run.Length;
        public void Print(int codePoint) => Total++;
        public void PrintText(ReadOnlySpan<int> text) => Total += text.Length;
        public void Execute(int control) => Total++;
        public void CsiDispatch(in CsiParams parameters, byte marker, ReadOnlySpan<byte> intermediates, byte final) => Total += parameters.Count;
        public void EscDispatch(ReadOnlySpan<byte> intermediates, byte final) => Total++;
        public void OscDispatch(ReadOnlySpan<byte> payload) => Total += payload.Length;
    }
}
