using System.Runtime.InteropServices;

namespace Mosh.Tests.Support;

/// <summary>
/// The system's zlib (libz.so.1), which upstream mosh links: its compress2() at level 6 is what
/// upstream sends, and its uncompress() is how upstream reads what we send. Loaded on demand;
/// <see cref="IsAvailable"/> is false where it is missing.
/// </summary>
public static unsafe class SystemZlib
{
    private const int Ok = 0;

    private static readonly delegate* unmanaged<byte*, nuint*, byte*, nuint, int, int> s_compress2;
    private static readonly delegate* unmanaged<byte*, nuint*, byte*, nuint, int> s_uncompress;

    static SystemZlib()
    {
        if (NativeLibrary.TryLoad("libz.so.1", out IntPtr library)
            && NativeLibrary.TryGetExport(library, "compress2", out IntPtr compress2)
            && NativeLibrary.TryGetExport(library, "uncompress", out IntPtr uncompress))
        {
            s_compress2 = (delegate* unmanaged<byte*, nuint*, byte*, nuint, int, int>)compress2;
            s_uncompress = (delegate* unmanaged<byte*, nuint*, byte*, nuint, int>)uncompress;
        }
    }

    public static bool IsAvailable => s_compress2 != null;

    /// <summary>zlib's compress2() (level 6 is compress()'s default).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data, int level = 6)
    {
        var output = new byte[data.Length + data.Length / 1000 + 64];
        nuint length = (nuint)output.Length;
        fixed (byte* src = data)
        fixed (byte* dst = output)
        {
            if (s_compress2(dst, &length, src, (nuint)data.Length, level) != Ok)
                throw new InvalidOperationException("compress2 failed");
        }
        return output.AsSpan(0, (int)length).ToArray();
    }

    /// <summary>zlib's uncompress() into a buffer of <paramref name="capacity"/> bytes (upstream uses 4 MiB); null if it fails.</summary>
    public static byte[]? Uncompress(ReadOnlySpan<byte> compressed, int capacity)
    {
        var output = new byte[capacity];
        nuint length = (nuint)capacity;
        fixed (byte* src = compressed)
        fixed (byte* dst = output)
        {
            if (s_uncompress(dst, &length, src, (nuint)compressed.Length) != Ok)
                return null;
        }
        return output.AsSpan(0, (int)length).ToArray();
    }
}
