namespace Mosh.Testing;

/// <summary>Simulated monotonic time in milliseconds, shared by a harness's links and transports.</summary>
public sealed class VirtualClock
{
    public VirtualClock(long startMs = 0) => NowMs = startMs;

    public long NowMs { get; set; }
}
