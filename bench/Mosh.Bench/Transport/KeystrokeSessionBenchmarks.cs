using BenchmarkDotNet.Attributes;
using Mosh.StateSync;
using Mosh.Testing;

namespace Mosh.Bench.Transport;

/// <summary>
/// The interactive steady state, end to end in virtual time: the client types one key, the SSP
/// sends it, the server applies it, trims its received states and changes its screen, and both
/// sides exchange acks for 40 virtual ms. Instruction values only, or through the whole wire
/// pipeline (protobuf, zlib, fragments, OCB, timestamps).
/// </summary>
[MemoryDiagnoser]
public class KeystrokeSessionBenchmarks
{
    private SessionHarness<UserStream, BlobState> _session = null!;
    private readonly UserInputReader _reader = new();
    private ulong _keys;

    [Params(false, true)]
    public bool OverTheWire { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(),
            LinkOptions.Perfect(5), LinkOptions.Perfect(5), carryDatagrams: OverTheWire);
        _session.Client.CurrentState.PushResize(80, 24);
        for (int i = 0; i < 2000; i++)
        {
            Keystroke();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark]
    public void Keystroke()
    {
        _session.Client.CurrentState.PushByte((byte)('a' + (int)(_keys++ % 26)));
        long until = _session.NowMs + 40;
        while (_session.Step(until))
        {
            _reader.TakeNew(_session.Server.RemoteState);
            _session.Server.SubtractOldestRemoteState();
        }
        _session.Server.CurrentState.SetNumber(_keys);
    }
}
