using System.Diagnostics;

namespace Mosh.Tests.Terminal.Differential;

/// <summary>
/// For every stream of the corpus (tests/data/terminal-corpus), tmux showing the stream itself
/// and tmux showing <c>mosh-aot replay</c>'s rendering of it must show the same screen: cells
/// with their attributes, cursor position and visibility, title and mouse modes. This checks
/// emulator and renderer together against an independent terminal.
/// </summary>
public sealed class ReplayAgainstTmuxTests : IClassFixture<ReplayAgainstTmuxTests.Tmux>
{
    public sealed class Tmux : IDisposable
    {
        public TmuxHarness? Harness { get; } = TmuxHarness.IsAvailable ? new TmuxHarness() : null;

        public void Dispose() => Harness?.Dispose();
    }

    private static readonly string s_corpus = Path.Combine(AppContext.BaseDirectory, "data", "terminal-corpus");
    private readonly Tmux _tmux;

    public ReplayAgainstTmuxTests(Tmux tmux) => _tmux = tmux;

    public sealed record CorpusCase(string Name, int Cols, int Rows, string[] Quirks)
    {
        public override string ToString() => $"{Name} {Cols}x{Rows}";
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (CorpusCase c in LoadCases())
            data.Add($"{c.Name} {c.Cols}x{c.Rows}");
        return data;
    }

    internal static List<CorpusCase> LoadCases()
    {
        var cases = new List<CorpusCase>();
        foreach (string raw in File.ReadAllLines(Path.Combine(s_corpus, "cases.txt")))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            cases.Add(new CorpusCase(f[0], int.Parse(f[1]), int.Parse(f[2]), f[3..]));
        }
        return cases;
    }

    internal static byte[] Replay(byte[] stream, int cols, int rows)
    {
        using var output = new MemoryStream();
        MoshAot.ReplayCommand.Replay(new MemoryStream(stream), output, cols, rows);
        return output.ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReplayShowsWhatTheStreamShows(string id)
    {
        CorpusCase c = LoadCases().Find(x => $"{x.Name} {x.Cols}x{x.Rows}" == id)!;
        foreach (string q in c.Quirks)
            Assert.True(ScreenComparison.Quirks.ContainsKey(q), $"unknown quirk '{q}' in cases.txt");
        TmuxHarness tmux = _tmux.Harness ?? throw new InvalidOperationException("tmux is needed for the differential tests (apt-get install tmux)");

        byte[] stream = File.ReadAllBytes(Path.Combine(s_corpus, c.Name + ".bin"));
        byte[] replayed = Replay(stream, c.Cols, c.Rows);

        TmuxScreen viaReplay = tmux.Show(replayed, c.Cols, c.Rows);
        if (c.Quirks.Contains("xterm-reference"))
        {
            string expected = File.ReadAllText(Path.Combine(s_corpus, c.Name + ".xterm.txt")).TrimEnd('\n');
            Assert.Equal(expected, ScreenComparison.PlainText(viaReplay));
            // The reference is needed: tmux itself shows something else.
            Assert.NotEqual(expected, ScreenComparison.PlainText(tmux.Show(stream, c.Cols, c.Rows)));
            return;
        }
        TmuxScreen direct = tmux.Show(stream, c.Cols, c.Rows);
        string? difference = ScreenComparison.Compare(direct, viaReplay, c.Quirks);
        Assert.True(difference is null, $"{id}:\n{difference}\n--- direct\n{direct}\n--- replayed\n{viaReplay}");
    }

    [Fact]
    public void ComparisonNoticesADifferentScreen()
    {
        TmuxHarness tmux = _tmux.Harness ?? throw new InvalidOperationException("tmux is needed for the differential tests");
        TmuxScreen a = tmux.Show("\e[31mred\e[0m text"u8, 20, 5);
        TmuxScreen b = tmux.Show("\e[32mred\e[0m text"u8, 20, 5);
        TmuxScreen c = tmux.Show("\e[38;5;1mred\e[0m text"u8, 20, 5);
        Assert.NotNull(ScreenComparison.Compare(a, b, []));
        Assert.Null(ScreenComparison.Compare(a, c, []));
    }

    [SkippableFact]
    public void TheBinaryReplaysLikeTheLibrary()
    {
        string? binary = Environment.GetEnvironmentVariable("MOSH_AOT_BINARY");
        Skip.If(string.IsNullOrEmpty(binary), "MOSH_AOT_BINARY is not set (`make test` sets it after building the binary)");
        byte[] stream = File.ReadAllBytes(Path.Combine(s_corpus, "ls-color.bin"));
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "replay", "--cols", "80", "--rows", "24" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = new MemoryStream();
        Task copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        p.StandardInput.BaseStream.Write(stream);
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(20_000), "replay did not finish");
        copy.Wait(TimeSpan.FromSeconds(5));
        Assert.Equal(0, p.ExitCode);
        Assert.Equal(Replay(stream, 80, 24), output.ToArray());
    }
}
