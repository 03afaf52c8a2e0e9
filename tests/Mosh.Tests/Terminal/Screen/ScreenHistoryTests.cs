using System.Text;
using Mosh.Terminal.Display;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;
using Xunit.Abstractions;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>Lines leaving the top of the main screen (protocol §14.3): which are kept, in what order, at what cost.</summary>
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
        Assert.True(history[0].SoftWrapped);
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

    [Fact]
    public void TenThousandLinesAt200ColumnsStayWithinTheirBound()
    {
        const int Lines = 10_000, Width = 200;
        // The bound: a row's cells (16 bytes each) and the row object around them.
        const long Bound = Lines * (Width * 16L + 128);
        byte[] line = Encoding.ASCII.GetBytes(new string('x', Width - 2) + "\r\n");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var (vt, history) = Terminal(Width, 60, Lines);
        for (int i = 0; i < Lines + 60; i++) vt.Write(line);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        long footprint = after - before;
        output.WriteLine($"history of {history.Count} lines at {Width} columns: {footprint} bytes ({footprint / history.Count} per line); bound {Bound}");
        Assert.Equal(Lines, history.Count);
        Assert.True(footprint <= Bound, $"{footprint} > {Bound}");
        GC.KeepAlive(vt);
    }

    [Fact]
    public void ShortLinesCostTheirLengthNotTheWidth()
    {
        const int Lines = 10_000, Width = 200;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var (vt, history) = Terminal(Width, 60, Lines);
        for (int i = 0; i < Lines + 60; i++) vt.Write(Encoding.ASCII.GetBytes($"{i}\r\n"));
        long footprint = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"history of {history.Count} short lines at {Width} columns: {footprint} bytes ({footprint / history.Count} per line)");
        Assert.Equal(Lines, history.Count);
        // Sixteen cells a line (the ring's first size) and the line records: far below a row's 3200 bytes.
        Assert.True(footprint <= Lines * 320L, $"{footprint} bytes");
        Assert.Equal("10000", Text(history[history.End - 1]));
        GC.KeepAlive(vt);
    }

    [Fact]
    public void ARowThatOnceHadMarksIsCopiedLikeAnyOtherOnceTheyAreGone()
    {
        var (vt, history) = Terminal(10, 2, 100);
        // The bottom row gets a mark; every later line is written into rows that keep their
        // side store for reuse, yet holds no mark: it must still be copied, not kept whole.
        vt.Write("a\r\ne\u0301\r\n"u8);
        // The line with the mark leaves (kept whole: the screen takes a new row for it).
        for (int i = 0; i < 4; i++) vt.Write("plain\r\n"u8);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) vt.Write("plain\r\n"u8);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("plain", Text(history[history.End - 1]));
        Assert.Null(history[history.End - 1].Row);
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
    public void TheRingOfCellsGrowsAndWrapsWithoutLosingALine()
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
        Assert.True(history.CellBytes <= 100L * ScreenHistory.MaxCellsPerLine * 16);
    }

    [Fact]
    public void CopiesOfTheFramebufferDoNotTakeTheHistory()
    {
        var (vt, _) = Terminal(10, 3, 100);
        var copy = new Framebuffer(vt.Framebuffer);
        Assert.Null(copy.History);
    }
}
