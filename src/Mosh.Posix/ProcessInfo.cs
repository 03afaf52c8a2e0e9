using System.Runtime.InteropServices;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>Identity of the running process and host.</summary>
public static unsafe class ProcessInfo
{
    public static int ProcessId => LibC.GetPid();
    public static int ParentProcessId => LibC.GetPPid();
    public static int ProcessGroupId => LibC.GetPgrp();
    public static uint UserId => LibC.GetUid();

    /// <summary><c>getsid(pid)</c>; 0 = the calling process. -1 on error.</summary>
    public static int SessionId(int pid = 0) => LibC.GetSid(pid);

    /// <summary><c>setsid()</c>: returns the new session id, or -1 with <paramref name="error"/> (EPERM for a group leader).</summary>
    public static int CreateSession(out Errno error)
    {
        int r = LibC.SetSid();
        error = r < 0 ? Errno.Last : Errno.None;
        return r;
    }

    public static string? HostName
    {
        get
        {
            byte* buffer = stackalloc byte[256];
            if (LibC.GetHostName(buffer, 255) != 0)
            {
                return null;
            }
            buffer[255] = 0;
            return Marshal.PtrToStringUTF8((nint)buffer);
        }
    }

    /// <summary>True if <paramref name="path"/> exists and is searchable/readable per <c>access(X_OK)</c> (used before chdir in a spawn).</summary>
    public static bool CanAccess(string path, bool execute = true)
    {
        byte* p = NativeStringArray.NativeUtf8(path);
        try
        {
            return LibC.Access(p, execute ? 1 : 4) == 0;
        }
        finally
        {
            NativeMemory.Free(p);
        }
    }
}
