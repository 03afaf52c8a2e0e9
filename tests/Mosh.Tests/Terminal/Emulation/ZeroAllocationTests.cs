using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;
using Mosh.Tests.Support;

namespace Mosh.Tests.Terminal.Emulation;

/// <summary>Parser + emulator allocate nothing in steady state.</summary>
public class ZeroAllocationTests
{
    [Fact]
    public void MegabytesOfMixedOutputAllocateNothingAfterWarmUp()
    {
        byte[] stream = TerminalStreams.Mixed(1 << 20);
        var terminal = new VirtualTerminal(80, 24);
        var snapshot = new Framebuffer(terminal.Framebuffer);
        // Warm-up: pools fill, combining side stores get created, JIT settles.
        for (int i = 0; i < 2; i++)
        {
            Feed(terminal, snapshot, stream);
        }
        // Windows of three passes: rows another test left in this thread's pool at another
        // width are grown once when first reached, which a window may see; every pass allocating
        // fails every window.
        long allocated = SteadyStateAllocations.Measure(() => Feed(terminal, snapshot, stream), iterations: 3);
        Assert.Equal(0, allocated);
        Assert.True(terminal.Framebuffer.TitleInitialized);
    }

    private static void Feed(VirtualTerminal terminal, Framebuffer snapshot, byte[] stream)
    {
        // In chunks, taking a snapshot after each as the server does per frame.
        for (int offset = 0; offset < stream.Length; offset += 4096)
        {
            terminal.Write(stream.AsSpan(offset, Math.Min(4096, stream.Length - offset)));
            snapshot.CopyFrom(terminal.Framebuffer);
            terminal.Replies.Clear();
        }
    }
}
