using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// Plain file-descriptor operations. Reads and writes retry on <c>EINTR</c> and report
/// <c>EAGAIN</c> as <see cref="IoResult.WouldBlock"/>.
/// </summary>
public static unsafe class FileDescriptor
{
    public static IoResult Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = LibC.Read(fd, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return IoResult.FromCount((int)n);
                }
                Errno e = Errno.Last;
                if (!e.IsInterrupted)
                {
                    return IoResult.FromError(e);
                }
            }
        }
    }

    /// <summary>One <c>write(2)</c>, retried on <c>EINTR</c>; may be partial.</summary>
    public static IoResult Write(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            while (true)
            {
                nint n = LibC.Write(fd, p, (nuint)data.Length);
                if (n >= 0)
                {
                    return IoResult.FromCount((int)n);
                }
                Errno e = Errno.Last;
                if (!e.IsInterrupted)
                {
                    return IoResult.FromError(e);
                }
            }
        }
    }

    /// <summary>Writes everything unless an error occurs (a blocking fd is assumed; on
    /// <c>EAGAIN</c> the partial count is returned with that error).</summary>
    public static Errno WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            IoResult r = Write(fd, data);
            if (!r.IsSuccess)
            {
                return r.Error;
            }
            data = data[r.Count..];
        }
        return Errno.None;
    }

    public static Errno Close(int fd)
    {
        // Never retry close on EINTR: on Linux the descriptor is already gone.
        return LibC.Close(fd) == 0 ? Errno.None : Errno.Last;
    }

    public static Errno SetNonBlocking(int fd, bool nonBlocking)
    {
        int flags = LibC.Fcntl(fd, Constants.F_GETFL, 0);
        if (flags < 0)
        {
            return Errno.Last;
        }
        int wanted = nonBlocking ? flags | Constants.O_NONBLOCK : flags & ~Constants.O_NONBLOCK;
        if (wanted != flags && LibC.Fcntl(fd, Constants.F_SETFL, wanted) < 0)
        {
            return Errno.Last;
        }
        return Errno.None;
    }

    public static Errno SetCloseOnExec(int fd, bool closeOnExec)
    {
        int flags = LibC.Fcntl(fd, Constants.F_GETFD, 0);
        if (flags < 0)
        {
            return Errno.Last;
        }
        int wanted = closeOnExec ? flags | Constants.FD_CLOEXEC : flags & ~Constants.FD_CLOEXEC;
        if (wanted != flags && LibC.Fcntl(fd, Constants.F_SETFD, wanted) < 0)
        {
            return Errno.Last;
        }
        return Errno.None;
    }

    public static bool IsCloseOnExec(int fd) => (LibC.Fcntl(fd, Constants.F_GETFD, 0) & Constants.FD_CLOEXEC) != 0;

    /// <summary><c>pipe2</c> with close-on-exec, optionally non-blocking on both ends.</summary>
    public static Errno CreatePipe(out int readFd, out int writeFd, bool nonBlocking)
    {
        int* fds = stackalloc int[2];
        int flags = Constants.O_CLOEXEC | (nonBlocking ? Constants.O_NONBLOCK : 0);
        if (LibC.Pipe2(fds, flags) != 0)
        {
            readFd = writeFd = -1;
            return Errno.Last;
        }
        readFd = fds[0];
        writeFd = fds[1];
        return Errno.None;
    }

    /// <summary><c>dup2</c>, retried on <c>EINTR</c>. The new descriptor does not have close-on-exec.</summary>
    public static Errno Duplicate(int fd, int newFd)
    {
        while (LibC.Dup2(fd, newFd) < 0)
        {
            Errno e = Errno.Last;
            if (!e.IsInterrupted)
            {
                return e;
            }
        }
        return Errno.None;
    }

    /// <summary>A close-on-exec duplicate numbered at least <paramref name="minimumFd"/>.</summary>
    public static int DuplicateAtLeast(int fd, int minimumFd, out Errno error)
    {
        int r = LibC.Fcntl(fd, Constants.F_DUPFD_CLOEXEC, minimumFd);
        error = r < 0 ? Errno.Last : Errno.None;
        return r;
    }

    /// <summary>Opens <c>/dev/null</c> read-write with close-on-exec.</summary>
    public static int OpenDevNull(out Errno error) => Open("/dev/null"u8, Constants.O_RDWR | Constants.O_CLOEXEC | Constants.O_NOCTTY, out error);

    /// <summary>Redirects stdin, stdout and stderr to <c>/dev/null</c> (the daemon's quiet mode).</summary>
    public static Errno RedirectStdioToDevNull()
    {
        int fd = OpenDevNull(out Errno error);
        if (fd < 0)
        {
            return error;
        }
        for (int target = 0; target <= 2; target++)
        {
            error = Duplicate(fd, target);
            if (error.IsError)
            {
                break;
            }
        }
        if (fd > 2)
        {
            Close(fd);
        }
        return error;
    }

    /// <summary><c>open(2)</c> of a UTF-8 path (NUL terminator optional).</summary>
    internal static int Open(ReadOnlySpan<byte> path, int flags, out Errno error)
    {
        Span<byte> z = stackalloc byte[path.Length + 1];
        path.CopyTo(z);
        z[^1] = 0;
        fixed (byte* p = z)
        {
            while (true)
            {
                int fd = LibC.Open(p, flags, 0);
                if (fd >= 0)
                {
                    error = Errno.None;
                    return fd;
                }
                error = Errno.Last;
                if (!error.IsInterrupted)
                {
                    return -1;
                }
            }
        }
    }

    public static bool IsTerminal(int fd) => LibC.IsATty(fd) == 1;
}
