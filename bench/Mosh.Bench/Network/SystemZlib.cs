using System.Runtime.InteropServices;

namespace Mosh.Bench.Network;

/// <summary>compress2() of the system's zlib (libz.so.1, the library upstream mosh links): upstream's cost per message.</summary>
internal static unsafe class SystemZlib
{
    private static readonly delegate* unmanaged<byte*, nuint*, byte*, nuint, int, int> s_compress2 = Load();

    private static delegate* unmanaged<byte*, nuint*, byte*, nuint, int, int> Load() =>
        NativeLibrary.TryLoad("libz.so.1", out IntPtr library) && NativeLibrary.TryGetExport(library, "compress2", out IntPtr compress2)
            ? (delegate* unmanaged<byte*, nuint*, byte*, nuint, int, int>)compress2
            : throw new DllNotFoundException("the system zlib (libz.so.1) is not installed");

    /// <summary>zlib's compress() (compress2 at level 6) into <paramref name="destination"/>; returns the length, or −1.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint length = (nuint)destination.Length;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
            return s_compress2(dst, &length, src, (nuint)source.Length, 6) == 0 ? (int)length : -1;
    }
}
