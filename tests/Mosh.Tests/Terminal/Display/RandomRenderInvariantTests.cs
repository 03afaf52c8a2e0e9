namespace Mosh.Tests.Terminal.Display;

/// <summary>The render invariant over many random streams, sizes and resizes.</summary>
public class RandomRenderInvariantTests
{
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        // MOSH_RENDER_SEEDS=N widens the search (e.g. after changing the renderer).
        int count = int.TryParse(Environment.GetEnvironmentVariable("MOSH_RENDER_SEEDS"), out int n) && n > 0 ? n : 60;
        for (int seed = 0; seed < count; seed++)
            data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomStreamsReproduce(int seed)
    {
        var random = new Random(seed * 7919);
        (int w, int h) = (seed % 5) switch
        {
            0 => (80, 24),
            1 => (random.Next(1, 6), random.Next(1, 6)),
            2 => (random.Next(6, 30), random.Next(2, 12)),
            3 => (132, 40),
            _ => (random.Next(10, 100), random.Next(3, 50)),
        };
        var output = new RandomTerminalOutput(seed);
        var steps = new List<Action<TestTerminal>>();
        for (int i = 0; i < 40; i++)
        {
            if (random.Next(25) == 0)
            {
                int nw = Math.Max(1, w + random.Next(-5, 6));
                int nh = Math.Max(1, h + random.Next(-3, 4));
                steps.Add(t => t.Resize(nw, nh));
                w = nw;
                h = nh;
            }
            else
            {
                string chunk = output.Next(w, h);
                steps.Add(t => t.Write(chunk));
            }
        }
        // Mostly the server's capabilities; some seeds render as for a real terminal without ECH or BCE.
        var capabilities = (seed % 7) switch
        {
            3 => new Mosh.Terminal.Display.DisplayCapabilities(false, false, true),
            5 => new Mosh.Terminal.Display.DisplayCapabilities(true, false, false),
            _ => Mosh.Terminal.Display.DisplayCapabilities.Server,
        };
        RenderInvariantTests.AssertEveryStepReproduces(w, h, steps, capabilities, context: $"seed {seed} {capabilities}");
    }
}

/// <summary>The render invariant over hostile byte soup (escape-heavy random bytes).</summary>
public class HostileRenderInvariantTests
{
    private static readonly byte[] s_alphabet = "\e\e\e[[[;;0123456789?>!\"#()7 8DEHMcmrhlJKXPL@STabc\r\n\b\t\a]\\ABCDEFGHxyz~\u00e9\u65e5\u0301"u8.ToArray();

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        int count = int.TryParse(Environment.GetEnvironmentVariable("MOSH_RENDER_SEEDS"), out int n) && n > 0 ? n : 40;
        for (int seed = 0; seed < count; seed++)
            data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ByteSoupReproduces(int seed)
    {
        var random = new Random(seed);
        int w = random.Next(1, 30), h = random.Next(1, 10);
        var steps = new List<Action<TestTerminal>>();
        for (int i = 0; i < 30; i++)
        {
            byte[] chunk = new byte[random.Next(1, 200)];
            for (int k = 0; k < chunk.Length; k++)
                chunk[k] = random.Next(6) == 0 ? (byte)random.Next(256) : s_alphabet[random.Next(s_alphabet.Length)];
            steps.Add(t => t.Write(chunk));
        }
        RenderInvariantTests.AssertEveryStepReproduces(w, h, steps, context: $"soup {seed}");
    }
}
