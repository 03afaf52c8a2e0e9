using Mosh.StateSync;
using Mosh.Terminal.Screen;
using Mosh.Transport;

namespace Mosh.Tests.StateSync;

/// <summary>Copies of the terminal state are cheap: rows shared, no parser of their own, nothing pinned once pooled.</summary>
public class CompleteTerminalTests
{
    [Fact]
    public void ACloneSharesRowsAndEqualsTheOriginal()
    {
        var live = new CompleteTerminal(20, 4);
        live.Vt.Write("one\r\ntwo\e]2;title\a"u8);
        live.SetEchoAck(7);
        CompleteTerminal copy = live.Clone();
        Assert.True(copy.ContentEquals(live));
        Assert.Equal(7ul, copy.EchoAck);
        for (int y = 0; y < 4; y++)
        {
            Assert.Same(live.Framebuffer.GetRow(y), copy.Framebuffer.GetRow(y));
        }
    }

    [Fact]
    public void ACloneCostsFarLessThanAParserOrAScreenOfRows()
    {
        var live = new CompleteTerminal(200, 60);
        live.Vt.Write("text"u8);
        live.Clone(); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        CompleteTerminal copy = live.Clone();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // A parser is about 66 KiB and 60 rows of 200 cells about 190 KiB; the copy needs neither.
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes");
        Assert.True(copy.ContentEquals(live));
    }

    [Fact]
    public void AStateBackInThePoolNoLongerHoldsTheLiveRows()
    {
        var live = new CompleteTerminal(10, 3);
        live.Vt.Write("abc"u8);
        var pool = new StatePool<CompleteTerminal>();
        CompleteTerminal sent = pool.RentCopyOf(live);
        Row row = live.Framebuffer.GetRow(0);
        pool.Return(sent);
        // Nobody else holds the row now, so the live terminal writes it in place.
        live.Vt.Write("\e[1;1Hx"u8);
        Assert.Same(row, live.Framebuffer.GetRow(0));
        // A state rented again is a full, equal copy.
        CompleteTerminal again = pool.RentCopyOf(live);
        Assert.Same(sent, again);
        Assert.True(again.ContentEquals(live));
    }

    [Fact]
    public void DiffsApplyToCopiesWithoutParsersOfTheirOwn()
    {
        var server = new CompleteTerminal(20, 4);
        var reference = server.Clone();
        server.Vt.Write("\e[1;31mred\e[m\r\n\e]2;t\a中文"u8);
        var diff = new ByteBuffer();
        server.WriteDiffFrom(reference, diff);

        var client = new CompleteTerminal(20, 4);
        var pool = new StatePool<CompleteTerminal>();
        for (int i = 0; i < 3; i++)
        {
            CompleteTerminal state = pool.RentCopyOf(client);
            Assert.True(state.TryApplyDiff(diff.WrittenSpan));
            Assert.True(state.ContentEquals(server));
            pool.Return(state);
        }
    }
}
