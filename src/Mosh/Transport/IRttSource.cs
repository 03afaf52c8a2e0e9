namespace Mosh.Transport;

/// <summary>
/// The two timing figures the sender derives from the connection's RTT estimate (protocol §2.3,
/// §4.5). The datagram layer's <see cref="Network.RttEstimator"/> provides them (see
/// <see cref="PacketPipeline"/>); tests use <see cref="FixedRtt"/>.
/// </summary>
public interface IRttSource
{
    /// <summary>RTO: <c>clamp(ceil(SRTT + 4·RTTVAR), 50, 1000)</c> ms.</summary>
    int TimeoutMs { get; }

    /// <summary>Frame interval: <c>clamp(ceil(SRTT / 2), 20, 250)</c> ms.</summary>
    int SendIntervalMs { get; }
}
