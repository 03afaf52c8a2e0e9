using System.Text;
using BenchmarkDotNet.Attributes;
using Mosh.Terminal.Display;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Bench.Terminal;

/// <summary>
/// Frame diff rendering (§5.6) for a full screen of coloured text: one cell changed, one row
/// changed, a one-line scroll, and every cell changed, at 80×24 and 250×80.
/// </summary>
[MemoryDiagnoser]
public class RendererBenchmarks
{
    [Params("80x24", "250x80")]
    public string Size { get; set; } = "80x24";

    private readonly FrameRenderer _renderer = new(DisplayCapabilities.Server);
    private readonly OutputBuffer _output = new();
    private Framebuffer _base = null!;
    private Framebuffer _oneCell = null!;
    private Framebuffer _oneRow = null!;
    private Framebuffer _scrollBase = null!;
    private Framebuffer _scrolled = null!;
    private Framebuffer _everything = null!;

    [GlobalSetup]
    public void Setup()
    {
        string[] wh = Size.Split('x');
        int width = int.Parse(wh[0]);
        int height = int.Parse(wh[1]);
        var terminal = new VirtualTerminal(width, height);
        terminal.Write(Screen(width, height, 'a'));
        _base = new Framebuffer(terminal.Framebuffer);

        terminal.Write(Encoding.UTF8.GetBytes($"\e[{height / 2};{width / 2}H\e[1;33m#"));
        _oneCell = new Framebuffer(terminal.Framebuffer);

        terminal.Write(Encoding.UTF8.GetBytes($"\e[{height / 3};1H\e[0;36m" + new string('r', width)));
        _oneRow = new Framebuffer(terminal.Framebuffer);

        // Same terminal before and after, so rows keep their identity through the scroll.
        var scroller = new VirtualTerminal(width, height);
        scroller.Write(Screen(width, height, 'a'));
        _scrollBase = new Framebuffer(scroller.Framebuffer);
        scroller.Write(Encoding.UTF8.GetBytes($"\e[{height};1H\n\e[32mnew bottom line"));
        _scrolled = new Framebuffer(scroller.Framebuffer);

        var other = new VirtualTerminal(width, height);
        other.Write(Screen(width, height, 'n'));
        _everything = new Framebuffer(other.Framebuffer);

        _output.Clear();
        _renderer.Render(_base, _everything, initialized: false, _output);
    }

    private static byte[] Screen(int width, int height, char seed)
    {
        var sb = new StringBuilder("\e[H\e[2J");
        for (int y = 0; y < height; y++)
        {
            sb.Append($"\e[{y + 1};1H");
            for (int x = 0; x < width - 1; x++)
            {
                if (x % 9 == 0)
                    sb.Append($"\e[0;3{(x / 9 + y) % 8}m");
                sb.Append((char)(seed + (x + y) % 26));
            }
        }
        sb.Append("\e[0m\e[1;1H");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private int Render(Framebuffer next) => Render(_base, next);

    private int Render(Framebuffer last, Framebuffer next)
    {
        _output.Clear();
        _renderer.Render(last, next, initialized: true, _output);
        return _output.Length;
    }

    [Benchmark(Baseline = true)]
    public int Unchanged() => Render(_base);

    [Benchmark]
    public int OneCellChanged() => Render(_oneCell);

    [Benchmark]
    public int OneRowChanged() => Render(_oneRow);

    [Benchmark]
    public int ScrolledOneLine() => Render(_scrollBase, _scrolled);

    [Benchmark]
    public int EverythingChanged() => Render(_everything);

    [Benchmark]
    public int FullRepaint()
    {
        _output.Clear();
        _renderer.Render(_base, _everything, initialized: false, _output);
        return _output.Length;
    }
}
