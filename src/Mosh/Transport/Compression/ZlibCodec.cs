using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Mosh.Transport.Compression;

/// <summary>
/// zlib stream format (RFC 1950) both ways, as upstream's compress()/uncompress() (protocol §4.2).
/// <para>
/// Compression: most instructions are tiny (a keystroke, an ack, a few changed cells: 20–200
/// bytes), and upstream sends each as its own zlib stream, so every byte of per-message overhead
/// shows on the wire. Messages up to <see cref="SmallMessageLimit"/> bytes (one deflate window;
/// in practice all of them) go through our own <see cref="DeflateEncoder"/>, whose output is
/// never longer than zlib's compress() at level 6 (protocol §4.2 says how, and what it was
/// measured on), and which costs less CPU than zlib-ng for small messages. Larger ones go
/// through the runtime's zlib-ng (System.IO.Compression.Native: SIMD-optimised, no GC allocation
/// per call, statically linked into the Native AOT binary). Its shim exports no deflateReset,
/// and a fresh deflate state per message costs a large native allocation; instead one
/// raw-deflate stream lives as long as the codec and each message ends with a full flush, which
/// forgets all history, so every message is an independent deflate stream, which we close with
/// an empty final block. That costs 6–7 bytes more than compress() (the flush's empty stored
/// block and our final block): the reason small messages do not go this way.
/// </para>
/// <para>
/// Decompression is zlib-ng's inflate, its state allocated once and reset per message.
/// </para>
/// Not thread-safe: one instance per connection direction.
/// </summary>
public sealed unsafe class ZlibCodec : IDisposable
{
    /// <summary>Upstream uncompresses into a 2048×2048-byte buffer; anything larger is hostile.</summary>
    public const int MaxDecompressedLength = 2048 * 2048;

    /// <summary>zlib's compress() level, which zlib-ng uses for large messages.</summary>
    public const int Level = 6;

    /// <summary>Messages up to this many bytes are compressed by <see cref="DeflateEncoder"/>, larger ones by zlib-ng.</summary>
    public const int SmallMessageLimit = DeflateSymbols.WindowSize;

    private const int InitialOutputCapacity = 16 * 1024;

    private ZlibNative.ZStream* _inflate;
    private bool _inflateReady;
    private ZlibNative.ZStream* _deflate;
    private bool _deflateReady;
    private readonly int _smallMessageLimit;
    private DeflateEncoder? _smallMessages;
    private byte[] _output = new byte[InitialOutputCapacity];
    private int _outputLength;

    public ZlibCodec()
        : this(SmallMessageLimit)
    {
    }

    /// <summary>For tests and benchmarks: messages up to <paramref name="smallMessageLimit"/> bytes (0: none) use <see cref="DeflateEncoder"/>.</summary>
    internal ZlibCodec(int smallMessageLimit)
    {
        _smallMessageLimit = smallMessageLimit;
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
        ZlibResult result = CompressCore(source, destination, out written);
        // The native streams are reached through raw pointers, which do not keep this codec
        // alive: without this, a codec whose last use this is could be finalized (its streams
        // freed) while zlib still works on them.
        GC.KeepAlive(this);
        return result;
    }

    private ZlibResult CompressCore(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        if (_deflate == null)
            return ZlibResult.Failed;
        if (destination.Length < HeaderLength + TrailerLength)
            return ZlibResult.DestinationTooSmall;
        destination[0] = 0x78; // deflate, 32 KiB window
        destination[1] = 0x9C; // level 6 (FLEVEL 2), no dictionary, check bits
        int produced;
        if (source.Length <= _smallMessageLimit)
        {
            // Created on first use: a codec that only inflates never needs its arrays.
            _smallMessages ??= new DeflateEncoder(_smallMessageLimit);
            int deflated = _smallMessages.Encode(source, destination[HeaderLength..^TrailerLength]);
            if (deflated < 0)
                return ZlibResult.DestinationTooSmall;
            produced = HeaderLength + deflated;
        }
        else
        {
            ZlibResult result = DeflateWithZlibNg(source, destination, out produced);
            if (result != ZlibResult.Ok)
                return result;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination[produced..], Adler32.Compute(source));
        written = produced + TrailerLength;
        return ZlibResult.Ok;
    }

    private const int HeaderLength = 2;
    /// <summary>The Adler-32.</summary>
    private const int TrailerLength = 4;
    /// <summary>The empty final block that closes zlib-ng's output.</summary>
    private const int FinalBlockLength = 2;

    /// <summary>The deflate data after the header, through zlib-ng; <paramref name="produced"/> counts the header too.</summary>
    private ZlibResult DeflateWithZlibNg(ReadOnlySpan<byte> source, Span<byte> destination, out int produced)
    {
        produced = 0;
        ZlibNative.ZStream* z = _deflate;
        if (!_deflateReady)
        {
            *z = default;
            if (ZlibNative.DeflateInit2(z, Level, ZlibNative.Deflated, ZlibNative.RawWindowBits, ZlibNative.DefaultMemLevel, ZlibNative.DefaultStrategy) != ZlibNative.Ok)
                return ZlibResult.Failed;
            _deflateReady = true;
        }

        int rc;
        int end;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            int room = destination.Length - HeaderLength - FinalBlockLength - TrailerLength;
            if (room <= 0)
                return ZlibResult.DestinationTooSmall;
            z->NextIn = src;
            z->AvailIn = (uint)source.Length;
            z->NextOut = dst + HeaderLength;
            z->AvailOut = (uint)room;
            rc = ZlibNative.Deflate(z, ZlibNative.FullFlush);
            end = HeaderLength + room - (int)z->AvailOut;
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
        // final block (fixed Huffman: BFINAL=1, BTYPE=01, end-of-block).
        destination[end] = 0x03;
        destination[end + 1] = 0x00;
        produced = end + FinalBlockLength;
        return ZlibResult.Ok;
    }

    /// <summary>
    /// Inflate one zlib stream into the codec's own buffer (<see cref="Decompressed"/>), growing it
    /// as needed up to 4 MiB. Bytes after the end of the stream are ignored, like uncompress().
    /// </summary>
    public ZlibResult Decompress(ReadOnlySpan<byte> source)
    {
        ZlibResult result = DecompressCore(source);
        GC.KeepAlive(this);
        return result;
    }

    private ZlibResult DecompressCore(ReadOnlySpan<byte> source)
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
