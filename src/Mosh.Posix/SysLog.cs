using System.Runtime.InteropServices;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary><c>syslog(3)</c> with facility <c>LOG_AUTH</c>, as the server logs session begin/end.</summary>
public static unsafe class SysLog
{
    private static byte* s_ident; // openlog keeps the pointer, so it lives for the process

    /// <summary><c>openlog(ident, LOG_PID, LOG_AUTH)</c>.</summary>
    public static void Open(string ident)
    {
        byte* p = NativeStringArray.NativeUtf8(ident);
        LibC.OpenLog(p, Constants.LOG_PID, Constants.LOG_AUTH);
        byte* old = s_ident;
        s_ident = p;
        if (old != null)
        {
            NativeMemory.Free(old);
        }
    }

    /// <summary>Logs <paramref name="message"/> at LOG_INFO (passed through "%s", never as a format).</summary>
    public static void Info(string message) => Write(Constants.LOG_INFO, message);

    public static void Notice(string message) => Write(Constants.LOG_NOTICE, message);

    private static void Write(int priority, string message)
    {
        byte* text = NativeStringArray.NativeUtf8(message);
        try
        {
            fixed (byte* format = "%s\0"u8)
            {
                LibC.SysLog(Constants.LOG_AUTH | priority, format, text);
            }
        }
        finally
        {
            NativeMemory.Free(text);
        }
    }
}
