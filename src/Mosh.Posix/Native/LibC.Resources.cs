using System.Runtime.InteropServices;

namespace Mosh.Posix.Native;

internal static unsafe partial class LibC
{
    // --- resource limits (struct rlimit is two rlim_t, unsigned long on Linux and Darwin) ---
    [LibraryImport(Lib, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRLimit(int resource, ulong* limit);

    [LibraryImport(Lib, EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int SetRLimit(int resource, ulong* limit);
}
