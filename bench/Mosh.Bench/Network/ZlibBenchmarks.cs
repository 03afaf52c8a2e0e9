using BenchmarkDotNet.Attributes;
using Mosh.Transport;

namespace Mosh.Bench.Network;

/// <summary>zlib level 6 both ways on a keystroke-sized and a screen-sized serialized instruction.</summary>
[MemoryDiagnoser]
public class ZlibBenchmarks
{
    private ZlibCodec _zlib = null!;
    private byte[] _input = null!;
    private byte[] _compressed = null!;
    private byte[] _destination = null!;
    private int _compressedLength;

    [Params(24, 1400)]
    public int Size;

    [GlobalSetup]
    public void Setup()
    {
        _zlib = new ZlibCodec();
        var rng = new Random(2);
        _input = new byte[Size];
        const string alphabet = "abcdefghij klmnop\x1b[K\r\n0123";
        for (int i = 0; i < Size; i++)
            _input[i] = (byte)alphabet[rng.Next(alphabet.Length)];
        _destination = new byte[ZlibCodec.CompressBound(Size)];
        _zlib.Compress(_input, _destination, out _compressedLength);
        _compressed = _destination.AsSpan(0, _compressedLength).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _zlib.Dispose();

    [Benchmark]
    public int Compress() => _zlib.Compress(_input, _destination, out int n) == ZlibResult.Ok ? n : -1;

    [Benchmark]
    public int Decompress() => _zlib.Decompress(_compressed) == ZlibResult.Ok ? _zlib.Decompressed.Length : -1;
}
