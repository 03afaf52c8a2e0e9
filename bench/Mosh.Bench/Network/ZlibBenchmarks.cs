using BenchmarkDotNet.Attributes;
using Mosh.Testing;
using Mosh.Transport.Compression;

namespace Mosh.Bench.Network;

/// <summary>
/// zlib both ways on serialized instructions of the kinds a session sends (keystroke, ack, echo,
/// a line of output, full-screen repaints) and on prefixes of a big repaint, compressed by our
/// <see cref="DeflateEncoder"/>, by zlib-ng (a full flush per message), or, as upstream does, by
/// the system zlib's compress(); Decompress inflates what each of them wrote. <see cref="Setup"/>
/// prints each compressed size.
/// </summary>
[MemoryDiagnoser]
public class ZlibBenchmarks
{
    private ZlibCodec _zlib = null!;
    private byte[] _input = null!;
    private byte[] _compressed = null!;
    private byte[] _destination = null!;

    [Params("keystroke", "ack", "echo", "line", "repaint80x24", "repaint200x60", "screen-1K", "screen-4K", "screen-8K", "screen-16K", "screen-32K")]
    public string Message { get; set; } = "";

    [Params("deflate", "zlib-ng", "upstream-zlib")]
    public string Encoder { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = Message.StartsWith("screen-", StringComparison.Ordinal)
            ? ScreenPrefix(int.Parse(Message["screen-".Length..^1]) * 1024)
            : RealisticInstructions.Get(Message);
        _zlib = Encoder == "deflate" ? new ZlibCodec(DeflateSymbols.WindowSize) : new ZlibCodec(0);
        _destination = new byte[ZlibCodec.CompressBound(_input.Length)];
        int length;
        if (Encoder == "upstream-zlib")
            length = SystemZlib.Compress(_input, _destination);
        else
            _zlib.Compress(_input, _destination, out length);
        _compressed = _destination.AsSpan(0, length).ToArray();
        Console.WriteLine($"// {Message} via {Encoder}: {_input.Length} bytes -> {length} bytes");
    }

    /// <summary>The first <paramref name="length"/> bytes of repaints of a 200×60 screen (several, if one is shorter).</summary>
    private static byte[] ScreenPrefix(int length)
    {
        var bytes = new List<byte>();
        for (ulong seed = 1; bytes.Count < length; seed++)
            bytes.AddRange(RealisticInstructions.Get("repaint200x60", seed));
        return bytes.GetRange(0, length).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _zlib.Dispose();

    [Benchmark]
    public int Compress() => Encoder == "upstream-zlib"
        ? SystemZlib.Compress(_input, _destination)
        : _zlib.Compress(_input, _destination, out int n) == ZlibResult.Ok ? n : -1;

    [Benchmark]
    public int Decompress() => _zlib.Decompress(_compressed) == ZlibResult.Ok ? _zlib.Decompressed.Length : -1;
}
