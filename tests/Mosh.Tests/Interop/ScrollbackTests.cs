using System.Diagnostics;
using System.Text.RegularExpressions;
using Mosh.Tests.Support;
using Xunit.Abstractions;

namespace Mosh.Tests.Interop;

/// <summary>
/// The session's history in the local terminal's scrollback (protocol §14.3), seen in a real
/// terminal: a tmux pane with a large history-limit, read whole with capture-pane -S -. Between
/// our client and our server lines arrive in order, exactly once, through loss and resizes, with
/// one marked line wherever a flood outran the retention; full-screen programs leave nothing; with
/// upstream on either side nothing changes.
/// </summary>
[Trait("Category", "Interop")]
public partial class ScrollbackTests(ITestOutputHelper output)
{
    private const int HistoryLimit = 200_000;

    [GeneratedRegex(@"^\[mosh: (\d+) lines? skipped\]$")]
    private static partial Regex SkipMarker();

    /// <summary>The pane's scrollback and screen, lines trimmed.</summary>
    private static List<string> History(MoshSession s) =>
        s.Tmux.CaptureHistory().Split('\n').Select(l => l.TrimEnd()).ToList();

    /// <summary>Asserts lines 1..<paramref name="count"/> each once, in order, then the prompt; nothing else numeric.</summary>
    private static void AssertSeqInOrder(List<string> lines, int count)
    {
        var numbers = lines.Where(l => l.Length > 0 && l.All(char.IsAsciiDigit)).Select(int.Parse).ToList();
        Assert.Equal(Enumerable.Range(1, count), numbers);
        int last = lines.FindIndex(l => l == count.ToString());
        Assert.Contains(lines.Skip(last + 1), l => l.StartsWith("mosh$", StringComparison.Ordinal));
    }

    /// <summary>Waits until the pane's whole text satisfies <paramref name="done"/>.</summary>
    private static bool WaitForHistory(MoshSession s, Func<List<string>, bool> done, TimeSpan timeout, out List<string> lines)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            lines = History(s);
            if (done(lines) || sw.Elapsed > timeout) return done(lines);
            Thread.Sleep(200);
        }
    }

    /// <summary>
    /// Waits until the pane holds at least <paramref name="count"/> numbers and <c>seq</c>'s
    /// last one is followed by the prompt; fails showing the last <paramref name="shown"/> lines.
    /// </summary>
    private static List<string> WaitForSeq(MoshSession s, int count, TimeSpan timeout, int shown)
    {
        Assert.True(WaitForHistory(s, l => SeqDone(l, count) && l.Count(x => x.Length > 0 && x.All(char.IsAsciiDigit)) >= count,
            timeout, out List<string> lines), string.Join('\n', lines.TakeLast(shown)));
        return lines;
    }

    /// <summary>Waits until the pane shows <paramref name="showing"/> and ends at the prompt.</summary>
    private static void WaitForPrompt(MoshSession s, string showing, TimeSpan timeout) =>
        Assert.True(s.Tmux.WaitFor(screen => screen.TrimEnd().EndsWith("mosh$", StringComparison.Ordinal) && screen.Contains(showing),
            timeout, out string shown), shown);

    private static bool SeqDone(List<string> lines, int count) =>
        lines.Any(l => l == count.ToString()) && lines.FindLastIndex(l => l == count.ToString()) < lines.FindLastIndex(l => l == "mosh$");

    [SkippableFact]
    public void Seq5000LandsInTheScrollbackInOrderExactlyOnce()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, historyLimit: HistoryLimit);
        s.Command("seq 1 5000");
        List<string> lines = WaitForSeq(s, 5000, TimeSpan.FromSeconds(30), shown: 30);
        AssertSeqInOrder(lines, 5000);
        Assert.True(s.Tmux.HistorySize >= 5000 - 24, $"history size {s.Tmux.HistorySize}");
    }

    [SkippableFact]
    public void Seq5000ArrivesInOrderThroughThirtyPercentLossAndReordering()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        UdpRelay? relay = null;
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, historyLimit: HistoryLimit,
            clientPort: port => (relay = new UdpRelay(port, 11)).ListenPort);
        using UdpRelay r = relay!;
        // Jitter larger than the spacing of datagrams reorders them.
        r.Impair(w => { w.LossRate = 0.3; w.DelayMs = 20; w.JitterMs = 15; });
        s.Command("seq 1 5000");
        List<string> lines = WaitForSeq(s, 5000, TimeSpan.FromSeconds(90), shown: 30);
        r.Impair(w => w.Clear());
        output.WriteLine($"relay dropped {r.ToClient.Dropped} of {r.ToClient.Forwarded + r.ToClient.Dropped} datagrams to the client");
        Assert.True(r.ToClient.Dropped > 0);
        AssertSeqInOrder(lines, 5000);
    }

    [SkippableFact]
    public void AResizeMidRunLosesAndRepeatsNothing()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, historyLimit: HistoryLimit);
        s.Command("seq 1 2500; sleep 2; seq 2501 5000");
        Assert.True(s.Tmux.WaitForText("2500", TimeSpan.FromSeconds(20), out _));
        s.Tmux.Resize(100, 30);
        List<string> lines = WaitForSeq(s, 5000, TimeSpan.FromSeconds(40), shown: 30);
        AssertSeqInOrder(lines, 5000);
    }

    /// <summary>
    /// A pane that grows taller before much has scrolled brings down only what its scrollback
    /// holds; pushing back more would push rows of the screen, which come again as history.
    /// </summary>
    [SkippableFact]
    public void GrowingTallerBeforeAnythingScrolledPushesNoRowOfTheScreen()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, historyLimit: HistoryLimit);
        s.Command("seq 1 10");
        Assert.True(s.Tmux.WaitForText("10", TimeSpan.FromSeconds(20), out _));
        s.Tmux.Resize(80, 34);
        Assert.True(s.Tmux.WaitFor(screen => screen.Split('\n').Length >= 34, TimeSpan.FromSeconds(10), out _));
        s.Command("seq 11 200");
        List<string> lines = WaitForSeq(s, 200, TimeSpan.FromSeconds(30), shown: 40);
        AssertSeqInOrder(lines, 200);
        // The rows that were on the screen at the resize, commands included, are there once.
        Assert.Single(lines, l => l == "mosh$ seq 1 10");
        Assert.Single(lines, l => l == "mosh$ seq 11 200");
    }

    /// <summary>
    /// A pane that shrinks while its cursor is on the bottom row pushes its top rows into its
    /// own scrollback (tmux, xterm). Cutting from the bottom, as upstream's server does, would
    /// lose the bottom rows, the cursor's among them, and bring the top rows again as history;
    /// the server shrinks as the terminal does, and the client does not write those rows a
    /// second time.
    /// </summary>
    [SkippableFact]
    public void ShrinkingWithTheCursorOnTheBottomRowDuplicatesNoLine()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, cols: 80, rows: 30, historyLimit: HistoryLimit);
        s.Command("seq 1 60");
        WaitForPrompt(s, "60", TimeSpan.FromSeconds(20));
        Thread.Sleep(500);
        s.Tmux.Resize(80, 24);
        Thread.Sleep(1000);
        s.Command("seq 61 200");
        List<string> lines = WaitForSeq(s, 200, TimeSpan.FromSeconds(30), shown: 40);
        // Every line once, in order: the rows pushed off the top are not written again, and the
        // rows below the cursor are not lost.
        AssertSeqInOrder(lines, 200);
        Assert.Single(lines, l => l == "mosh$ seq 1 60");
    }

    [SkippableFact]
    public void AFloodFillsTheScrollbackAsItGoesAndLeavesTheNewestLinesAfterAMarker()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        const int Retention = 10_000;
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, historyLimit: HistoryLimit);
        // Far more than finishes before the interrupt: the flood never pauses.
        s.Command("seq 1 1000000000");
        // While it runs, batches of lines land in the scrollback (one every 2 s), each after a marker.
        var flooding = Stopwatch.StartNew();
        bool filling = false;
        while (!filling && flooding.Elapsed < TimeSpan.FromSeconds(8))
        {
            Thread.Sleep(200);
            List<string> sofar = History(s);
            filling = sofar.Count(x => SkipMarker().IsMatch(x)) >= 2;
        }
        output.WriteLine($"scrollback filling during the flood: {filling} after {flooding.ElapsedMilliseconds} ms");
        Assert.True(filling, Summary(History(s)));
        s.Tmux.Keys("C-c");
        // The screen keeps up: the prompt is back at once.
        var sw = Stopwatch.StartNew();
        WaitForPrompt(s, "", TimeSpan.FromSeconds(10));
        output.WriteLine($"prompt back {sw.ElapsedMilliseconds} ms after the interrupt");
        // Then the history settles: after the last marker, the newest lines, consecutive.
        // (The last few hundred lines may still be on their way when the count is first reached.)
        Assert.True(WaitForHistory(s, l => LastMarkerThenNumbers(l).Count >= Retention && Consecutive(LastMarkerThenNumbers(l)),
            TimeSpan.FromSeconds(30), out List<string> lines), Summary(lines));
        AssertMarkersCountTheirGaps(lines);
        List<long> after = LastMarkerThenNumbers(lines);
        // The retention, plus what the screen still shows (at most its 24 rows).
        Assert.InRange(after.Count, Retention - 2, Retention + 24);
        output.WriteLine($"{lines.Count(x => SkipMarker().IsMatch(x))} markers, then {after[0]}..{after[^1]}");
    }

    /// <summary>The numbers after the last skip marker.</summary>
    private static List<long> LastMarkerThenNumbers(List<string> lines)
    {
        int last = lines.FindLastIndex(x => SkipMarker().IsMatch(x));
        return last < 0 ? [] : lines.Skip(last + 1).Where(x => x.Length > 0 && x.All(char.IsAsciiDigit)).Select(long.Parse).ToList();
    }

    /// <summary>
    /// Numbers only ever go up, and where they jump there is exactly one marker, counting the
    /// lines in between: nothing is missing silently or shown twice.
    /// </summary>
    private static void AssertMarkersCountTheirGaps(List<string> lines)
    {
        long previous = -1;
        long skipped = -1;
        foreach (string line in lines)
        {
            Match marker = SkipMarker().Match(line);
            if (marker.Success)
            {
                Assert.True(skipped < 0, "two markers in a row");
                skipped = long.Parse(marker.Groups[1].Value);
                continue;
            }
            if (line.Length == 0 || !line.All(char.IsAsciiDigit)) continue;
            long n = long.Parse(line);
            // (Before the first number, a marker also counts the command line's rows.)
            if (previous >= 0)
                Assert.True(n == previous + 1 + Math.Max(0, skipped), $"{previous}, [{skipped} skipped], then {n}");
            previous = n;
            skipped = -1;
        }
    }

    private static bool Consecutive(List<long> numbers)
    {
        for (int i = 1; i < numbers.Count; i++)
            if (numbers[i] != numbers[i - 1] + 1) return false;
        return true;
    }

    /// <summary>The markers and the places where numbers do not follow each other, for a failure message.</summary>
    private static string Summary(List<string> lines)
    {
        var notes = new List<string> { $"{lines.Count} lines" };
        long previous = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (SkipMarker().IsMatch(lines[i])) notes.Add($"{i}: {lines[i]}");
            if (lines[i].Length == 0 || !lines[i].All(char.IsAsciiDigit)) continue;
            long n = long.Parse(lines[i]);
            if (previous >= 0 && n != previous + 1) notes.Add($"{i}: {previous} then {n}");
            previous = n;
        }
        return string.Join('\n', notes.Take(40));
    }

    [SkippableFact]
    public void FullScreenProgramsLeaveNothingInTheScrollback()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        Skip.If(TmuxSession.FindOnPath("less") is null, "less is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, historyLimit: HistoryLimit);
        s.Command("seq 1 30");
        Assert.True(s.WaitForLine("30", TimeSpan.FromSeconds(10), out _));
        OpenLess(s);
        s.Tmux.Type(" ");
        Assert.True(s.Tmux.WaitForText("730", TimeSpan.FromSeconds(10), out _));
        s.Tmux.Type("q");
        // A program of its own on the alternate screen, scrolling it hard.
        s.Command("printf '\\033[?1049h'; seq 5000 5100; printf '\\033[?1049l'; echo after-alt");
        Assert.True(s.WaitForLine("after-alt", TimeSpan.FromSeconds(10), out _));
        s.Command("seq 31 60");
        Assert.True(WaitForHistory(s, l => SeqDone(l, 60), TimeSpan.FromSeconds(10), out List<string> lines), string.Join('\n', lines));
        var numbers = lines.Where(l => l.Length > 0 && l.All(char.IsAsciiDigit)).Select(int.Parse).ToList();
        Assert.Equal(Enumerable.Range(1, 60), numbers);
    }

    private static string AlternateOn(MoshSession s) => s.Tmux.Run("display-message", "-p", "-t", s.Tmux.Target, "#{alternate_on}").Trim();

    /// <summary>Opens <c>seq 700 900 | less</c> and waits for its first page.</summary>
    private static void OpenLess(MoshSession s)
    {
        s.Command("seq 700 900 | less");
        Assert.True(s.Tmux.WaitForText("700", TimeSpan.FromSeconds(10), out _));
    }

    /// <summary>Quits less and waits until its page is gone from the pane.</summary>
    private static void QuitLess(MoshSession s)
    {
        s.Tmux.Type("q");
        Assert.True(s.Tmux.WaitFor(screen => !screen.Split('\n').Any(l => l.TrimEnd() == "700"), TimeSpan.FromSeconds(10), out _));
    }

    /// <summary>
    /// While a program shows its alternate screen, so does the terminal, as with ssh: the
    /// program's rows stay out of the scrollback whatever happens to the window, and the
    /// main screen comes back as it was when the program ends.
    /// </summary>
    [SkippableFact]
    public void AFullScreenProgramIsShownOnTheTerminalsAlternateScreen()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        Skip.If(TmuxSession.FindOnPath("less") is null, "less is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, historyLimit: HistoryLimit);
        s.Command("seq 1 30");
        Assert.True(s.WaitForLine("30", TimeSpan.FromSeconds(10), out _));
        Assert.Equal("0", AlternateOn(s));
        OpenLess(s);
        Assert.True(WaitUntil(() => AlternateOn(s) == "1", TimeSpan.FromSeconds(5)), "the pane never showed its alternate screen");
        QuitLess(s);
        Assert.True(WaitUntil(() => AlternateOn(s) == "0", TimeSpan.FromSeconds(5)), "the pane stayed on its alternate screen");
        s.Command("seq 31 60");
        List<string> lines = WaitForSeq(s, 60, TimeSpan.FromSeconds(20), shown: 40);
        AssertSeqInOrder(lines, 60);
        Assert.Single(lines, l => l == "mosh$ seq 700 900 | less");
    }

    /// <summary>
    /// A window that shrinks or grows while a full-screen program runs: the program's rows never
    /// reach the scrollback, and the shell's lines are there once each afterwards.
    /// </summary>
    [SkippableTheory]
    [InlineData(30, 24)]
    [InlineData(24, 30)]
    public void ResizingWhileAFullScreenProgramRunsKeepsItsRowsOutOfTheScrollback(int rowsBefore, int rowsAfter)
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        Skip.If(TmuxSession.FindOnPath("less") is null, "less is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, cols: 80, rows: rowsBefore, historyLimit: HistoryLimit);
        s.Command("seq 1 60");
        WaitForPrompt(s, "60", TimeSpan.FromSeconds(20));
        OpenLess(s);
        Thread.Sleep(500);
        s.Tmux.Resize(80, rowsAfter);
        // less redraws for the new size: the last line it shows is the one before its prompt.
        string last = (700 + rowsAfter - 2).ToString();
        Assert.True(s.Tmux.WaitFor(screen => screen.Split('\n').Any(l => l.TrimEnd() == last) && !screen.Split('\n').Any(l => l.TrimEnd() == (700 + rowsAfter - 1).ToString()),
            TimeSpan.FromSeconds(10), out string shown), shown);
        QuitLess(s);
        s.Command("seq 61 200");
        List<string> lines = WaitForSeq(s, 200, TimeSpan.FromSeconds(30), shown: 60);
        AssertSeqInOrder(lines, 200);
        Assert.Single(lines, l => l == "mosh$ seq 1 60");
    }

    /// <summary>
    /// Output that scrolls the main screen and a switch to the alternate screen in one write
    /// (a program started right after it): the lines go into the scrollback, and the main
    /// screen kept aside must be what the terminal shows, or a shrink before the program leaves
    /// pushes rows the terminal does not have and their history comes twice.
    /// </summary>
    [SkippableFact]
    public void LinesThatComeWithTheSwitchToTheAlternateScreenLeaveTheMainScreenRightForAResize()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, cols: 80, rows: 30, historyLimit: HistoryLimit);
        s.Command("seq 1 60");
        WaitForPrompt(s, "60", TimeSpan.FromSeconds(20));
        // printf is a builtin: one write, read by the server at once, one state.
        s.Command("printf '61\\n62\\n63\\n64\\n\\033[?1049h'");
        Assert.True(WaitUntil(() => AlternateOn(s) == "1", TimeSpan.FromSeconds(5)), "the pane never showed its alternate screen");
        Thread.Sleep(500);
        s.Tmux.Resize(80, 24);
        Thread.Sleep(500);
        s.Command("printf '\\033[?1049l'; seq 65 200");
        List<string> lines = WaitForSeq(s, 200, TimeSpan.FromSeconds(30), shown: 80);
        AssertSeqInOrder(lines, 200);
    }

    private static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) return false;
            Thread.Sleep(100);
        }
        return true;
    }

    [SkippableFact]
    public void OnExitTheLastScreenStaysAndTheTerminalsModesAreRestored()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, historyLimit: HistoryLimit);
        s.Command("seq 1 40; printf '\\033[?1000h\\033[?25l'; echo last-words");
        Assert.True(s.WaitForLine("last-words", TimeSpan.FromSeconds(10), out _));
        Assert.Equal("0", AlternateOn(s));
        s.Command("exit");
        Assert.Equal(0, s.WaitForClientExit(TimeSpan.FromSeconds(15)));
        List<string> lines = History(s);
        // The screen as it was, then the shell's next line below it; the history before it.
        int words = lines.FindLastIndex(l => l == "last-words");
        Assert.True(words > 0 && lines[words - 1] == "40", string.Join('\n', lines.TakeLast(10)));
        Assert.Equal(Enumerable.Range(1, 40), lines.Where(l => l.Length > 0 && l.All(char.IsAsciiDigit)).Select(int.Parse));
        Assert.Equal("mouse=0 cursor=1 appcursor=0", s.Tmux.Run("display-message", "-p", "-t", s.Tmux.Target,
            "mouse=#{mouse_any_flag} cursor=#{cursor_flag} appcursor=#{keypad_cursor_flag}").Trim());
    }

    /// <summary>After an attach (§14.1), a new client of ours gets the history kept so far; upstream's gets none.</summary>
    [SkippableFact]
    public void AClientAttachingLaterReceivesTheKeptHistory()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        string registry = Path.Combine(Path.GetTempPath(), $"moshaot-registry-{Guid.NewGuid():N}");
        try
        {
            var serverEnv = new Dictionary<string, string> { ["MOSH_AOT_SESSION_DIR"] = registry, ["LANG"] = "C.UTF-8", ["PS1"] = "mosh$ " };
            using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand, env: serverEnv);
            var env = new Dictionary<string, string> { ["MOSH_KEY"] = server.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" };
            using (var first = TmuxSession.Start($"exec {MoshPrograms.OurClient} 127.0.0.1 {server.Port}", 80, 24, env, historyLimit: HistoryLimit))
            {
                Assert.True(first.WaitForText("mosh$", TimeSpan.FromSeconds(15), out string screen), screen);
                first.Type("seq 1 3000");
                first.Keys("Enter");
                Assert.True(first.WaitFor(s => s.Split('\n').Any(l => l.TrimEnd() == "3000"), TimeSpan.FromSeconds(20), out screen), screen);
                // The laptop dies: no goodbye to the server.
                foreach (int pid in MoshSession.ProcessesMentioning($"mosh-client 127.0.0.1 {server.Port}"))
                    if (File.ReadAllText($"/proc/{pid}/cmdline").StartsWith(MoshPrograms.OurClient, StringComparison.Ordinal))
                        MoshPrograms.Run("kill", ["-KILL", pid.ToString()], TimeSpan.FromSeconds(5));
            }
            // A client killed a moment ago still counts as attached: name the session.
            Assert.True(MoshSession.WaitUntil(() => Directory.Exists(registry) && Directory.GetFileSystemEntries(registry).Length == 1,
                TimeSpan.FromSeconds(10)), $"no session in {registry}");
            string id = Path.GetFileName(Directory.GetFileSystemEntries(registry)[0]);
            var (exit, stdout, stderr) = MoshPrograms.Run(MoshPrograms.OurServer, ["attach", id], TimeSpan.FromSeconds(20),
                new Dictionary<string, string> { ["MOSH_AOT_SESSION_DIR"] = registry, ["LANG"] = "C.UTF-8" });
            Assert.True(exit == 0, stderr);
            string key = Regex.Match(stdout, @"MOSH CONNECT \d+ (\S{22})").Groups[1].Value;
            env["MOSH_KEY"] = key;
            using var second = TmuxSession.Start($"exec {MoshPrograms.OurClient} 127.0.0.1 {server.Port}", 80, 24, env, historyLimit: HistoryLimit);
            var sw = Stopwatch.StartNew();
            List<string> lines;
            do
            {
                Thread.Sleep(200);
                lines = second.CaptureHistory().Split('\n').Select(l => l.TrimEnd()).ToList();
            }
            while (!(lines.Count(l => l.Length > 0 && l.All(char.IsAsciiDigit)) >= 3000) && sw.Elapsed < TimeSpan.FromSeconds(20));
            var numbers = lines.Where(l => l.Length > 0 && l.All(char.IsAsciiDigit)).Select(int.Parse).ToList();
            Assert.Equal(Enumerable.Range(1, 3000), numbers);
        }
        finally
        {
            try { Directory.Delete(registry, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>With upstream on either side: no history, the alternate screen, the same screen as without the feature.</summary>
    [SkippableTheory]
    [InlineData(Impl.Ours, Impl.Upstream)]
    [InlineData(Impl.Upstream, Impl.Ours)]
    public void WithUpstreamOnEitherSideNothingChanges(Impl server, Impl client)
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        Skip.If(!MoshPrograms.UpstreamInstalled, "upstream mosh is not installed");
        string Screen(Dictionary<string, string>? clientEnv)
        {
            using var s = MoshSession.Start(server, client, clientEnv: clientEnv, historyLimit: HistoryLimit);
            s.Command("seq 1 300; printf '\\033[1;31mred\\033[m\\n'");
            Assert.True(s.WaitForLine("red", TimeSpan.FromSeconds(15), out _));
            Thread.Sleep(500);
            // Still on the alternate screen: nothing went into the pane's own scrollback.
            Assert.Equal(0, s.Tmux.HistorySize);
            Assert.Equal("1", AlternateOn(s));
            return s.Tmux.CaptureCells();
        }
        string with = Screen(null);
        string without = Screen(new Dictionary<string, string> { ["MOSH_SCROLLBACK"] = "0" });
        Assert.Equal(without, with);
    }
}
