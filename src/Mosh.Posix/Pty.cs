using System.Runtime.InteropServices;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>A pseudo-terminal pair from <c>openpty</c>. Both descriptors are close-on-exec.</summary>
public readonly struct PtyPair
{
    public PtyPair(int master, int slave)
    {
        Master = master;
        Slave = slave;
    }

    public int Master { get; }
    public int Slave { get; }
}

/// <summary>Pseudo-terminals and window sizes.</summary>
public static unsafe class Pty
{
    private static int s_useLibUtil; // 0 unknown/libc works, 1 = openpty lives in libutil (glibc < 2.34, BSD)

    /// <summary>
    /// <c>openpty</c> with an initial window size. glibc ≥ 2.34 exports it from libc, older glibc
    /// and the BSDs from libutil; the first missing entry point switches to the other.
    /// </summary>
    public static Errno Open(in WindowSize size, out PtyPair pair)
    {
        int master, slave;
        WindowSize ws = size;
        int r;
        if (Volatile.Read(ref s_useLibUtil) == 0)
        {
            try
            {
                r = LibC.OpenPty(&master, &slave, null, null, &ws);
            }
            catch (EntryPointNotFoundException)
            {
                Volatile.Write(ref s_useLibUtil, 1);
                r = LibC.OpenPtyLibUtil(&master, &slave, null, null, &ws);
            }
        }
        else
        {
            r = LibC.OpenPtyLibUtil(&master, &slave, null, null, &ws);
        }
        if (r != 0)
        {
            pair = default;
            return Errno.Last;
        }
        // openpty does not set O_CLOEXEC; the session child gets the slave only through
        // its spawn file actions, and nothing else we start should inherit either end.
        FileDescriptor.SetCloseOnExec(master, true);
        FileDescriptor.SetCloseOnExec(slave, true);
        pair = new PtyPair(master, slave);
        return Errno.None;
    }

    /// <summary>The device path of a terminal fd (e.g. <c>/dev/pts/3</c>), via <c>ttyname_r</c>.</summary>
    public static string? TerminalName(int fd, out Errno error)
    {
        byte* buffer = stackalloc byte[256];
        int r = LibC.TtyNameR(fd, buffer, 256);
        if (r != 0)
        {
            error = new Errno(r);
            return null;
        }
        error = Errno.None;
        return Marshal.PtrToStringUTF8((nint)buffer);
    }

    public static Errno GetWindowSize(int fd, out WindowSize size)
    {
        WindowSize ws = default;
        int r = LibC.Ioctl(fd, Constants.TIOCGWINSZ, &ws);
        size = ws;
        return r == 0 ? Errno.None : Errno.Last;
    }

    /// <summary><c>TIOCSWINSZ</c>; on a pty master the kernel then sends SIGWINCH to the slave's foreground group.</summary>
    public static Errno SetWindowSize(int fd, in WindowSize size)
    {
        WindowSize ws = size;
        return LibC.Ioctl(fd, Constants.TIOCSWINSZ, &ws) == 0 ? Errno.None : Errno.Last;
    }

    /// <summary>
    /// <c>TIOCSIG</c> on a pty master: sends <paramref name="signal"/> (SIGINT, SIGQUIT or SIGTSTP)
    /// to the slave's foreground process group, as its interrupt character would, without going
    /// through the terminal's input queue.
    /// </summary>
    public static Errno SendSignal(int master, int signal) =>
        LibC.Ioctl(master, Constants.TIOCSIG, (void*)(nint)signal) == 0 ? Errno.None : Errno.Last;

    /// <summary>
    /// Discards the input a pty slave has received but its program has not read (what the
    /// terminal does itself when an interrupt character arrives): opens the slave by name
    /// (never as a controlling terminal), <c>tcflush(TCIFLUSH)</c>, closes it.
    /// </summary>
    public static Errno FlushSlaveInput(string slaveName)
    {
        int fd = FileDescriptor.Open(System.Text.Encoding.UTF8.GetBytes(slaveName),
            Constants.O_RDWR | Constants.O_NOCTTY | Constants.O_NONBLOCK | Constants.O_CLOEXEC, out Errno error);
        if (fd < 0)
        {
            return error;
        }
        Errno flushed = Termios.FlushInput(fd);
        FileDescriptor.Close(fd);
        return flushed;
    }
}
