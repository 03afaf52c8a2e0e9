using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>Readiness bits, as in <c>poll(2)</c>.</summary>
[Flags]
public enum PollEvents : short
{
    None = 0,
    Readable = Constants.POLLIN,
    Priority = Constants.POLLPRI,
    Writable = Constants.POLLOUT,
    Error = Constants.POLLERR,
    HangUp = Constants.POLLHUP,
    Invalid = Constants.POLLNVAL,
}

/// <summary>
/// <c>poll(2)</c> over a small fixed set of descriptors (a mosh process watches about a dozen:
/// sockets, pty, stdin, the signal pipe), which makes poll both sufficient and portable.
/// Slots are addressed by the index <see cref="Add"/> returns. The pollfd array is pinned once,
/// so <see cref="Wait"/> does not allocate.
/// </summary>
public sealed unsafe class Poller
{
    private readonly PollFd[] _fds;
    private int _count;

    public Poller(int capacity = 16)
    {
        _fds = GC.AllocateArray<PollFd>(capacity, pinned: true);
    }

    public int Count => _count;
    public int Capacity => _fds.Length;

    /// <summary>Adds a descriptor and returns its slot, or -1 when full.</summary>
    public int Add(int fd, PollEvents events)
    {
        if (_count == _fds.Length)
        {
            return -1;
        }
        int slot = _count++;
        Set(slot, fd, events);
        return slot;
    }

    /// <summary>Replaces a slot. A negative <paramref name="fd"/> disables it (poll ignores it).</summary>
    public void Set(int slot, int fd, PollEvents events)
    {
        ref PollFd p = ref _fds[slot];
        p.Fd = fd;
        p.Events = (short)events;
        p.REvents = 0;
    }

    /// <summary>Changes only the requested events of a slot (e.g. stop reading the pty while shutting down).</summary>
    public void SetEvents(int slot, PollEvents events) => _fds[slot].Events = (short)events;

    public int FdAt(int slot) => _fds[slot].Fd;

    /// <summary>Drops all slots after <paramref name="count"/>.</summary>
    public void Truncate(int count) => _count = Math.Clamp(count, 0, _count);

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (negative = forever). Returns the number of ready
    /// slots; 0 on timeout or when interrupted by a signal (the signal pipe then becomes readable).
    /// </summary>
    public int Wait(int timeoutMs, out Errno error)
    {
        for (int i = 0; i < _count; i++)
        {
            _fds[i].REvents = 0;
        }
        fixed (PollFd* p = _fds)
        {
            int n = LibC.Poll(p, (nuint)_count, timeoutMs);
            if (n >= 0)
            {
                error = Errno.None;
                return n;
            }
            error = Errno.Last;
            if (error.IsInterrupted)
            {
                error = Errno.None;
            }
            return 0;
        }
    }

    public PollEvents Ready(int slot) => (PollEvents)_fds[slot].REvents;

    /// <summary>Readable, or hung up / in error (a read will then report EOF or the error).</summary>
    public bool IsReadable(int slot) => (_fds[slot].REvents & (Constants.POLLIN | Constants.POLLHUP | Constants.POLLERR | Constants.POLLNVAL)) != 0;

    public bool IsWritable(int slot) => (_fds[slot].REvents & (Constants.POLLOUT | Constants.POLLERR | Constants.POLLHUP)) != 0;
}
