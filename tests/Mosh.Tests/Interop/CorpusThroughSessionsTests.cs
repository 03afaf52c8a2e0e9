using System.Diagnostics;
using Mosh.Tests.Support;
using Mosh.Tests.Terminal.Differential;
using Xunit.Abstractions;

namespace Mosh.Tests.Interop;

/// <summary>
/// Streams of the terminal corpus (tests/data/terminal-corpus) shown through real sessions and
/// compared cell by cell with a plain tmux pane showing the stream itself. Ours with ours must
/// show exactly what tmux shows; in the mixed pairings (upstream's client with our server, our
/// client with upstream's server) the screen must be at least as right as upstream with
/// upstream in the same run — never more cells wrong.
/// </summary>
[Trait("Category", "Interop")]
public class CorpusThroughSessionsTests(ITestOutputHelper output)
{
    private static readonly string s_corpus = Path.Combine(AppContext.BaseDirectory, "data", "terminal-corpus");

    /// <summary>The cases of the terminal-fidelity work, and a few ordinary ones, all at 80×24.</summary>
    public static TheoryData<string> Cases => new()
    {
        "dec-graphics", "sgr-extended", "rep", "wide-edges", "save-restore", "osc8", "wide-cjk",
        "vttest-rep", "vttest-wrap", "vttest-save-restore", "dialog-gauge", "whiptail-msgbox", "vim-exit", "less-exit",
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void SessionsShowTheStreamAsTmuxDoes(string name)
    {
        Skip.IfNot(MoshPrograms.UpstreamInstalled, "upstream mosh is not installed (apt-get install mosh)");
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        string file = Path.Combine(s_corpus, name + ".bin");
        bool hasQuirks = ReplayAgainstTmuxTests.LoadCases().Exists(c => c.Name == name && c.Cols == 80 && c.Rows == 24 && c.Quirks.Length > 0);

        // The pty is raw and silent, as in the replay comparison: the bytes arrive untouched.
        string command = $"stty raw -echo; cat '{file}'; exec sleep 120";
        string expected;
        using (var plain = TmuxSession.Start($"sh -c \"{command}\"", 80, 24, new Dictionary<string, string> { ["LANG"] = "C.UTF-8" }))
            expected = Settled(plain);

        int reference = Differences(expected, ShowThroughSession(Impl.Upstream, Impl.Upstream, command));
        int ours = Differences(expected, ShowThroughSession(Impl.Ours, Impl.Ours, command));
        int upstreamClient = Differences(expected, ShowThroughSession(Impl.Ours, Impl.Upstream, command));
        int upstreamServer = Differences(expected, ShowThroughSession(Impl.Upstream, Impl.Ours, command));

        string summary = $"{name}: cells differing from tmux: upstream↔upstream {reference}, ours↔ours {ours}, " +
                         $"our server + upstream client {upstreamClient}, upstream server + our client {upstreamServer}";
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("MOSH_AOT_CORPUS_DUMP") is { Length: > 0 } dump)
            File.WriteAllText(Path.Combine(dump, name + ".txt"), expected + "\n----\n" + ShowThroughSession(Impl.Ours, Impl.Ours, command));
        if (!hasQuirks)
            Assert.True(ours == 0, summary);
        Assert.True(ours <= reference, summary);
        Assert.True(upstreamClient <= reference, summary);
        Assert.True(upstreamServer <= reference, summary);
    }

    private static string ShowThroughSession(Impl server, Impl client, string command)
    {
        using MoshPrograms.ServerInfo info = MoshPrograms.StartServer(MoshSession.ServerPath(server), ["/bin/sh", "-c", command]);
        // A terminal type with back-colour erase (tmux erases with the background colour too): the client then clears with EL as
        // the stream itself does. (Without it, cells erased with a background colour are drawn
        // as coloured spaces, which look the same but which tmux's capture reports differently.)
        var env = new Dictionary<string, string> { ["MOSH_KEY"] = info.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" };
        using var tmux = TmuxSession.Start($"{MoshSession.ClientPath(client)} 127.0.0.1 {info.Port}", 80, 24, env);
        // The first frames arrive within a second; wait for something on the screen, then for it to settle.
        MoshSession.WaitUntil(() => tmux.Capture().Trim().Length > 0, TimeSpan.FromSeconds(10));
        return Settled(tmux);
    }

    /// <summary>The pane's cells once two captures half a second apart agree (at most 10 s).</summary>
    private static string Settled(TmuxSession pane)
    {
        var deadline = Stopwatch.StartNew();
        string previous = pane.CaptureCells();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(500);
            string current = pane.CaptureCells();
            if (current == previous)
                return current;
            previous = current;
        }
        return previous;
    }

    /// <summary>
    /// Cells (as <see cref="TmuxSession.CaptureCells"/> writes them) that differ, row by row.
    /// Blank cells at the end of a row are not compared: tmux's capture leaves out cells erased
    /// by EL or ED (whatever their background), while a client may have drawn the same blank
    /// cells another way (spaces, ECH), which the capture does report.
    /// </summary>
    internal static int Differences(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        static string[] Cells(string row)
        {
            string[] cells = row.Length < 2 ? [] : row[1..^1].Split("][");
            int end = cells.Length;
            while (end > 0 && cells[end - 1].StartsWith(" |fg=d ", StringComparison.Ordinal) && cells[end - 1].EndsWith(" a=0", StringComparison.Ordinal))
                end--;
            return cells[..end];
        }
        int count = 0;
        for (int y = 0; y < Math.Max(a.Length, b.Length); y++)
        {
            string[] ra = y < a.Length ? Cells(a[y]) : [];
            string[] rb = y < b.Length ? Cells(b[y]) : [];
            for (int x = 0; x < Math.Max(ra.Length, rb.Length); x++)
            {
                if (x >= ra.Length || x >= rb.Length || ra[x] != rb[x])
                    count++;
            }
        }
        return count;
    }

    [Fact]
    public void DifferencesCountsCells()
    {
        Assert.Equal(0, Differences("[a|x][b|x]\n[c|x]", "[a|x][b|x]\n[c|x]"));
        Assert.Equal(2, Differences("[a|x][b|x]\n[c|x]", "[a|x][B|x]\n[C|x]"));
        Assert.Equal(1, Differences("[a|x]", "[a|x][b|x]"));
        Assert.Equal(0, Differences("[a|x]", "[a|x][ |fg=d bg=4 a=0]"));
        Assert.Equal(1, Differences("[a|x][ |fg=d bg=4 a=0][b|x]", "[a|x][ |fg=d bg=d a=0][b|x]"));
    }
}
