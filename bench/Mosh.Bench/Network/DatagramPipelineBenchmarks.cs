using Mosh.StateSync;
using BenchmarkDotNet.Attributes;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Transport;

namespace Mosh.Bench.Network;

/// <summary>
/// One instruction through the whole wire path (protobuf, zlib, fragment, OCB) each way:
/// a one-key keystroke instruction (the interactive case) and a ~1400-byte screen update.
/// </summary>
[MemoryDiagnoser]
public class DatagramPipelineBenchmarks
{
    private static readonly byte[] s_key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    private PacketPipeline _client = null!;
    private PacketPipeline _server = null!;
    private Instruction _keystroke;
    private Instruction _screen;
    private byte[][] _keystrokeDatagrams = null!;
    private byte[][] _screenDatagrams = null!;
    private long _now = 1000;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PacketPipeline(new OcbCipher(s_key), Direction.ToServer) { DatagramMtu = Mtu.IPv4DatagramMtu };
        _server = new PacketPipeline(new OcbCipher(s_key), Direction.ToClient) { DatagramMtu = Mtu.IPv4DatagramMtu };

        var keys = new UserMessageWriter();
        keys.AddKeys("x"u8);
        _keystroke = new Instruction { ProtocolVersion = 2, OldNum = 41, NewNum = 42, AckNum = 17, ThrowawayNum = 41, Diff = keys.WrittenMemory.ToArray() };

        // A realistic repaint: rows of shell output with cursor moves and SGR, ~1400 bytes.
        var text = new System.Text.StringBuilder();
        var rng = new Random(1);
        while (text.Length < 1380)
        {
            text.Append("\x1b[").Append(rng.Next(1, 25)).Append(";1H\x1b[K");
            for (int i = rng.Next(20, 70); i > 0; i--)
                text.Append((char)rng.Next('a', 'z' + 1));
            if (rng.Next(3) == 0)
                text.Append("\x1b[1;32m$ \x1b[0m");
        }
        var content = new HostMessageContent { HasEchoAck = true, EchoAckNum = 42, HostBytes = System.Text.Encoding.ASCII.GetBytes(text.ToString()) };
        var diff = new byte[HostMessageCodec.GetEncodedLength(content)];
        HostMessageCodec.Encode(content, diff);
        _screen = new Instruction { ProtocolVersion = 2, OldNum = 17, NewNum = 18, AckNum = 42, ThrowawayNum = 17, Diff = diff };

        _keystrokeDatagrams = Capture(_client, _keystroke);
        _screenDatagrams = Capture(_server, _screen);
    }

    private byte[][] Capture(PacketPipeline p, in Instruction inst)
    {
        p.Encode(inst, _now);
        var list = new byte[p.DatagramCount][];
        for (int i = 0; i < list.Length; i++)
            list[i] = p.GetDatagram(i).ToArray();
        return list;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark]
    public int EncodeKeystroke() => _client.Encode(_keystroke, ++_now) == EncodeStatus.Ok ? _client.DatagramCount : -1;

    [Benchmark]
    public int EncodeScreenUpdate() => _server.Encode(_screen, ++_now) == EncodeStatus.Ok ? _server.DatagramCount : -1;

    [Benchmark]
    public ReceiveStatus DecodeKeystroke()
    {
        ReceiveStatus s = default;
        foreach (byte[] d in _keystrokeDatagrams)
            s = _server.Receive(d, ++_now, false, out _, out _);
        return s;
    }

    [Benchmark]
    public ReceiveStatus DecodeScreenUpdate()
    {
        ReceiveStatus s = default;
        foreach (byte[] d in _screenDatagrams)
            s = _client.Receive(d, ++_now, false, out _, out _);
        return s;
    }
}
