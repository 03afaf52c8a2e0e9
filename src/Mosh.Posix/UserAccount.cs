using System.Runtime.InteropServices;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>The passwd entry fields mosh uses.</summary>
public sealed record UserAccount(string Name, uint Uid, string Home, string Shell)
{
    /// <summary><c>getpwuid_r</c>, growing the buffer on ERANGE. Null if there is no entry.</summary>
    public static unsafe UserAccount? Lookup(uint uid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null; // struct passwd differs elsewhere (see Native/Structs.cs)
        }
        const int ERANGE = 34;
        for (nuint size = 1024; size <= 1 << 20; size *= 4)
        {
            byte* buffer = (byte*)NativeMemory.Alloc(size);
            try
            {
                Passwd entry;
                Passwd* result = null;
                int r = LibC.GetPwUidR(uid, &entry, buffer, size, &result);
                if (r == ERANGE)
                {
                    continue;
                }
                if (r != 0 || result == null)
                {
                    return null;
                }
                return new UserAccount(
                    Marshal.PtrToStringUTF8((nint)entry.Name) ?? string.Empty,
                    entry.Uid,
                    Marshal.PtrToStringUTF8((nint)entry.Directory) ?? string.Empty,
                    Marshal.PtrToStringUTF8((nint)entry.Shell) ?? string.Empty);
            }
            finally
            {
                NativeMemory.Free(buffer);
            }
        }
        return null;
    }

    public static UserAccount? Current => Lookup(LibC.GetUid());
}
