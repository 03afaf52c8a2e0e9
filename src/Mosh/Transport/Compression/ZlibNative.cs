using System.Runtime.InteropServices;

namespace Mosh.Transport.Compression;

/// <summary>
/// The zlib(-ng) shim that ships inside every .NET runtime (System.IO.Compression.Native).
/// Under the JIT the host finds the shared library in the framework directory; Native AOT links
/// its static archive into the executable and binds these calls directly (the ILCompiler
/// targets list it among the framework's DirectPInvoke libraries), so no extra file ships.
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string Library = "libSystem.IO.Compression.Native";

    /// <summary>Layout of PAL_ZStream (runtime: src/native/libs/System.IO.Compression.Native/pal_zlib.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public sbyte* Message;
        public void* InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    public const int NoFlush = 0;
    /// <summary>Flush all output, byte-align, and forget all history (no later match reaches back past it).</summary>
    public const int FullFlush = 3;
    public const int Finish = 4;

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int StreamError = -2;
    public const int DataError = -3;
    public const int MemoryError = -4;
    public const int BufferError = -5;

    public const int Deflated = 8;
    /// <summary>15-bit window with the RFC 1950 zlib wrapper (not raw deflate, not gzip).</summary>
    public const int ZlibWindowBits = 15;
    /// <summary>15-bit window, raw deflate: no header or trailer (we write those ourselves).</summary>
    public const int RawWindowBits = -15;
    public const int DefaultMemLevel = 8;
    public const int DefaultStrategy = 0;

    [LibraryImport(Library, EntryPoint = "CompressionNative_DeflateInit2_")]
    public static partial int DeflateInit2(ZStream* stream, int level, int method, int windowBits, int memLevel, int strategy);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Deflate")]
    public static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_DeflateEnd")]
    public static partial int DeflateEnd(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    public static partial int InflateInit2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
    public static partial int InflateReset2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    public static partial int InflateEnd(ZStream* stream);
}
