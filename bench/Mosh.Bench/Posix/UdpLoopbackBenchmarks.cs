using BenchmarkDotNet.Attributes;
using Mosh.Posix;

namespace Mosh.Bench.Posix;

/// <summary>Cost of the syscall layer per datagram: one MTU-sized sendto + poll + recvmsg on loopback.</summary>
[MemoryDiagnoser]
public class UdpLoopbackBenchmarks
{
    private UdpSocket _sender = null!;
    private UdpSocket _receiver = null!;
    private NetAddress _destination;
    private Poller _poller = null!;
    private readonly byte[] _payload = new byte[1252];
    private readonly byte[] _buffer = new byte[2048];

    [GlobalSetup]
    public void Setup()
    {
        NetAddress.TryParse("127.0.0.1", 0, out NetAddress loopback);
        _sender = UdpSocket.Create(IpFamily.IPv4, out _)!;
        _receiver = UdpSocket.Create(IpFamily.IPv4, out _)!;
        _sender.Bind(loopback);
        _receiver.Bind(loopback);
        _receiver.GetLocalAddress(out _destination);
        _poller = new Poller(2);
        _poller.Add(_receiver.Fd, PollEvents.Readable);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public int SendPollReceive()
    {
        _sender.SendTo(_payload, _destination);
        _poller.Wait(1000, out _);
        return _receiver.Receive(_buffer, out _).Count;
    }

    [Benchmark]
    public int PollNothingReady()
    {
        return _poller.Wait(0, out _);
    }
}
