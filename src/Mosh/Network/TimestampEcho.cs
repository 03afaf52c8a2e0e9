namespace Mosh.Network;

/// <summary>
/// The timestamp a peer echoes back so the sender can measure RTT (protocol §2.2): the last
/// in-order timestamp received, advanced by how long we held it, sent at most once and only
/// within a second of its arrival.
/// </summary>
public struct TimestampEcho
{
    /// <summary>A held timestamp older than this is not echoed: it would inflate the peer's RTT.</summary>
    public const long MaxHoldMs = 1000;

    /// <summary>
    /// Congestion signal: on ECN-CE we pretend the packet was sent 500 ms earlier, so the peer
    /// measures a larger RTT and slows its frame rate (protocol §2.4). There is no other congestion control.
    /// </summary>
    public const int CongestionPenaltyMs = 500;

    private ushort _saved;
    private bool _hasSaved;
    private long _savedAtMs;

    /// <summary>Record the timestamp of an authentic, in-order packet.</summary>
    public void OnInOrderPacket(ushort timestamp, bool congestionExperienced, long nowMs)
    {
        if (timestamp == Timestamp16.None)
            return;
        _saved = congestionExperienced ? unchecked((ushort)(timestamp - CongestionPenaltyMs)) : timestamp;
        _hasSaved = true;
        _savedAtMs = nowMs;
    }

    /// <summary>The timestamp_reply for the next outgoing packet; consumes the held timestamp.</summary>
    public ushort TakeReply(long nowMs)
    {
        if (!_hasSaved)
            return Timestamp16.None;
        long held = nowMs - _savedAtMs;
        _hasSaved = false;
        if (held < 0 || held >= MaxHoldMs)
            return Timestamp16.None;
        // May come out as 0xFFFF; the peer then ignores it, as upstream's does.
        return unchecked((ushort)(_saved + held));
    }
}
