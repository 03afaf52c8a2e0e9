using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Mosh.Transport;

/// <summary>Outcome of <see cref="ZlibCodec.Decompress"/>.</summary>
public enum ZlibResult : byte
{
    Ok,
    /// <summary>Not a valid zlib stream (bad header, bad deflate data, bad Adler-32).</summary>
    Corrupt,
    /// <summary>The stream ends before its end marker.</summary>
    Truncated,
    /// <summary>It inflates to more than <see cref="ZlibCodec.MaxDecompressedLength"/> bytes.</summary>
    TooLarge,
    /// <summary>Destination too small for the compressed output.</summary>
    DestinationTooSmall,
    /// <summary>zlib could not allocate its state, or was used after disposal.</summary>
    Failed,
}

/// <summary>
/// zlib stream format (RFC 1950) both ways, as upstream's compress()/uncompress() (protocol §4.2).
/// <para>
/// Why native zlib: .NET has no span-based zlib encoder, and a managed deflate that matches
/// zlib's level-6 ratio is a large body of code to own. The runtime already carries zlib-ng
/// (System.IO.Compression.Native), SIMD-optimised and exercised by every ZLibStream user, and
/// its entry points take plain pointers: no GC allocation per call, identical under the JIT and
/// in the Native AOT binary (statically linked there). The inflate state is allocated once and
/// reset per message. The shim exports no deflateReset, and a fresh deflate state per message
/// costs a large native allocation and tens of microseconds; instead one raw-deflate stream lives
/// as long as the codec and each message ends with a full flush, which forgets all history, so
/// every message is an independent deflate stream. We add the zlib header, a final empty block
/// and the Adler-32 around it ourselves.
/// </para>
/// Not thread-safe: one instance per connection direction.
/// </summary>
public sealed unsafe class ZlibCodec : IDisposable
{
    /// <summary>Upstream uncompresses into a 2048×2048-byte buffer; anything larger is hostile.</summary>
    public const int MaxDecompressedLength = 2048 * 2048;

    /// <summary>zlib's compress() level.</summary>
    public const int DefaultLevel = 6;

    private const int InitialOutputCapacity = 16 * 1024;

    private ZlibNative.ZStream* _inflate;
    private bool _inflateReady;
    private ZlibNative.ZStream* _deflate;
    private bool _deflateReady;
    private byte[] _output = new byte[InitialOutputCapacity];
    private int _outputLength;
    private readonly int _level;

    public ZlibCodec(int level = DefaultLevel)
    {
        _level = level;
        _inflate = (ZlibNative.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNative.ZStream));
        _deflate = (ZlibNative.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNative.ZStream));
    }

    ~ZlibCodec() => Release();

    /// <summary>Result of the last successful <see cref="Decompress"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Decompressed => _output.AsSpan(0, _outputLength);

    /// <summary>The same bytes as <see cref="Decompressed"/>, as memory (for values that keep a view).</summary>
    public ReadOnlyMemory<byte> DecompressedMemory => _output.AsMemory(0, _outputLength);

    /// <summary>Worst-case compressed size (zlib's compressBound plus slack for zlib-ng's block layout).</summary>
    public static int CompressBound(int length) =>
        length + (length >> 12) + (length >> 14) + (length >> 25) + 13 + 64;

    /// <summary>Compress <paramref name="source"/> into <paramref name="destination"/> as one zlib stream.</summary>
    public ZlibResult Compress(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        if (_deflate == null)
            return ZlibResult.Failed;
        if (destination.Length < HeaderLength + TrailerLength)
            return ZlibResult.DestinationTooSmall;
        ZlibNative.ZStream* z = _deflate;
        if (!_deflateReady)
        {
            *z = default;
            if (ZlibNative.DeflateInit2(z, _level, ZlibNative.Deflated, ZlibNative.RawWindowBits, ZlibNative.DefaultMemLevel, ZlibNative.DefaultStrategy) != ZlibNative.Ok)
                return ZlibResult.Failed;
            _deflateReady = true;
        }

        destination[0] = 0x78;           // deflate, 32 KiB window
        destination[1] = HeaderFlags(_level);
        int rc;
        int produced;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            z->NextIn = src;
            z->AvailIn = (uint)source.Length;
            z->NextOut = dst + HeaderLength;
            z->AvailOut = (uint)(destination.Length - HeaderLength - TrailerLength);
            rc = ZlibNative.Deflate(z, ZlibNative.FullFlush);
            produced = destination.Length - TrailerLength - (int)z->AvailOut;
            // avail_out == 0 may leave output pending: the message is incomplete.
            bool complete = z->AvailIn == 0 && z->AvailOut != 0
                && (rc == ZlibNative.Ok || (rc == ZlibNative.BufferError && source.IsEmpty));
            z->NextIn = null;
            z->NextOut = null;
            if (!complete)
            {
                // The stream holds half a message: start a fresh one next time.
                ZlibNative.DeflateEnd(z);
                _deflateReady = false;
                return rc is ZlibNative.Ok or ZlibNative.BufferError ? ZlibResult.DestinationTooSmall : ZlibResult.Failed;
            }
        }

        // The full flush left the output byte-aligned; close the deflate data with an empty
        // final block (fixed Huffman: BFINAL=1, BTYPE=01, end-of-block), then the Adler-32.
        destination[produced] = 0x03;
        destination[produced + 1] = 0x00;
        BinaryPrimitives.WriteUInt32BigEndian(destination[(produced + 2)..], Adler32(source));
        written = produced + 2 + 4;
        return ZlibResult.Ok;
    }

    private const int HeaderLength = 2;
    /// <summary>Empty final block (2) + Adler-32 (4).</summary>
    private const int TrailerLength = 6;

    /// <summary>The FLG byte zlib writes for a level (FLEVEL + check bits, no dictionary).</summary>
    private static byte HeaderFlags(int level) => level switch
    {
        < 2 => 0x01,
        < 6 => 0x5E,
        6 => 0x9C,
        _ => 0xDA,
    };

    /// <summary>RFC 1950 Adler-32.</summary>
    internal static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        const int MaxRun = 5552; // largest n with 255n(n+1)/2 + (n+1)(Mod−1) < 2^32
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, MaxRun);
            foreach (byte x in data[..n])
            {
                a += x;
                b += a;
            }
            a %= Mod;
            b %= Mod;
            data = data[n..];
        }
        return (b << 16) | a;
    }

    /// <summary>
    /// Inflate one zlib stream into the codec's own buffer (<see cref="Decompressed"/>), growing it
    /// as needed up to 4 MiB. Bytes after the end of the stream are ignored, like uncompress().
    /// </summary>
    public ZlibResult Decompress(ReadOnlySpan<byte> source)
    {
        _outputLength = 0;
        if (_inflate == null)
            return ZlibResult.Failed;
        ZlibNative.ZStream* z = _inflate;
        if (!_inflateReady)
        {
            *z = default;
            if (ZlibNative.InflateInit2(z, ZlibNative.ZlibWindowBits) != ZlibNative.Ok)
                return ZlibResult.Failed;
            _inflateReady = true;
        }
        else if (ZlibNative.InflateReset2(z, ZlibNative.ZlibWindowBits) != ZlibNative.Ok)
        {
            return ZlibResult.Failed;
        }

        fixed (byte* src = source)
        {
            z->NextIn = src;
            z->AvailIn = (uint)source.Length;
            int produced = 0;
            while (true)
            {
                int rc;
                fixed (byte* dst = _output)
                {
                    z->NextOut = dst + produced;
                    z->AvailOut = (uint)(_output.Length - produced);
                    rc = ZlibNative.Inflate(z, ZlibNative.NoFlush);
                    produced = _output.Length - (int)z->AvailOut;
                }
                switch (rc)
                {
                    case ZlibNative.StreamEnd:
                        _outputLength = produced;
                        return ZlibResult.Ok;
                    case ZlibNative.Ok:
                    case ZlibNative.BufferError:
                        if (z->AvailOut == 0)
                        {
                            if (!GrowOutput(produced))
                                return ZlibResult.TooLarge;
                            continue;
                        }
                        if (z->AvailIn == 0)
                            return ZlibResult.Truncated;
                        return ZlibResult.Corrupt; // no progress possible with input and room left
                    case ZlibNative.DataError:
                        return ZlibResult.Corrupt;
                    default:
                        // A stream or memory error leaves the state unusable: start afresh next time.
                        ZlibNative.InflateEnd(z);
                        _inflateReady = false;
                        return ZlibResult.Failed;
                }
            }
        }
    }

    private bool GrowOutput(int keep)
    {
        if (_output.Length >= MaxDecompressedLength)
            return false;
        var bigger = new byte[Math.Min((long)_output.Length * 2, MaxDecompressedLength)];
        _output.AsSpan(0, keep).CopyTo(bigger);
        _output = bigger;
        return true;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (_inflate != null)
        {
            if (_inflateReady)
                ZlibNative.InflateEnd(_inflate);
            NativeMemory.Free(_inflate);
            _inflate = null;
        }
        if (_deflate != null)
        {
            if (_deflateReady)
                ZlibNative.DeflateEnd(_deflate);
            NativeMemory.Free(_deflate);
            _deflate = null;
        }
    }
}
