using System.Runtime.InteropServices;

namespace Mosh.Posix.Native;

internal static unsafe partial class LibC
{
    // --- environment (the C library's environ, which .NET's Environment class only copies) ---
    [LibraryImport(Lib, EntryPoint = "getenv")]
    public static partial byte* GetEnv(byte* name);

    [LibraryImport(Lib, EntryPoint = "unsetenv", SetLastError = true)]
    public static partial int UnsetEnv(byte* name);
}
