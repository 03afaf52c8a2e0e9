namespace Mosh.Network;

/// <summary>
/// Smoothed round-trip time in the style of RFC 6298 (protocol §2.3), fed by echoed timestamps.
/// It sets the retransmission timeout and the frame interval ("about two frames per RTT").
/// </summary>
public struct RttEstimator
{
    public const double InitialSrttMs = 1000;
    public const double InitialRttVarMs = 500;

    /// <summary>Samples this large are ignored: most likely the peer was suspended, not the path slow.</summary>
    public const double MaxSampleMs = 5000;

    public const int MinRtoMs = 50;
    public const int MaxRtoMs = 1000;
    public const int MinSendIntervalMs = 20;
    public const int MaxSendIntervalMs = 250;

    private double _srtt;
    private double _rttVar;
    private bool _hasSample;
    private bool _initialised;

    public RttEstimator()
    {
        _srtt = InitialSrttMs;
        _rttVar = InitialRttVarMs;
        _initialised = true;
    }

    public readonly double SrttMs => _initialised ? _srtt : InitialSrttMs;
    public readonly double RttVarMs => _initialised ? _rttVar : InitialRttVarMs;
    public readonly bool HasSample => _hasSample;

    /// <summary>Feed the timestamp_reply of an in-order packet; returns whether it produced a sample.</summary>
    public bool OnTimestampReply(ushort timestampReply, ushort now16)
    {
        if (timestampReply == Timestamp16.None)
            return false;
        return AddSample(Timestamp16.Difference(now16, timestampReply));
    }

    /// <summary>Add one RTT sample in ms; samples ≥ 5000 ms are ignored.</summary>
    public bool AddSample(double sampleMs)
    {
        if (!(sampleMs >= 0 && sampleMs < MaxSampleMs))
            return false;
        if (!_initialised)
        {
            _srtt = InitialSrttMs;
            _rttVar = InitialRttVarMs;
            _initialised = true;
        }
        if (!_hasSample)
        {
            _srtt = sampleMs;
            _rttVar = sampleMs / 2;
            _hasSample = true;
        }
        else
        {
            const double alpha = 1.0 / 8, beta = 1.0 / 4;
            _rttVar = (1 - beta) * _rttVar + beta * Math.Abs(_srtt - sampleMs);
            _srtt = (1 - alpha) * _srtt + alpha * sampleMs;
        }
        return true;
    }

    /// <summary>RTO: ceil(SRTT + 4·RTTVAR) clamped to [50, 1000] ms.</summary>
    public readonly int TimeoutMs => Clamp(Math.Ceiling(SrttMs + 4 * RttVarMs), MinRtoMs, MaxRtoMs);

    /// <summary>Frame interval: ceil(SRTT / 2) clamped to [20, 250] ms.</summary>
    public readonly int SendIntervalMs => Clamp(Math.Ceiling(SrttMs / 2), MinSendIntervalMs, MaxSendIntervalMs);

    private static int Clamp(double value, int min, int max) =>
        value < min ? min : value > max ? max : (int)value;
}
