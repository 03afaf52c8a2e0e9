using System.Runtime.InteropServices;
using System.Text;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// Unix-domain stream sockets for the session registry (protocol §14.2): a running session
/// listens on one, <c>mosh-server list</c>/<c>attach</c> connect to it, and each side learns the
/// other's user id from the kernel (<c>SO_PEERCRED</c>), which no peer can forge. Linux only.
/// </summary>
public static unsafe class LocalSocket
{
    /// <summary>sun_path's size on Linux; longer paths cannot be bound.</summary>
    public const int MaxPathBytes = 107;

    private const int AddressSize = 110;

    /// <summary>A listening, non-blocking, close-on-exec socket bound at <paramref name="path"/> (which must not exist); -1 on failure.</summary>
    public static int Listen(string path, out Errno error)
    {
        int fd = Create(out error);
        if (fd < 0) return -1;
        byte* address = stackalloc byte[AddressSize];
        if (FillAddress(path, address, out error))
        {
            if (LibC.Bind(fd, address, AddressSize) != 0 || LibC.Listen(fd, 16) != 0)
            {
                error = Errno.Last;
            }
            else
            {
                FileDescriptor.SetNonBlocking(fd, true);
                return fd;
            }
        }
        FileDescriptor.Close(fd);
        return -1;
    }

    /// <summary>Accepts one waiting connection (close-on-exec, blocking); -1 when none waits or on error.</summary>
    public static int Accept(int listenFd, out Errno error)
    {
        int fd = LibC.Accept4(listenFd, null, null, Constants.SOCK_CLOEXEC);
        error = fd < 0 ? Errno.Last : Errno.None;
        return fd;
    }

    /// <summary>A blocking, close-on-exec connection to <paramref name="path"/>; -1 on failure (ECONNREFUSED: nobody listens).</summary>
    public static int Connect(string path, out Errno error)
    {
        int fd = Create(out error);
        if (fd < 0) return -1;
        byte* address = stackalloc byte[AddressSize];
        if (!FillAddress(path, address, out error))
        {
            FileDescriptor.Close(fd);
            return -1;
        }
        while (LibC.Connect(fd, address, AddressSize) != 0)
        {
            error = Errno.Last;
            if (error.IsInterrupted) continue;
            FileDescriptor.Close(fd);
            return -1;
        }
        error = Errno.None;
        return fd;
    }

    /// <summary>The effective user id of the process at the other end, as the kernel recorded it at connect time.</summary>
    public static Errno PeerUid(int fd, out uint uid, out int pid)
    {
        uid = uint.MaxValue;
        pid = 0;
        if (!OperatingSystem.IsLinux()) return new Errno(Constants.ENOSYS);
        int* credentials = stackalloc int[3];
        uint length = 12;
        if (LibC.GetSockOpt(fd, Constants.SOL_SOCKET, Constants.SO_PEERCRED, credentials, &length) != 0) return Errno.Last;
        pid = credentials[0];
        uid = (uint)credentials[1];
        return Errno.None;
    }

    /// <summary>Whether <paramref name="error"/> says nobody listens on the socket (a stale entry).</summary>
    public static bool IsRefused(Errno error) => error.Value == Constants.ECONNREFUSED;

    /// <summary>Whether <paramref name="error"/> says the path does not exist.</summary>
    public static bool IsMissing(Errno error) => error.Value == Constants.ENOENT;

    private static int Create(out Errno error)
    {
        if (!OperatingSystem.IsLinux())
        {
            error = new Errno(Constants.ENOSYS);
            return -1;
        }
        int fd = LibC.Socket(Constants.AF_UNIX, Constants.SOCK_STREAM | Constants.SOCK_CLOEXEC, 0);
        error = fd < 0 ? Errno.Last : Errno.None;
        return fd;
    }

    private static bool FillAddress(string path, byte* address, out Errno error)
    {
        new Span<byte>(address, AddressSize).Clear();
        *(ushort*)address = Constants.AF_UNIX;
        int n = Encoding.UTF8.GetByteCount(path);
        if (n > MaxPathBytes)
        {
            error = Errno.EINVAL;
            return false;
        }
        Encoding.UTF8.GetBytes(path, new Span<byte>(address + 2, MaxPathBytes));
        error = Errno.None;
        return true;
    }
}
