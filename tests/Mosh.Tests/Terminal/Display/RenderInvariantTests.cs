using System.Text;
using Mosh.Terminal.Display;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Display;

/// <summary>
/// The renderer's contract (§5.6): a receiver showing frame A that is fed Render(A→B) shows B,
/// and a fresh receiver fed Render(blank→B) shows B. The receiver is a client-like emulator
/// that has only ever been fed rendered frames (so its scroll region and modes are at
/// defaults, as the protocol document requires), resized before the bytes when the size changes (the
/// Resize instruction precedes host bytes, §5.2).
/// </summary>
public class RenderInvariantTests
{
    /// <summary>
    /// Feeds <paramref name="chunks"/> to a server terminal; after each chunk renders the step
    /// from the previous frame into a receiver and checks it shows the new frame.
    /// </summary>
    internal static void AssertEveryStepReproduces(int width, int height, IEnumerable<Action<TestTerminal>> steps, DisplayCapabilities? capabilities = null, string context = "")
    {
        using var server = new TestTerminal(width, height);
        using var receiver = new TestTerminal(width, height);
        var renderer = new FrameRenderer(capabilities ?? DisplayCapabilities.Server);
        bool titles = renderer.Capabilities.Titles;
        var output = new ByteBuffer();
        Framebuffer previous = server.Snapshot();
        int step = 0;
        foreach (Action<TestTerminal> act in steps)
        {
            act(server);
            Framebuffer next = server.Snapshot();
            if (next.Width != receiver.Frame.Width || next.Height != receiver.Frame.Height)
                receiver.Resize(next.Width, next.Height);
            output.Clear();
            renderer.Render(previous, next, initialized: true, output);
            uint bells = receiver.Frame.BellCount + (next.BellCount != previous.BellCount ? 1u : 0u);
            receiver.Write(output.WrittenSpan);
            string? difference = FrameEquivalence.Difference(next, receiver.Frame, bells, titles, renderer.Capabilities);
            if (difference is not null)
                Assert.Fail($"{context} step {step}: {difference}\nbytes: {Escape(output.WrittenSpan)}\n{FrameEquivalence.Dump(previous, next, receiver.Frame)}");
            previous.Dispose();
            previous = next;
            step++;
        }

        // A new client of the same size: its state 0 is blank.
        using var fresh = new TestTerminal(previous.Width, previous.Height);
        using Framebuffer blank = new(previous.Width, previous.Height);
        output.Clear();
        renderer.Render(blank, previous, initialized: true, output);
        fresh.Write(output.WrittenSpan);
        string? fromBlank = FrameEquivalence.Difference(previous, fresh.Frame, previous.BellCount != 0 ? 1u : 0u, titles, renderer.Capabilities);
        Assert.True(fromBlank is null, $"{context} from blank: {fromBlank}\nbytes: {Escape(output.WrittenSpan)}");

        // And a real terminal that is assumed to show nothing in particular (initialized = false).
        using var local = new TestTerminal(previous.Width, previous.Height);
        output.Clear();
        renderer.Render(blank, previous, initialized: false, output);
        local.Write(output.WrittenSpan);
        string? uninitialized = FrameEquivalence.Difference(previous, local.Frame, previous.BellCount != 0 ? 1u : 0u, titles, renderer.Capabilities);
        Assert.True(uninitialized is null, $"{context} uninitialized: {uninitialized}\nbytes: {Escape(output.WrittenSpan)}");
        previous.Dispose();
    }

    internal static string Escape(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
        {
            if (b == 0x1B)
                sb.Append("\\e");
            else if (b < 0x20 || b == 0x7F)
                sb.Append("\\x").Append(b.ToString("x2"));
            else
                sb.Append((char)b);
        }
        return Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(sb.ToString()));
    }

    private static Action<TestTerminal> W(string s) => t => t.Write(s);

    private static void Steps(int width, int height, params string[] chunks) =>
        AssertEveryStepReproduces(width, height, chunks.Select(W));

    [Fact]
    public void Text() => Steps(20, 5, "hello", " world\r\nsecond line", "\e[3;5Hmiddle", "\e[1;1Hover");

    [Fact]
    public void Colours() => Steps(30, 4,
        "\e[1;31mred\e[0m plain \e[4;44munder blue\e[0m",
        "\e[38;5;200m256\e[48;5;17mcol\e[0m\e[38;2;10;20;30mtrue\e[48;2;1;2;3mcolour",
        "\e[93mbright\e[105mbg\e[7minv\e[8mhid\e[5mbl\e[3mit",
        "\e[0m\r\n\e[22;23;24;25;27;28;39;49mreset parts");

    [Fact]
    public void BlankRunsUseEraseAndSpaces() => Steps(40, 4,
        "abcdefghijklmnopqrstuvwxyz0123456789ABCD\r\nsecond row with text in it",
        "\e[1;3H\e[10X\e[2;2H\e[2X\e[1;30H\e[K",
        "\e[41m\e[3;5H\e[20X\e[4;1H\e[K\e[0m",
        "\e[1;1H\e[44m   \e[0m  x  \e[42m      \e[0my");

    [Fact]
    public void SoftWrapContinuesOnTheNextRow() => Steps(10, 4,
        "0123456789abcdefghij",
        "klm",
        "\e[1;1H0123456789",
        "\e[2;10HZ",
        "\e[1;1H\e[2K\e[3;1H" + new string('w', 25));

    [Fact]
    public void WrapFlagsChangeBothWays() => Steps(8, 5,
        "abcdefghijkl",
        "\e[1;1H\e[2Kshort\e[2;1H\e[2Kxy",
        "\e[3;1H12345678\e[?7l",
        "\e[?7h\e[4;1H1234567890");

    [Fact]
    public void ScrollingUsesScrollDetection()
    {
        var steps = new List<string> { "" };
        for (int i = 0; i < 12; i++)
            steps.Add($"line {i}\r\n");
        steps.Add("\e[5;1H" + new string('x', 3) + "\e[24;1H\n\n\n");
        steps.Add("\e[2;10r\e[10;1H\n\n\e[r");
        steps.Add("\e[H\eM\eM");
        steps.Add("\e[3S\e[2T");
        Steps(20, 8, [.. steps]);
    }

    [Fact]
    public void ScrollOfTheWholeScreenFromTheBottomRowIsCrLf()
    {
        using var t = new TestTerminal(10, 4);
        t.Write("a\r\nb\r\nc\r\nd");
        using Framebuffer a = t.Snapshot();
        t.Write("\r\ne");
        using Framebuffer b = t.Snapshot();
        string bytes = Encoding.UTF8.GetString(TestTerminal.Render(a, b));
        Assert.StartsWith("\e[0m\r\n", bytes);
        Assert.DoesNotContain("\e[1;4r", bytes);
    }

    [Fact]
    public void PartialScrollUsesATemporaryScrollRegion()
    {
        using var t = new TestTerminal(10, 6);
        t.Write("1\r\n2\r\n3\r\n4\r\n5\r\n6\e[1;1H");
        using Framebuffer a = t.Snapshot();
        t.Write("\e[1;4r\e[4;1H\n\e[r\e[6;1Hz");
        using Framebuffer b = t.Snapshot();
        string bytes = Encoding.UTF8.GetString(TestTerminal.Render(a, b));
        Assert.Contains("\e[1;4r", bytes);
        Assert.Contains("\e[4;1H\n\e[r", bytes);
    }

    [Fact]
    public void WideAndCombiningCharacters() => Steps(12, 4,
        "日本語テキスト",
        "e\u0301a\u0308\u0323 \u0301x",
        "\e[2;11H世界",
        "\e[1;2Hx\e[3;1H😀😀",
        "\e[1;1H\u0301\e[3;12H字");

    /// <summary>Unchanged cells are passed over a run at a time: changes right after wide characters, at the ends of runs and in the last columns of wrapped rows still reach the receiver.</summary>
    [Fact]
    public void ChangesBetweenLongUnchangedRuns() => Steps(16, 4,
        "abcdefgh中文ijkl\e[44mmnopqrstuvwxyz01234\e[m",
        "\e[1;11Hx",
        "\e[1;9H日",
        "\e[1;16HZ\e[2;1H\e[41m \e[m",
        "\e[2;15H本",
        "\e[1;1Hab\e[3;1H",
        "\e[2;16Hq\e[1;12H\e[2X",
        "\e[1;9He\u0301\e[2;2H\e[1;14Hy");

    [Fact]
    public void CursorMovesAndVisibility() => Steps(20, 6,
        "abc",
        "\e[5;15H",
        "\e[5;1H",
        "\e[5;12H\b\b",
        "\e[?25l",
        "\e[2;2H\e[?25h",
        "\e[6;20Hz");

    [Fact]
    public void LastColumnOfTheBottomRowEndsWithAnAbsoluteMove()
    {
        // §5.6 quirk: upstream would end with a single BS here and leave the client's cursor one
        // column to the left of the server's.
        using var t = new TestTerminal(80, 24);
        using Framebuffer a = t.Snapshot();
        t.Write("\e[24;1H" + new string('0', 80));
        using Framebuffer b = t.Snapshot();
        byte[] bytes = TestTerminal.Render(a, b);
        string text = Encoding.UTF8.GetString(bytes);
        Assert.EndsWith(new string('0', 80) + "\e[24;80H\e[?25h", text);
        using var receiver = new TestTerminal(80, 24);
        receiver.Write(bytes);
        Assert.Equal(79, receiver.Frame.CursorColumn);
        Assert.Equal(23, receiver.Frame.CursorRow);
    }

    [Fact]
    public void TitlesClipboardBell() => Steps(20, 3,
        "\e]0;both\a",
        "\e]1;icon\a",
        "\e]2;window ünïcode\a",
        "\e]2;del\x7f and c1 \u0085 inside\a",
        "\a\a\a",
        "\e]52;c;aGVsbG8=\a",
        "\e]52;p;d29ybGQ=\a",
        "text\a",
        "\ec");

    [Fact]
    public void ModesAreMirrored() => Steps(20, 3,
        "\e[?5h\e[?2004h\e[?1000h\e[?1004h\e[?1006h",
        "\e[?1003h\e[?1015h",
        "\e[?9h\e[?1005h",
        "\e[?1003l\e[?1006l\e[?1004l\e[?2004l\e[?5l",
        "\e[?1002h\e[?1007h");

    [Fact]
    public void ResizeRepaints() => AssertEveryStepReproduces(20, 5,
    [
        t => t.Write("\e[31mbefore resize\r\nrow two"),
        t => t.Resize(30, 8),
        t => t.Write("\e[7;1Hafter"),
        t => t.Resize(10, 3),
        t => t.Write("\e[44m\e[2J"),
    ]);

    [Fact]
    public void EditingFunctions() => Steps(16, 6,
        "0123456789abcdef\r\nline two\r\nline three\r\nline four",
        "\e[1;5H\e[3@\e[2;3H\e[2P",
        "\e[2;1H\e[2L\e[5;1H\e[1M",
        "\e[4h\e[1;1HINS\e[4l",
        "\e#8",
        "\e[3;3H\e[1J\e[5;5H\e[0J\e[1;10H\e[1K");

    [Fact]
    public void AlternateScreen() => Steps(16, 4,
        "main text",
        "\e[?1049h\e[Halt",
        "\e[?1049l",
        "\e[?47h\e[2Jx\e[?47l");

    [Fact]
    public void TerminalsWithoutEchOrBce()
    {
        string[] chunks =
        [
            "\e[44mblue background row\e[K\r\n\e[0mtext       more",
            "\e[1;3H\e[43m\e[10X\e[0m\e[2;1H\e[2K",
            "\e[42m" + new string(' ', 12) + "\e[0mx",
        ];
        AssertEveryStepReproduces(24, 4, chunks.Select(W), new DisplayCapabilities(false, false, false), "no ech/bce");
        AssertEveryStepReproduces(24, 4, chunks.Select(W), new DisplayCapabilities(true, false, true), "ech, no bce");
    }

    [Fact]
    public void OutputNeverContainsQueries()
    {
        using var t = new TestTerminal(40, 10);
        using Framebuffer blank = t.Snapshot();
        t.Write("\e[c\e[>c\e[5n\e[6n\e]8;;http://x\e\\link\e]8;;\e\\ text");
        using Framebuffer b = t.Snapshot();
        string text = Encoding.UTF8.GetString(TestTerminal.Render(blank, b, initialized: false));
        Assert.Contains("link\e]8;;\a text", text);
        Assert.DoesNotMatch(@"\e\[[>?]?[0-9;]*[cn]", text);
    }
}

public class RendererAllocationTests
{
    [Fact]
    public void SteadyStateRenderingDoesNotAllocate()
    {
        using var t = new TestTerminal(80, 24);
        var frames = new List<Mosh.Terminal.Screen.Framebuffer>();
        frames.Add(t.Snapshot());
        t.Write("\e]0;title\a\e[1;31mhello 日本 e\u0301\e[0m\r\n");
        frames.Add(t.Snapshot());
        for (int i = 0; i < 30; i++)
            t.Write($"\e[3{i % 8}mline {i} " + new string('x', i * 3 % 70) + "\r\n");
        frames.Add(t.Snapshot());
        t.Write("\e[5;10H\e[44m\e[K\e[2;5r\e[5;1H\n\n\e[r\e[?2004h\e[?1002h\a");
        frames.Add(t.Snapshot());
        t.Write("\e]8;id=a;http://example.com\alink\e]8;;\a \e[2;4:3;58:5:9;9;53mextended\e[0m \e(0lqqk\e(B\e]1;icon\a\e[?1006h\e[?1005h");
        frames.Add(t.Snapshot());
        t.Resize(100, 30);
        frames.Add(t.Snapshot());

        var renderer = new FrameRenderer(DisplayCapabilities.Server);
        var output = new ByteBuffer();
        void RenderAll()
        {
            for (int i = 1; i < frames.Count; i++)
            {
                output.Clear();
                renderer.Render(frames[i - 1], frames[i], initialized: true, output);
                output.Clear();
                renderer.Render(frames[0], frames[i], initialized: false, output);
            }
        }
        RenderAll();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
            RenderAll();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(output.Length > 1000);
        foreach (var f in frames)
            f.Dispose();
    }
}
