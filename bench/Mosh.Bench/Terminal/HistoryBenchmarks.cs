using System.Text;
using BenchmarkDotNet.Attributes;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Bench.Terminal;

/// <summary>
/// What keeping the session's history (protocol §14.3) costs the server's emulator per byte of
/// output: the same streams at 80×24 without a history and with one of 10 000 lines (full, so
/// every line pushes one out): short numbered lines (`seq`), and random printable lines of 20 to
/// 160 characters that wrap (the widest rows).
/// </summary>
[MemoryDiagnoser]
public class HistoryBenchmarks
{
    private const int StreamBytes = 1 << 20;

    private VirtualTerminal _terminal = null!;
    private byte[] _seq = null!;
    private byte[] _text = null!;
    private byte[] _lsColors = null!;
    private byte[] _cjk = null!;

    [Params(false, true)]
    public bool History { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _terminal = new VirtualTerminal(80, 24);
        if (History)
            _terminal.Framebuffer.History = new ScreenHistory(10_000);
        var seq = new StringBuilder(StreamBytes + 16);
        for (int n = 1; seq.Length < StreamBytes; n++)
            seq.Append(n).Append("\r\n");
        _seq = Encoding.ASCII.GetBytes(seq.ToString(0, StreamBytes));
        var text = new StringBuilder(StreamBytes + 200);
        var rng = new Random(1);
        while (text.Length < StreamBytes)
        {
            int length = rng.Next(20, 160);
            for (int i = 0; i < length; i++) text.Append((char)rng.Next(0x21, 0x7F));
            text.Append("\r\n");
        }
        _text = Encoding.ASCII.GetBytes(text.ToString(0, StreamBytes));
        _lsColors = ParserInputs.Create(ParserInputs.Kind.LsColors);
        _cjk = ParserInputs.Create(ParserInputs.Kind.Cjk);
        // Fill the history, so the measured lines each push one out.
        for (int i = 0; i < 3; i++) _terminal.Write(_seq);
    }

    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void SeqLines() => _terminal.Write(_seq);

    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void WrappedTextLines() => _terminal.Write(_text);

    [Benchmark(OperationsPerInvoke = ParserInputs.Size / 1024)]
    public void LsColorLines() => _terminal.Write(_lsColors);

    [Benchmark(OperationsPerInvoke = ParserInputs.Size / 1024)]
    public void CjkLines() => _terminal.Write(_cjk);
}
