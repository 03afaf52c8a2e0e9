using System.Text;
using BenchmarkDotNet.Attributes;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Parser;

namespace Mosh.Bench.Terminal;

/// <summary>Parse + emulate throughput (bytes of terminal output per second) on synthetic streams.</summary>
[MemoryDiagnoser]
public class EmulatorBenchmarks
{
    private const int StreamBytes = 1 << 20;

    private VirtualTerminal _terminal = null!;
    private VtParser _parser;
    private NullPerformer _null;
    private byte[] _ascii = null!;
    private byte[] _colouredLs = null!;
    private byte[] _cjk = null!;
    private byte[] _tuiRedraw = null!;
    private byte[] _repeatFlood = null!;
    private byte[] _screenToggles = null!;
    private VirtualTerminal _small = null!;
    private VirtualTerminal _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        _terminal = new VirtualTerminal(200, 50);
        _ascii = Ascii();
        _colouredLs = ColouredLsStream();
        _cjk = Cjk();
        _tuiRedraw = TuiRedraw();
        _repeatFlood = Repeated("A\e[65535b");
        _screenToggles = Repeated("\e[?1049h\e[?1049l");
        _small = new VirtualTerminal(4, 3);
        _large = new VirtualTerminal(500, 300);
    }

    /// <summary>Baseline: the parser alone, into a performer that does nothing.</summary>
    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void ParseOnlyAscii() => _parser.Advance(ref _null, _ascii);

    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void PlainAscii() => _terminal.Write(_ascii);

    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void ColouredLs() => _terminal.Write(_colouredLs);

    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void CjkText() => _terminal.Write(_cjk);

    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void FullScreenTuiRedraw() => _terminal.Write(_tuiRedraw);

    /// <summary>`A ESC[65535b` over and over (a CPU attack on REP): compare with PlainAscii, per byte.</summary>
    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void RepeatFlood() => _terminal.Write(_repeatFlood);

    /// <summary>The same at 4x3, where every repeated character would wrap and scroll.</summary>
    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void RepeatFloodSmallWindow() => _small.Write(_repeatFlood);

    /// <summary>Alternate-screen switches at 500x300 (an attack on the screen switch's cost).</summary>
    [Benchmark(OperationsPerInvoke = StreamBytes / 1024)]
    public void ScreenTogglesLargeWindow() => _large.Write(_screenToggles);

    // Each operation is 1 KiB of input, so MB/s = 1024 * 1000 / (ns per op) / 1.048576.

    private static byte[] Fill(StringBuilder sb) => Encoding.UTF8.GetBytes(sb.ToString())[..StreamBytes];

    private static byte[] Repeated(string piece)
    {
        var sb = new StringBuilder(StreamBytes + piece.Length);
        while (sb.Length < StreamBytes + piece.Length)
        {
            sb.Append(piece);
        }
        return Fill(sb);
    }

    private static byte[] Ascii()
    {
        var sb = new StringBuilder(StreamBytes + 200);
        var rng = new Random(1);
        while (sb.Length < StreamBytes + 100)
        {
            int len = rng.Next(20, 160);
            for (int i = 0; i < len; i++)
            {
                sb.Append((char)rng.Next(0x20, 0x7F));
            }
            sb.Append("\r\n");
        }
        return Fill(sb);
    }

    private static byte[] ColouredLsStream()
    {
        string[] colours = ["01;34", "01;32", "00", "01;36", "38;5;208", "40;33;01"];
        var sb = new StringBuilder(StreamBytes + 200);
        int i = 0;
        while (sb.Length < StreamBytes + 100)
        {
            sb.Append("-rw-r--r--  1 user group ").Append(1000 + i * 37 % 90000).Append(" Nov 25 12:")
              .Append((i % 60).ToString("00")).Append(" \e[").Append(colours[i % colours.Length]).Append("mfile_")
              .Append(i).Append(".txt\e[0m\r\n");
            i++;
        }
        return Fill(sb);
    }

    private static byte[] Cjk()
    {
        const string text = "中文字符测试，宽字符的显示。日本語のテキストと한국어 텍스트";
        var sb = new StringBuilder(StreamBytes);
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < StreamBytes + 100)
        {
            for (int i = 0; i < 200; i++)
            {
                sb.Append(text).Append("\r\n");
            }
        }
        return Fill(sb);
    }

    private static byte[] TuiRedraw()
    {
        var sb = new StringBuilder(StreamBytes + 4096);
        var rng = new Random(3);
        int frame = 0;
        while (sb.Length < StreamBytes + 100)
        {
            sb.Append("\e[H\e[2J\e[1;44;37m top - 12:00:").Append(frame % 60).Append(" up 1 day\e[K\e[m");
            for (int y = 2; y <= 50; y++)
            {
                sb.Append("\e[").Append(y).Append(";1H");
                if (y % 3 == 0)
                {
                    sb.Append("\e[7m");
                }
                sb.Append(rng.Next(1, 99999).ToString().PadLeft(7)).Append(" user      20   0 ")
                  .Append(rng.Next(1000, 999999)).Append("  \e[32m").Append(rng.Next(0, 100)).Append(".0\e[39m  process-name-")
                  .Append(y).Append("\e[K\e[m");
            }
            sb.Append("\e[50;200H");
            frame++;
        }
        return Fill(sb);
    }

    private struct NullPerformer : IPerformer
    {
        public int Count;

        public void PrintAscii(ReadOnlySpan<byte> run) => Count += run.Length;

        public void Print(int codePoint) => Count++;

        public void PrintText(ReadOnlySpan<int> text) => Count += text.Length;

        public void Execute(int control) => Count++;

        public void CsiDispatch(in CsiParams parameters, byte marker, ReadOnlySpan<byte> intermediates, byte final) => Count++;

        public void EscDispatch(ReadOnlySpan<byte> intermediates, byte final) => Count++;

        public void OscDispatch(ReadOnlySpan<byte> payload) => Count++;
    }
}
