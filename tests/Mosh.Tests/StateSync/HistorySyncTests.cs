using System.Text;
using Mosh.StateSync;
using Mosh.Terminal.Screen;
using Mosh.Transport.Protobuf;

namespace Mosh.Tests.StateSync;

/// <summary>History as part of the terminal state (protocol §14.3): diffs, the client's inbox, the pacer, the request.</summary>
public class HistorySyncTests
{
    private static CompleteTerminal Server(int width, int height, int capacity, out ScreenHistory history)
    {
        var server = new CompleteTerminal(width, height);
        history = new ScreenHistory(capacity);
        server.OfferHistory(history);
        return server;
    }

    private static CompleteTerminal Client(int width, int height, out HistoryInbox inbox)
    {
        var client = new CompleteTerminal(width, height);
        inbox = new HistoryInbox();
        client.Inbox = inbox;
        return client;
    }

    private static void WriteLines(CompleteTerminal terminal, int from, int to)
    {
        for (int i = from; i <= to; i++) terminal.Vt.Write(Encoding.ASCII.GetBytes($"{i}\r\n"));
    }

    /// <summary>What the display would write: each line's text, and skips as "[N skipped]".</summary>
    private static List<string> Drain(HistoryInbox inbox)
    {
        var lines = new List<string>();
        foreach (HistoryInbox.Entry e in inbox.Pending)
            lines.Add(e.Skipped > 0 ? $"[{e.Skipped} skipped]" : Encoding.UTF8.GetString(inbox.TextOf(e)));
        inbox.Clear();
        return lines;
    }

    private static bool Apply(CompleteTerminal client, CompleteTerminal server, CompleteTerminal reference)
    {
        var diff = new ByteBuffer();
        server.WriteDiffFrom(reference, diff);
        return client.TryApplyDiff(diff.WrittenSpan);
    }

    [Fact]
    public void ADiffCarriesTheLinesBetweenTheTwoHistoryEnds()
    {
        CompleteTerminal server = Server(20, 3, 100, out ScreenHistory history);
        CompleteTerminal initial = new CompleteTerminal(20, 3);
        WriteLines(server, 1, 10);
        Assert.True(server.SetHistoryEnd(history.End));
        CompleteTerminal client = Client(20, 3, out HistoryInbox inbox);
        Assert.True(Apply(client, server, initial));
        Assert.True(client.ContentEquals(server));
        Assert.True(client.HistoryOffered);
        Assert.Equal(8ul, client.HistoryEnd);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], Drain(inbox));

        // The next diff, from the state the client now holds, carries only what is new.
        CompleteTerminal sent = server.Clone();
        WriteLines(server, 11, 12);
        server.SetHistoryEnd(history.End);
        CompleteTerminal next = client.Clone();
        Assert.True(Apply(next, server, sent));
        Assert.Equal(["9", "10"], Drain(inbox));
    }

    /// <summary>
    /// Whether the screen shown is the alternate screen goes with the history (§14.3), so that
    /// the client can show its terminal's alternate screen too: it counts in the state, and a
    /// diff says it whenever it differs from the reference.
    /// </summary>
    [Fact]
    public void TheAlternateScreenShownTravelsWithTheHistory()
    {
        CompleteTerminal server = Server(20, 3, 100, out _);
        CompleteTerminal client = Client(20, 3, out _);
        Assert.True(Apply(client, server, new CompleteTerminal(20, 3)));
        Assert.False(client.AlternateScreenShown);

        // A blank alternate screen looks like a blank main screen: only the flag tells them apart.
        CompleteTerminal sent = server.Clone();
        server.Vt.Write("\e[?1049h"u8);
        Assert.True(server.AlternateScreenShown);
        Assert.False(server.ContentEquals(sent));
        CompleteTerminal next = client.Clone();
        Assert.True(Apply(next, server, sent));
        Assert.True(next.AlternateScreenShown);
        Assert.True(next.ContentEquals(server));

        // A diff from a state that already says so leaves it as it is.
        CompleteTerminal sentAgain = server.Clone();
        server.Vt.Write("x"u8);
        CompleteTerminal after = next.Clone();
        Assert.True(Apply(after, server, sentAgain));
        Assert.True(after.AlternateScreenShown);

        CompleteTerminal sentLast = server.Clone();
        server.Vt.Write("\e[?1049l"u8);
        CompleteTerminal back = after.Clone();
        Assert.True(Apply(back, server, sentLast));
        Assert.False(back.AlternateScreenShown);
        Assert.True(back.ContentEquals(server));
    }

    /// <summary>Without history offered (upstream's client), no diff says which screen is shown.</summary>
    [Fact]
    public void WithoutHistoryTheAlternateScreenIsNotSaid()
    {
        var server = new CompleteTerminal(20, 3);
        CompleteTerminal sent = server.Clone();
        server.Vt.Write("\e[?1049hx"u8);
        CompleteTerminal client = Client(20, 3, out _);
        Assert.True(Apply(client, server, sent));
        Assert.False(client.HistoryOffered);
        Assert.False(client.AlternateScreenShown);
    }

    [Fact]
    public void LinesNoLongerKeptArriveAsOneCount()
    {
        CompleteTerminal server = Server(20, 3, 5, out ScreenHistory history);
        CompleteTerminal initial = new CompleteTerminal(20, 3);
        WriteLines(server, 1, 22);
        server.SetHistoryEnd(history.End);
        CompleteTerminal client = Client(20, 3, out HistoryInbox inbox);
        Assert.True(Apply(client, server, initial));
        Assert.Equal(["[15 skipped]", "16", "17", "18", "19", "20"], Drain(inbox));
    }

    [Fact]
    public void ARepeatedOrLateDiffAddsNothingTwice()
    {
        CompleteTerminal server = Server(20, 3, 100, out ScreenHistory history);
        CompleteTerminal initial = new CompleteTerminal(20, 3);
        WriteLines(server, 1, 6);
        server.SetHistoryEnd(history.End);
        CompleteTerminal client = Client(20, 3, out HistoryInbox inbox);
        CompleteTerminal again = client.Clone();
        CompleteTerminal first = client.Clone();
        Assert.True(Apply(first, server, initial));
        CompleteTerminal older = server.Clone();
        WriteLines(server, 7, 8);
        server.SetHistoryEnd(history.End);
        // The newer state first, relative to the initial one, then the older one arrives late.
        CompleteTerminal newer = client.Clone();
        Assert.True(Apply(newer, server, initial));
        Assert.True(Apply(again, older, initial));
        Assert.Equal(["1", "2", "3", "4", "5", "6"], Drain(inbox).Take(6).ToList());
        Assert.Equal(6ul, inbox.End);
    }

    [Fact]
    public void ADiffThatDoesNotContinueFromTheClientsEndIsRefused()
    {
        CompleteTerminal server = Server(20, 3, 100, out ScreenHistory history);
        WriteLines(server, 1, 10);
        server.SetHistoryEnd(4);
        CompleteTerminal reference = server.Clone();
        server.SetHistoryEnd(history.End);
        // The client holds end 0, but the diff starts at 4.
        CompleteTerminal client = Client(20, 3, out _);
        Assert.False(Apply(client, server, reference));
    }

    [Fact]
    public void WithoutARequestNoDiffHoldsAHistoryInstruction()
    {
        var server = new CompleteTerminal(20, 3);
        var initial = server.Clone();
        WriteLines(server, 1, 10);
        Assert.False(server.SetHistoryEnd(10));
        var diff = new ByteBuffer();
        server.WriteDiffFrom(initial, diff);
        var reader = new HostMessageReader(diff.WrittenSpan);
        while (reader.TryRead(out HostEvent e)) Assert.NotEqual(HostEventKind.History, e.Kind);
        Assert.False(reader.Malformed);
    }

    [Fact]
    public void ThePacerAddsAFewHundredLinesPerStateSentOnceABurstIsOver()
    {
        CompleteTerminal server = Server(20, 3, 10_000, out ScreenHistory history);
        WriteLines(server, 1, 2000);
        var pacer = new HistoryPacer();
        // The burst is still coming: nothing yet, and a wake-up when the rate is looked at again.
        Assert.False(pacer.Update(server, lastSentEnd: 0, nowMs: 0));
        Assert.Equal(0ul, server.HistoryEnd);
        Assert.Equal(HistoryPacer.RateWindowMs, pacer.WakeTimeMs);
        Assert.False(pacer.Update(server, lastSentEnd: 0, nowMs: HistoryPacer.RateWindowMs - 1));
        Assert.True(pacer.Update(server, lastSentEnd: 0, nowMs: HistoryPacer.RateWindowMs));
        Assert.Equal((ulong)HistoryPacer.LinesPerState, server.HistoryEnd);
        // Not sent yet: no further.
        Assert.False(pacer.Update(server, lastSentEnd: 0, nowMs: HistoryPacer.RateWindowMs + 1));
        Assert.True(pacer.Update(server, lastSentEnd: server.HistoryEnd, nowMs: HistoryPacer.RateWindowMs + 2));
        Assert.Equal(2ul * HistoryPacer.LinesPerState, server.HistoryEnd);
    }

    [Fact]
    public void LinesComingSlowerThanAStateCarriesGoAtOnce()
    {
        CompleteTerminal server = Server(20, 3, 10_000, out ScreenHistory history);
        var pacer = new HistoryPacer();
        int next = 1;
        for (long now = 0; now <= 1000; now += 20)
        {
            // 50 lines a frame: 250 in a rate window, fewer than a state carries.
            WriteLines(server, next, next + 49);
            next += 50;
            pacer.Update(server, lastSentEnd: server.HistoryEnd, nowMs: now);
            Assert.Equal(history.End, server.HistoryEnd);
        }
    }

    [Fact]
    public void InAFloodThePacerWaitsForQuietThenSkipsOnce()
    {
        CompleteTerminal server = Server(20, 3, 1000, out ScreenHistory history);
        var pacer = new HistoryPacer();
        WriteLines(server, 1, 5000);
        Assert.False(pacer.Update(server, 0, nowMs: 0));
        Assert.Equal(HistoryPacer.RateWindowMs, pacer.WakeTimeMs);
        WriteLines(server, 5001, 6000);
        Assert.False(pacer.Update(server, 0, nowMs: HistoryPacer.QuietMs / 2));
        Assert.Equal(0ul, server.HistoryEnd);
        // Quiet: on from the oldest line kept.
        Assert.True(pacer.Update(server, 0, nowMs: HistoryPacer.QuietMs / 2 + HistoryPacer.QuietMs));
        Assert.Equal(history.Start + HistoryPacer.LinesPerState, server.HistoryEnd);

        CompleteTerminal client = Client(20, 3, out HistoryInbox inbox);
        Assert.True(Apply(client, server, new CompleteTerminal(20, 3)));
        List<string> lines = Drain(inbox);
        Assert.Equal($"[{history.Start} skipped]", lines[0]);
        Assert.Equal((history.Start + 1).ToString(), lines[1]);
        Assert.Equal(HistoryPacer.LinesPerState + 1, lines.Count);
    }

    /// <summary>
    /// Sends like the transport: the pacer runs, then a changed state goes as a diff from the
    /// last one sent, which the client applies. Returns the state sent (or the old one).
    /// </summary>
    private static CompleteTerminal PaceAndSend(HistoryPacer pacer, CompleteTerminal server, CompleteTerminal sent, CompleteTerminal client, long now)
    {
        pacer.Update(server, sent.HistoryEnd, now);
        if (server.HistoryEnd == sent.HistoryEnd)
            return sent;
        Assert.True(Apply(client, server, sent));
        return server.Clone();
    }

    /// <summary>Checks that every line number up to <paramref name="end"/> is either received once, in order, or counted as skipped.</summary>
    private static void AssertEachLineOnce(List<string> received, ulong end)
    {
        ulong expected = 0;
        foreach (string entry in received)
        {
            if (entry.StartsWith('['))
            {
                expected += ulong.Parse(entry[1..entry.IndexOf(' ')]);
                continue;
            }
            // Line "k" written by WriteLines is history line k − 1.
            Assert.Equal(expected + 1, ulong.Parse(entry));
            expected++;
        }
        Assert.Equal(end, expected);
    }

    [Fact]
    public void AFloodThatNeverPausesStillSendsABatchEveryIntervalAndCountsEveryLineOnce()
    {
        const int Capacity = 1000;
        CompleteTerminal server = Server(20, 3, Capacity, out ScreenHistory history);
        CompleteTerminal client = Client(20, 3, out HistoryInbox inbox);
        CompleteTerminal sent = new CompleteTerminal(20, 3);
        var pacer = new HistoryPacer();
        var received = new List<string>();
        var batches = new List<(long At, List<string> Lines)>();
        int next = 1;
        const long FloodMs = 3 * HistoryPacer.FloodBatchIntervalMs + 500;
        for (long now = 0; now <= FloodMs; now += 20)
        {
            // 100 000 lines a second: far more than a state a frame carries.
            WriteLines(server, next, next + 1999);
            next += 2000;
            sent = PaceAndSend(pacer, server, sent, client, now);
            List<string> arrived = Drain(inbox);
            if (arrived.Count > 0) batches.Add((now, arrived));
            received.AddRange(arrived);
        }
        // One batch a second while the flood lasts: a count of the lines lost, then lines in order.
        Assert.Equal(3, batches.Count);
        for (int i = 0; i < batches.Count; i++)
        {
            Assert.InRange(batches[i].At, (i + 1) * HistoryPacer.FloodBatchIntervalMs, (i + 1) * (HistoryPacer.FloodBatchIntervalMs + 40));
            Assert.Matches(@"^\[\d+ skipped\]$", batches[i].Lines[0]);
            Assert.Equal(HistoryPacer.LinesPerState + 1, batches[i].Lines.Count);
        }
        // The flood stops: after a quiet spell, one count, then the newest lines kept.
        for (long now = FloodMs + 20; now <= FloodMs + 20 + HistoryPacer.QuietMs + 400; now += 20)
        {
            sent = PaceAndSend(pacer, server, sent, client, now);
            received.AddRange(Drain(inbox));
        }
        AssertEachLineOnce(received, history.End);
        int lastCount = received.FindLastIndex(l => l.StartsWith('['));
        Assert.Equal(Capacity, received.Count - lastCount - 1);
    }

    [Fact]
    public void ABuildPrintingSteadilyAfterABurstIsNotHeldUntilItStops()
    {
        // A burst close to the retention, then a line every 100 ms that never pauses 500 ms:
        // the lines waiting stay near the retention, yet they flow.
        const int Capacity = 1000;
        CompleteTerminal server = Server(20, 3, Capacity, out ScreenHistory history);
        CompleteTerminal client = Client(20, 3, out HistoryInbox inbox);
        CompleteTerminal sent = new CompleteTerminal(20, 3);
        var pacer = new HistoryPacer();
        var received = new List<string>();
        WriteLines(server, 1, Capacity - 100);
        int next = Capacity - 99;
        for (long now = 0; now <= 3 * HistoryPacer.FloodBatchIntervalMs; now += 20)
        {
            if (now % 100 == 0) WriteLines(server, next, next++);
            sent = PaceAndSend(pacer, server, sent, client, now);
            received.AddRange(Drain(inbox));
        }
        // Everything arrived, nothing skipped, while the output went on.
        Assert.DoesNotContain(received, l => l.StartsWith('['));
        AssertEachLineOnce(received, history.End);
    }

    [Fact]
    public void APromiseNotYetSentIsTakenBackWhenAFloodLosesItsLines()
    {
        CompleteTerminal server = Server(20, 3, 1000, out ScreenHistory history);
        var pacer = new HistoryPacer();
        WriteLines(server, 1, 100);
        Assert.True(pacer.Update(server, 0, nowMs: 0));
        Assert.Equal(98ul, server.HistoryEnd);
        // Before that state goes, a flood pushes its lines out of what is kept.
        WriteLines(server, 101, 3000);
        Assert.False(pacer.Update(server, 0, nowMs: 10));
        Assert.Equal(0ul, server.HistoryEnd);
        Assert.True(pacer.WakeTimeMs > 10);
    }

    [Fact]
    public void AResizeCarriesTheRequestAndUpstreamsEncodingStaysWithoutIt()
    {
        var plain = new UserStream();
        plain.PushResize(80, 24);
        var asking = new UserStream();
        asking.PushResize(80, 24, 10_000);
        var empty = new UserStream();
        var diff = new ByteBuffer();
        plain.WriteDiffFrom(empty, diff);
        Assert.Equal(new byte[] { 0x0A, 0x06, 0x1A, 0x04, 0x28, 0x50, 0x30, 0x18 }, diff.WrittenSpan.ToArray());

        diff.Clear();
        asking.WriteDiffFrom(empty, diff);
        // As docs/protocol.md §14.3 gives it.
        Assert.Equal(new byte[] { 0x0A, 0x0A, 0x1A, 0x08, 0x28, 0x50, 0x30, 0x18, 0xC0, 0x02, 0x90, 0x4E }, diff.WrittenSpan.ToArray());
        var received = new UserStream();
        Assert.True(received.TryApplyDiff(diff.WrittenSpan));
        Assert.Equal(10_000, received.RequestedScrollback);
        Assert.True(received.ContentEquals(asking));
        // The request is field 40 of the ResizeMessage, after width and height.
        var r = new ProtoReader(diff.WrittenSpan[4..]);
        Assert.True(r.TryReadKey(out int f1, out _) && f1 == 5 && r.TryReadVarint(out _));
        Assert.True(r.TryReadKey(out int f2, out _) && f2 == 6 && r.TryReadVarint(out _));
        Assert.True(r.TryReadKey(out int f3, out _) && f3 == 40 && r.TryReadVarint(out ulong lines) && lines == 10_000);
    }

    [Fact]
    public void ShippingHistoryAllocatesNothingPerLineInSteadyState()
    {
        CompleteTerminal server = Server(80, 24, 1000, out ScreenHistory history);
        byte[] line = "steady output line 0123456789\r\n"u8.ToArray();
        var diff = new ByteBuffer(1 << 16);
        CompleteTerminal sent = server.Clone();
        void Round()
        {
            for (int i = 0; i < 100; i++) server.Vt.Write(line);
            server.SetHistoryEnd(history.End);
            diff.Clear();
            server.WriteDiffFrom(sent, diff);
            sent.CopyFrom(server);
        }
        for (int i = 0; i < 30; i++) Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Round();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
