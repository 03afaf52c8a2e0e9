using Mosh.Transport;
namespace Mosh.Testing;

/// <summary>An <see cref="IRttSource"/> with fixed figures, for tests and harnesses.</summary>
public sealed class FixedRtt : IRttSource
{
    public FixedRtt(int retransmitTimeoutMs, int sendIntervalMs)
    {
        TimeoutMs = retransmitTimeoutMs;
        SendIntervalMs = sendIntervalMs;
    }

    /// <summary>What a fresh estimator reports (SRTT 1000, RTTVAR 500): RTO 1000 ms, interval 250 ms.</summary>
    public static FixedRtt Initial() => new(1000, 250);

    /// <summary>A loopback-like link: the clamps' floors, RTO 50 ms and interval 20 ms.</summary>
    public static FixedRtt Loopback() => new(50, 20);

    public int TimeoutMs { get; set; }

    public int SendIntervalMs { get; set; }
}
