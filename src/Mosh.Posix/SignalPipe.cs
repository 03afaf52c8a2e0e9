using System.Runtime.InteropServices;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// Turns signals into readiness of a pipe the event loop polls.
/// <para>
/// Why not <c>signalfd</c>: it only works if the signal is blocked in <em>every</em> thread, and
/// the .NET runtime owns threads we cannot reach (GC, finalizer, its own signal-handling thread
/// installs handlers and unblocks signals), so a signal could be delivered to one of them instead.
/// The runtime's <see cref="PosixSignalRegistration"/> is the robust route in both JIT and Native
/// AOT: its native handler forwards the signal to a runtime thread, which calls our managed handler
/// outside signal context. That handler sets a bit in a pending mask and writes one byte to a
/// non-blocking self-pipe; the loop drains the pipe and takes the mask. A full pipe just means a
/// wake-up is already pending, so the byte can be dropped. Raw signal numbers work on Unix.
/// </para>
/// </summary>
public sealed unsafe class SignalPipe : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private long _pending;
    private int _readFd;
    private int _writeFd;

    public SignalPipe()
    {
        FileDescriptor.CreatePipe(out _readFd, out _writeFd, nonBlocking: true).ThrowIfError("pipe2");
    }

    /// <summary>Descriptor to watch for <see cref="PollEvents.Readable"/>.</summary>
    public int ReadFd => _readFd;

    /// <summary>
    /// Starts delivering <paramref name="signal"/> (a raw number, e.g. <see cref="Signals.SIGWINCH"/>).
    /// The runtime's default action is suppressed for everything but SIGCHLD (which the runtime
    /// needs to reap children of <c>System.Diagnostics.Process</c>): SIGTERM/SIGINT/SIGHUP would end
    /// the process, SIGTSTP stop it, and on SIGCONT/SIGWINCH the runtime would re-apply its own idea
    /// of the console's terminal mode, which must not fight the client's raw mode.
    /// </summary>
    public void Watch(int signal)
    {
        if ((uint)signal >= 64)
        {
            throw new ArgumentOutOfRangeException(nameof(signal));
        }
        bool cancel = signal != Constants.SIGCHLD;
        var handler = new Forwarder(this, signal, cancel);
        _registrations.Add(PosixSignalRegistration.Create(ToPosixSignal(signal), handler.Handle));
    }

    // The named PosixSignal values are portable across kernels; anything else passes as its raw number.
    private static PosixSignal ToPosixSignal(int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }
        if (signal == Constants.SIGHUP) return PosixSignal.SIGHUP;
        if (signal == Constants.SIGINT) return PosixSignal.SIGINT;
        if (signal == Constants.SIGQUIT) return PosixSignal.SIGQUIT;
        if (signal == Constants.SIGTERM) return PosixSignal.SIGTERM;
        if (signal == Constants.SIGCHLD) return PosixSignal.SIGCHLD;
        if (signal == Constants.SIGCONT) return PosixSignal.SIGCONT;
        if (signal == Constants.SIGWINCH) return PosixSignal.SIGWINCH;
        if (signal == Constants.SIGTSTP) return PosixSignal.SIGTSTP;
        return (PosixSignal)signal;
    }

    private sealed class Forwarder(SignalPipe owner, int signal, bool cancel)
    {
        public void Handle(PosixSignalContext context)
        {
            context.Cancel = cancel;
            owner.Post(signal);
        }
    }

    /// <summary>Marks <paramref name="signal"/> pending and wakes the loop (also usable to inject events in tests).</summary>
    public void Post(int signal)
    {
        Interlocked.Or(ref _pending, 1L << signal);
        byte one = 1;
        int fd = Volatile.Read(ref _writeFd);
        if (fd >= 0)
        {
            LibC.Write(fd, &one, 1); // EAGAIN: a wake-up is already queued
        }
    }

    /// <summary>Empties the pipe and returns the set of signals seen since the last call (bit n = signal n).</summary>
    public ulong TakePending()
    {
        byte* sink = stackalloc byte[64];
        int fd = _readFd;
        while (fd >= 0 && LibC.Read(fd, sink, 64) > 0)
        {
        }
        return (ulong)Interlocked.Exchange(ref _pending, 0);
    }

    public static bool Contains(ulong pending, int signal) => (uint)signal < 64 && (pending & (1UL << signal)) != 0;

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
        {
            r.Dispose();
        }
        _registrations.Clear();
        int w = Interlocked.Exchange(ref _writeFd, -1);
        int r2 = Interlocked.Exchange(ref _readFd, -1);
        if (w >= 0) LibC.Close(w);
        if (r2 >= 0) LibC.Close(r2);
    }
}
