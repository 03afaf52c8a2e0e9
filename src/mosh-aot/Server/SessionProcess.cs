using System.Text;
using Mosh;
using Mosh.Posix;
using Mosh.Terminal.Emulation;

namespace MoshAot.Server;

/// <summary>
/// The session's program on its pty: started when the server starts, at the initial size, read into the server's terminal, written from the user's keystrokes through a queue
/// that never blocks the loop, hung up when the server exits. The queue is short: keystrokes
/// beyond it wait in the user stream (back-pressure, protocol §5.1.2), except an interrupt,
/// which the program gets at once (<see cref="TryInterrupt"/>).
/// </summary>
internal sealed class SessionProcess : IDisposable
{
    /// <summary>One read's buffer, as upstream's (Linux hands out at most 4 KiB of pty output per read).</summary>
    private const int ReadSize = 16_384;

    /// <summary>
    /// Keystrokes are queued only up to this much: beyond it they wait in the user stream, where
    /// they cost nothing until the program reads (a paste into a program that does not read).
    /// </summary>
    public const int KeyQueueLimit = 64 << 10;

    /// <summary>
    /// Most output taken in one <see cref="ReadInto"/>: about what a Linux pty holds, read in a
    /// millisecond or two, so a flood still leaves the loop soon to hear the user (Ctrl-C).
    /// </summary>
    public const int MaxReadPerCall = 256 * 1024;

    /// <summary>Hard cap for query replies (the program asks, then does not read the answers): dropped beyond it.</summary>
    private const int MaxPendingWriteBytes = 1 << 20;

    private readonly byte[] _read = new byte[ReadSize];
    private readonly ByteBuffer _writeQueue = new(4096);
    private PtyPair _pty = new(-1, -1);
    private int _childPid = -1;

    /// <summary>The pty master, or -1 before the start.</summary>
    public int Master => _pty.Master;

    public int ChildPid => _childPid;

    /// <summary>The slave's device name (for utmp), or null.</summary>
    public string? TtyName { get; private set; }

    /// <summary>The program has exited (or could not start).</summary>
    public bool Exited { get; private set; }

    /// <summary>The pty reported end of file or an error: nothing more will be read or written.</summary>
    public bool Closed { get; private set; }

    /// <summary>Open for reading and writing.</summary>
    public bool IsOpen => _pty.Master >= 0 && !Closed;

    public bool HasPendingWrites => _writeQueue.Length > 0;

    /// <summary>
    /// Opens the pty at <paramref name="size"/> and spawns <paramref name="command"/> on it. A
    /// failure is shown on <paramref name="terminal"/>, as the user would see it on a terminal.
    /// </summary>
    public void Start(WindowSize size, SessionCommand command, string[] environment, string home, VirtualTerminal terminal)
    {
        Errno error = Pty.Open(size, out _pty);
        if (error != Errno.None)
        {
            terminal.Write(Encoding.UTF8.GetBytes($"mosh-server: openpty: {error.Message}\r\n"));
            Fail();
            return;
        }
        FileDescriptor.SetNonBlocking(_pty.Master, true);
        TtyName = Pty.TerminalName(_pty.Slave, out _);

        _childPid = ChildProcess.SpawnOnPty(_pty, command.File, command.Argv, environment, home,
            searchPath: !command.IsLoginShell, out Errno spawnError);
        FileDescriptor.Close(_pty.Slave);
        if (_childPid < 0)
        {
            terminal.Write(Encoding.UTF8.GetBytes($"{command.File}: {spawnError.Message}\r\n"));
            Fail();
        }
    }

    private void Fail()
    {
        Exited = true;
        Closed = true;
    }

    public void Resize(int width, int height)
    {
        if (_pty.Master >= 0)
        {
            Pty.SetWindowSize(_pty.Master, new WindowSize(width, height));
        }
    }

    /// <summary>Whether keystrokes may be queued now (see <see cref="KeyQueueLimit"/>).</summary>
    public bool HasRoomForKeys => _writeQueue.Length < KeyQueueLimit || Closed;

    /// <summary>
    /// Queues a translated keystroke; false (nothing queued) when the queue is at its limit. Once
    /// the pty is gone keystrokes are accepted and dropped: nobody will read them.
    /// </summary>
    public bool TryQueueKey(ReadOnlySpan<byte> bytes)
    {
        if (Closed)
        {
            return true;
        }
        if (!HasRoomForKeys)
        {
            return false;
        }
        _writeQueue.Append(bytes);
        return true;
    }

    /// <summary>Queues bytes for the program (query replies); dropped past the hard cap, or once the pty is gone.</summary>
    public void QueueWrite(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || Closed || _writeQueue.Length + bytes.Length > MaxPendingWriteBytes)
        {
            return;
        }
        _writeQueue.Append(bytes);
    }

    /// <summary>
    /// The characters that raise signals on the pty now (VINTR, VQUIT, VSUSP; none unless ISIG),
    /// and whether the terminal flushes its input on them (no NOFLSH).
    /// </summary>
    public int SignalChars(Span<byte> chars, Span<int> signals, out bool flushes)
    {
        flushes = false;
        if (_pty.Master < 0 || Closed || Termios.Get(_pty.Master, out TerminalMode mode) != Errno.None)
        {
            // On Linux a master reports its slave's termios; anywhere it does not, nothing jumps.
            return 0;
        }
        flushes = !mode.NoFlush;
        return mode.SignalChars(chars, signals);
    }

    /// <summary>
    /// The program gets <paramref name="key"/> (one of <see cref="SignalChars"/>) now, ahead of the
    /// queue. Where the terminal flushes on it, the queue and the terminal's own unread input are
    /// dropped first, as the terminal itself would drop them, and then the key is written, so the
    /// terminal echoes it and raises the signal. Under NOFLSH nothing is dropped and the signal is
    /// raised directly (the key could not get past the waiting input).
    /// </summary>
    public void Interrupt(byte key, int signal, bool flushes)
    {
        if (flushes)
        {
            _writeQueue.Clear();
            if (TtyName is not null && Pty.FlushSlaveInput(TtyName) == Errno.None)
            {
                _writeQueue.Append([key]);
                FlushWrites();
                return;
            }
        }
        Pty.SendSignal(_pty.Master, signal);
    }

    /// <summary>Writes as much of the queue as the pty takes now.</summary>
    public void FlushWrites()
    {
        if (_writeQueue.Length == 0 || !IsOpen)
        {
            return;
        }
        IoResult r = FileDescriptor.Write(_pty.Master, _writeQueue.WrittenSpan);
        if (r.IsSuccess)
        {
            _writeQueue.Consume(r.Count);
        }
        else if (!r.WouldBlock)
        {
            Closed = true;
            _writeQueue.Clear();
        }
    }

    /// <summary>
    /// Reads the program's output into <paramref name="terminal"/> until the pty has no more
    /// (or <see cref="MaxReadPerCall"/> bytes); query replies go back to the program. Returns the
    /// number of bytes read.
    /// </summary>
    public int ReadInto(VirtualTerminal terminal)
    {
        int total = 0;
        while (total < MaxReadPerCall)
        {
            IoResult r = FileDescriptor.Read(_pty.Master, _read);
            if (r.IsSuccess && r.Count > 0)
            {
                terminal.Write(_read.AsSpan(0, r.Count));
                ReplyBuffer replies = terminal.Replies;
                if (!replies.IsEmpty)
                {
                    QueueWrite(replies.Pending);
                    replies.Clear();
                }
                total += r.Count;
                continue;
            }
            if (r.IsSuccess || !r.WouldBlock)
            {
                // EOF or EIO: the session's last process closed the terminal.
                Closed = true;
                Exited = true;
            }
            break;
        }
        return total;
    }

    /// <summary>After SIGCHLD: notes the program's exit without blocking.</summary>
    public void Reap()
    {
        if (_childPid <= 0)
        {
            return;
        }
        int r = ChildProcess.Wait(_childPid, noHang: true, out _, out _);
        if (r == _childPid || r < 0)
        {
            Exited = true;
        }
    }

    public void Dispose()
    {
        if (_pty.Master >= 0)
        {
            FileDescriptor.Close(_pty.Master);
        }
        if (_childPid > 0 && !Exited)
        {
            // Closing the master hangs up the session; make sure its process group hears it.
            Signals.KillProcessGroup(_childPid, Signals.SIGHUP);
            ChildProcess.Wait(_childPid, noHang: true, out _, out _);
        }
    }
}
