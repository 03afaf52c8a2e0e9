using Mosh.Posix;

namespace Mosh.Tests.Posix;

// One class (one xunit collection) so no two tests race on process-wide signal state.
public class SignalPipeTests
{
    private static ulong WaitForSignals(SignalPipe pipe, int timeoutMs = 5000)
    {
        var poller = new Poller(1);
        poller.Add(pipe.ReadFd, PollEvents.Readable);
        Assert.Equal(1, poller.Wait(timeoutMs, out _));
        return pipe.TakePending();
    }

    [Fact]
    public void RaisedSignalsBecomeReadableEvents()
    {
        using var pipe = new SignalPipe();
        pipe.Watch(Signals.SIGUSR1);
        pipe.Watch(Signals.SIGWINCH);
        pipe.Watch(Signals.SIGTERM);

        Signals.Raise(Signals.SIGUSR1).ThrowIfError("raise");
        ulong pending = WaitForSignals(pipe);
        Assert.True(SignalPipe.Contains(pending, Signals.SIGUSR1));
        Assert.False(SignalPipe.Contains(pending, Signals.SIGWINCH));

        Signals.Kill(ProcessInfo.ProcessId, Signals.SIGWINCH).ThrowIfError("kill");
        Assert.True(SignalPipe.Contains(WaitForSignals(pipe), Signals.SIGWINCH));

        // SIGTERM's default (process exit) is cancelled; we are still here to see it.
        Signals.Raise(Signals.SIGTERM).ThrowIfError("raise");
        Assert.True(SignalPipe.Contains(WaitForSignals(pipe), Signals.SIGTERM));

        // Drained: nothing left.
        var poller = new Poller(1);
        poller.Add(pipe.ReadFd, PollEvents.Readable);
        Assert.Equal(0, poller.Wait(50, out _));
        Assert.Equal(0UL, pipe.TakePending());
    }
}
