using System.Text;
using Mosh.Terminal.Display;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;
using Mosh.Tests.Support;
using Xunit.Abstractions;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>Lines leaving the top of the main screen (protocol §14.3): which are kept, in what order, at what cost.</summary>
[Collection(ProcessWideMeasurement.Name)]
public class ScreenHistoryTests(ITestOutputHelper output)
{
    private static (VirtualTerminal Vt, ScreenHistory History) Terminal(int width, int height, int capacity)
    {
        var vt = new VirtualTerminal(width, height);
        var history = new ScreenHistory(capacity);
        vt.Framebuffer.History = history;
        return (vt, history);
    }

    private static string Text(Row row)
    {
        var buffer = new ByteBuffer();
        RowTextWriter.Write(row, DisplayCapabilities.Server, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Text(in HistoryLine line)
    {
        var buffer = new ByteBuffer();
        RowTextWriter.Write(line, DisplayCapabilities.Server, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<string> Lines(ScreenHistory history)
    {
        var lines = new List<string>();
        for (ulong n = history.Start; n < history.End; n++) lines.Add(Text(history[n]));
        return lines;
    }

    [Fact]
    public void LineFeedsAtTheBottomKeepTheLinesThatLeaveTheTopInOrder()
    {
        var (vt, history) = Terminal(10, 3, 100);
        vt.Write("one\r\ntwo\r\nthree\r\nfour\r\nfive"u8);
        Assert.Equal(["one", "two"], Lines(history));
        Assert.Equal(2ul, history.End);
        // What is still on the screen is not history.
        Assert.Equal("three", Text(vt.Framebuffer.GetRow(0)));
    }

    [Fact]
    public void WrappedLinesAndRenditionsAreKeptAsRows()
    {
        var (vt, history) = Terminal(4, 2, 100);
        vt.Write("abcdefgh\r\n\e[1;31mred\e[m\r\n"u8);
        Assert.Equal(["abcd", "efgh"], Lines(history));
        vt.Write("x\r\n"u8);
        Assert.Equal("\e[0;1;31mred\e[0m", Lines(history)[2]);
    }

    [Fact]
    public void TheAlternateScreenKeepsNothing()
    {
        var (vt, history) = Terminal(10, 3, 100);
        vt.Write("\e[?1049h"u8);
        for (int i = 0; i < 20; i++) vt.Write(Encoding.ASCII.GetBytes($"vim {i}\r\n"));
        vt.Write("\e[?1049l"u8);
        vt.Write("\e[?47h\r\na\r\nb\r\nc\r\nd\e[?47l"u8);
        Assert.Equal(0ul, history.End);
    }

    [Fact]
    public void OnlyScrollingFromTheTopRowKeepsLines()
    {
        var (vt, history) = Terminal(10, 4, 100);
        vt.Write("a\r\nb\r\nc\r\nd"u8);
        // A region below the top (a status line above it) keeps nothing, nor does deleting lines.
        vt.Write("\e[2;4r\e[4;1H\r\n\r\n\e[r\e[1;1H\e[2M"u8);
        Assert.Equal(0ul, history.End);
        // A region from the top does; SU does too.
        vt.Write("\e[1;3r\e[3;1H\r\n\e[r\e[S"u8);
        Assert.Equal(2ul, history.End);
    }

    [Fact]
    public void TheNewestLinesAreKeptAndAllAreCounted()
    {
        var (vt, history) = Terminal(10, 2, 5);
        for (int i = 1; i <= 21; i++) vt.Write(Encoding.ASCII.GetBytes($"{i}\r\n"));
        Assert.Equal(20ul, history.End);
        Assert.Equal(15ul, history.Start);
        Assert.Equal(["16", "17", "18", "19", "20"], Lines(history));
    }

    [Fact]
    public void RepPastTheBottomCountsEveryLineButKeepsABoundedNumber()
    {
        var (vt, history) = Terminal(4, 2, 10_000);
        vt.Write("ab\r\nx\e[65535b"u8);
        // 65 536 characters from column 0 fill 16 384 rows; "ab" and all but the last two left.
        Assert.Equal(16_383ul, history.End);
        Assert.True(history.Count <= ScreenHistory.MaxRepeatedKept + 2, $"{history.Count} kept");
        Assert.Equal("xxxx", Text(history[history.End - 1]));
    }

    [Fact]
    public void SteadyStateLinesAllocateNothing()
    {
        var (vt, history) = Terminal(80, 24, 1000);
        byte[] line = "a line of text that scrolls, 0123456789\r\n"u8.ToArray();
        // Warm up: the history fills, rows come back to the pool as the oldest are pushed out.
        for (int i = 0; i < 3000; i++) vt.Write(line);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) vt.Write(line);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(13_000ul - 23, history.End);
        Assert.Equal(0, allocated);
    }

    /// <summary>Bytes the managed heap grew by while <paramref name="fill"/> ran, what it built kept alive.</summary>
    private static long Footprint(Func<object> fill)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        object kept = fill();
        long footprint = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(kept);
        return footprint;
    }

    /// <summary>
    /// The footprint of a 60-row terminal of <paramref name="width"/> columns keeping
    /// <paramref name="lines"/> lines, after enough of <paramref name="line"/>(i) to fill them
    /// all (the screen's own rows are part of it).
    /// </summary>
    private static long FootprintOfLines(int width, int lines, Func<int, byte[]> line, out ScreenHistory history)
    {
        ScreenHistory? kept = null;
        long footprint = Footprint(() =>
        {
            var (vt, h) = Terminal(width, 60, lines);
            for (int i = 0; i < lines + 60; i++) vt.Write(line(i));
            kept = h;
            return vt;
        });
        history = kept!;
        return footprint;
    }

    [Fact]
    public void TenThousandFullLinesAt200ColumnsTakeAboutTheirTextNotTheirCells()
    {
        const int Lines = 10_000, Width = 200;
        byte[] line = Encoding.ASCII.GetBytes(new string('x', Width - 2) + "\r\n");
        long footprint = FootprintOfLines(Width, Lines, _ => line, out ScreenHistory history);
        output.WriteLine($"{history.Count} full lines at {Width} columns: {footprint} bytes ({footprint / history.Count} per line), ring and index {history.FootprintBytes}, bound {history.MaxFootprintBytes}");
        Assert.Equal(Lines, history.Count);
        // The screen itself (60 rows of 200 cells) is part of what was measured.
        long screen = 60L * Width * 16 * 2;
        Assert.True(footprint - screen <= history.MaxFootprintBytes, $"{footprint} bytes");
        // About 200 bytes a line (and the last chunk's spare room): far below the 3200 bytes of a row's cells.
        Assert.True(footprint <= Lines * 600L, $"{footprint} bytes");
    }

    [Fact]
    public void TenThousandColouredWideLinesAt200ColumnsStayWithinTheBound()
    {
        const int Lines = 10_000, Width = 200;
        // Every word another 256-colour foreground and background, and a wide character: about
        // a thousand bytes of host bytes a line.
        var text = new StringBuilder();
        for (int w = 0; text.Length < 900; w++) text.Append($"\e[38;5;{w % 256};48;5;{(w * 7) % 256}mword\e[m 字 ");
        byte[] line = Encoding.UTF8.GetBytes(text + "\r\n");
        long footprint = FootprintOfLines(Width, Lines, _ => line, out ScreenHistory history);
        output.WriteLine($"{history.Count} coloured lines at {Width} columns: {footprint} bytes, bound {history.MaxFootprintBytes}");
        Assert.True(footprint <= history.MaxFootprintBytes + 60L * Width * 16 * 2, $"{footprint} bytes");
        Assert.True(history.MaxFootprintBytes <= Lines * (long)(ScreenHistory.MaxBytesPerLine + ScreenHistory.IndexBytesPerLine));
    }

    [Fact]
    public void ShortLinesCostTheirLengthNotTheWidth()
    {
        const int Lines = 10_000, Width = 200;
        long footprint = FootprintOfLines(Width, Lines, i => Encoding.ASCII.GetBytes($"{i}\r\n"), out ScreenHistory history);
        output.WriteLine($"history of {history.Count} short lines at {Width} columns: {footprint} bytes ({footprint / history.Count} per line)");
        Assert.Equal(Lines, history.Count);
        // The ring (2 to 5 bytes a line, in one chunk of 128 KiB), the index (12) and the
        // screen: far below a row's 3200 bytes.
        Assert.True(footprint <= Lines * 40L + 60L * Width * 16 * 2, $"{footprint} bytes");
        Assert.Equal("10000", Text(history[history.End - 1]));
    }

    [Fact]
    public void LinesAfterOneWithMarksAllocateNothing()
    {
        var (vt, history) = Terminal(10, 2, 100);
        // The bottom row gets a mark and keeps its side store for reuse; the lines after it hold none.
        vt.Write("a\r\ne\u0301\r\n"u8);
        for (int i = 0; i < 4; i++) vt.Write("plain\r\n"u8);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) vt.Write("plain\r\n"u8);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("plain", Text(history[history.End - 1]));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void LinesWithCombiningMarksKeepThem()
    {
        var (vt, history) = Terminal(10, 2, 100);
        vt.Write("e\u0301te\u0301\r\nx\r\ny\r\nz"u8);
        Assert.Equal("e\u0301te\u0301", Text(history[0]));
        Assert.Equal("x", Text(history[1]));
    }

    [Fact]
    public void TheRingGrowsAndWrapsWithoutLosingALine()
    {
        // Lines of varying length, far more cells than the ring starts with, many times round.
        var (vt, history) = Terminal(300, 2, 100);
        var expected = new List<string>();
        var random = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            string line = i + new string('x', random.Next(0, 280));
            vt.Write(Encoding.ASCII.GetBytes(line + "\r\n"));
            expected.Add(line);
        }
        // The last line written is still on the screen.
        var kept = expected.Take(expected.Count - 1).TakeLast(history.Count).ToList();
        Assert.Equal(kept, Lines(history));
        Assert.True(history.Count > 50, $"{history.Count} lines kept");
        Assert.True(history.FootprintBytes <= history.MaxFootprintBytes);
    }

    /// <summary>
    /// Many chunks, added while the lines grow longer and gone round many times, and lines so
    /// big on average that the bound, not the retention, says how many fit: whatever the sizes,
    /// the kept lines are the newest ones, in order, each as its row showed it; once the lines
    /// stop growing, as many as the retention allows; never more memory than the bound.
    /// </summary>
    [Fact]
    public void ARingOfChunksKeepsTheNewestLinesWhateverTheirSizes()
    {
        const int Capacity = 3000, Width = 300;
        var (vt, history) = Terminal(Width, 2, Capacity);
        var written = new List<string>();
        var random = new Random(11);
        string[] characters = ["x", "y", "\u00e9", "\u5b57", "\e[31mr", "\e[38;5;99mv", "\e[m"];
        // Short lines, long ones (more than a chunk holds at the retention), short, any, then
        // lines of a colour a cell (about 3 KB each: the ring's bound keeps fewer than 3000).
        (int Lines, int MinLength, int MaxLength, int Characters)[] phases =
            [(5000, 0, 8, 4), (8000, 150, 280, 4), (5000, 0, 8, 4), (8000, 0, 280, 7), (3000, 280, 290, 7), (6000, 0, 280, 7)];
        foreach (var (lines, minLength, maxLength, kinds) in phases)
        {
            for (int i = 0; i < lines; i++)
            {
                var line = new StringBuilder($"\e[m{written.Count}");
                for (int n = random.Next(minLength, maxLength); n > 0; n--)
                    line.Append(kinds == 7 && minLength >= 280 ? $"\e[38;5;{random.Next(256)}m{characters[random.Next(4)]}" : characters[random.Next(kinds)]);
                // Up to the last column, no further (no wrap), then the row as it shows it.
                vt.Write(Encoding.UTF8.GetBytes($"\e[?7l{line}\e[m"));
                written.Add(Text(vt.Framebuffer.GetRow(1)));
                vt.Write("\r\n"u8);
            }
            // The last line written is still on the screen.
            List<string> kept = Lines(history);
            Assert.Equal(written.Count - 1, (int)history.End);
            Assert.Equal(written.Take(written.Count - 1).TakeLast(kept.Count), kept);
            Assert.True(history.FootprintBytes <= history.MaxFootprintBytes);
            if (minLength >= 280)
                Assert.InRange(history.Count, 500, Capacity - 1);
            else
                Assert.Equal(Capacity, history.Count);
        }
        Assert.True(history.FootprintBytes > 2 * ScreenHistory.ChunkBytes, $"{history.FootprintBytes} bytes");
    }

    [Fact]
    public void AKeptLineGivesTheSameBytesAsItsRowDid()
    {
        // Random rows: renditions of every kind, wide characters, combining marks (also at a
        // row's start, drawn after a no-break space), erased cells with a background colour,
        // trailing blanks, hyperlinks (left out). Each screen is read as rows, then scrolled whole into the history.
        string[] pieces =
        [
            "abc", " ", "x", "\u00e9t\u00e9", "\u5b57", "\u65e5\u672c", "e\u0301", "\u0301", "\u00a0", "\u2500\u2502",
            "\e[1m", "\e[3;4m", "\e[2;9;53m", "\e[4:3m", "\e[58:2::1:2:3m", "\e[31m", "\e[38;5;200m", "\e[48;2;1;2;3m",
            "\e[7m", "\e[m", "\e[41m\e[K", "\e[44m   ", "\e[5C", "\e[0m  \e[K", "\e]8;;http://x/\e\\li\u00e9nk\e]8;;\e\\",
            // Runs of eight and more plain cells (copied eight at a time), blanks among them.
            "0123456789abcdef~!", "The quick brown fox", "\e[11C", "        ", "ab\e[3Ccdefghijk",
        ];
        var random = new Random(7);
        const int Width = 37, Height = 4;
        var (vt, history) = Terminal(Width, Height, 1000);
        for (int screen = 0; screen < 200; screen++)
        {
            vt.Write("\e[m\e[H\e[2J"u8);
            var sb = new StringBuilder();
            for (int i = random.Next(0, 30); i > 0; i--) sb.Append(pieces[random.Next(pieces.Length)]);
            vt.Write(Encoding.UTF8.GetBytes(sb.ToString()));
            var rows = Enumerable.Range(0, Height).Select(y => Text(vt.Framebuffer.GetRow(y))).ToList();
            ulong first = history.End;
            vt.Write(Encoding.ASCII.GetBytes($"\e[{Height};1H" + new string('\n', Height)));
            Assert.Equal(first + Height, history.End);
            for (int y = 0; y < Height; y++)
                Assert.Equal(rows[y], Text(history[first + (ulong)y]));
        }
    }

    [Fact]
    public void ALineBiggerThanTheWholeRingIsCutToFit()
    {
        // One line of retention in a window 10 000 columns wide, every cell another colour: far
        // more than the ring's 64 KiB. What is kept is the line's start, still well formed.
        const int Width = 10_000;
        var (vt, history) = Terminal(Width, 2, 1);
        var sb = new StringBuilder();
        for (int i = 0; i < Width; i++) sb.Append($"\e[38;5;{i % 256}m\u00e9");
        vt.Write(Encoding.UTF8.GetBytes(sb + "\r\n\r\n"));
        Assert.Equal(1, history.Count);
        string text = Text(history[history.End - 1]);
        Assert.StartsWith("\e[0;30m\u00e9\e[0;31m\u00e9", text);
        Assert.EndsWith("\u00e9\e[0m", text);
        Assert.True(history.FootprintBytes <= history.MaxFootprintBytes);
    }

    [Fact]
    public void ShrinkingKeepingTheCursorRowSendsTheTopRowsIntoTheHistory()
    {
        var (vt, history) = Terminal(10, 6, 100);
        vt.Write("1\r\n2\r\n3\r\n4\r\n5\r\n6"u8);
        vt.ResizeKeepingCursorRow(10, 4);
        Assert.Equal(["1", "2"], Enumerable.Range(0, 2).Select(i => Text(history[(ulong)i])));
        Assert.Equal(["3", "4", "5", "6"], Enumerable.Range(0, 4).Select(y => Text(vt.Framebuffer.GetRow(y))));
        Assert.Equal((3, 1), (vt.Framebuffer.CursorRow, vt.Framebuffer.CursorColumn));

        // With the cursor high up, the rows below it go, as in a plain resize.
        vt.Write("\e[H"u8);
        vt.ResizeKeepingCursorRow(10, 2);
        Assert.Equal(2ul, history.End);
        Assert.Equal(["3", "4"], Enumerable.Range(0, 2).Select(y => Text(vt.Framebuffer.GetRow(y))));

        // The alternate screen keeps no history: cut from the bottom.
        var (alt, altHistory) = Terminal(10, 6, 100);
        alt.Write("\e[?1049h1\r\n2\r\n3\r\n4\r\n5\r\n6"u8);
        alt.ResizeKeepingCursorRow(10, 4);
        Assert.Equal(0ul, altHistory.End);
        Assert.Equal(["1", "2", "3", "4"], Enumerable.Range(0, 4).Select(y => Text(alt.Framebuffer.GetRow(y))));
    }

    /// <summary>
    /// The main screen set aside while the alternate screen is shown shrinks as the client's
    /// terminal shrinks its own: keeping the row of the cursor saved on entering (1049), where
    /// leaving puts the cursor back; the rows above that no longer fit go into the history.
    /// </summary>
    [Fact]
    public void ShrinkingOnTheAlternateScreenKeepsTheSavedCursorRowOfTheMainScreen()
    {
        var (vt, history) = Terminal(10, 6, 100);
        vt.Write("1\r\n2\r\n3\r\n4\r\n5\r\nmosh$ "u8);
        vt.Write("\e[?1049h\e[HA\r\nB\r\nC\r\nD\r\nE\r\nF"u8);
        vt.ResizeKeepingCursorRow(10, 3);
        Assert.Equal(["1", "2", "3"], Enumerable.Range(0, 3).Select(i => Text(history[(ulong)i])));
        Assert.Equal(["A", "B", "C"], Enumerable.Range(0, 3).Select(y => Text(vt.Framebuffer.GetRow(y))));

        vt.Write("\e[?1049l"u8);
        Assert.Equal(["4", "5", "mosh$"], Enumerable.Range(0, 3).Select(y => Text(vt.Framebuffer.GetRow(y)).TrimEnd()));
        Assert.Equal((2, 6), (vt.Framebuffer.CursorRow, vt.Framebuffer.CursorColumn));

        // With the saved cursor high up, the main screen loses rows from the bottom only.
        var (top, topHistory) = Terminal(10, 6, 100);
        top.Write("1\r\n2\r\n3\e[H\e[?1049hA"u8);
        top.ResizeKeepingCursorRow(10, 2);
        Assert.Equal(0ul, topHistory.End);
        top.Write("\e[?1049l"u8);
        Assert.Equal(["1", "2"], Enumerable.Range(0, 2).Select(y => Text(top.Framebuffer.GetRow(y))));
    }

    [Fact]
    public void CopiesOfTheFramebufferDoNotTakeTheHistory()
    {
        var (vt, _) = Terminal(10, 3, 100);
        var copy = new Framebuffer(vt.Framebuffer);
        Assert.Null(copy.History);
    }
}
