using System.Runtime.InteropServices;

namespace Mosh.Posix.Native;

internal static unsafe partial class LibC
{
    // --- Unix-domain sockets and the session registry's directory ---
    [LibraryImport(Lib, EntryPoint = "listen", SetLastError = true)]
    public static partial int Listen(int fd, int backlog);

    [LibraryImport(Lib, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(int fd, byte* address, uint* addressLength, int flags);

    [LibraryImport(Lib, EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, uint addressLength);

    [LibraryImport(Lib, EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, void* value, uint* valueLength);

    [LibraryImport(Lib, EntryPoint = "unlink", SetLastError = true)]
    public static partial int Unlink(byte* path);

    [LibraryImport(Lib, EntryPoint = "mkdir", SetLastError = true)]
    public static partial int MkDir(byte* path, uint mode);

    [LibraryImport(Lib, EntryPoint = "geteuid")]
    public static partial uint GetEUid();

    /// <summary>
    /// <c>syscall(2)</c> with six word-sized arguments, for statx: glibc 2.27 exports no stat
    /// function (only <c>__xstat</c>, gone from newer glibc's default symbols) and no statx wrapper.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    public static partial nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5);
}
