namespace Mosh.StateSync;

/// <summary>
/// The server's echo-ack bookkeeping (protocol §5.5): tells the client's prediction engine "all input
/// up to user-stream state N reached the application at least <see cref="EchoTimeoutMs"/> ago",
/// so the screen already shows whatever echo it was going to produce.
/// Fixed capacity: when full, the newest entry is overwritten by the newer one, which only
/// delays the ack of the overwritten state (never acks anything too early).
/// </summary>
public sealed class EchoAckTracker
{
    /// <summary>How long after delivery the application's echo is assumed to be on screen.</summary>
    public const int EchoTimeoutMs = 50;

    public const int Capacity = 64;

    private readonly ulong[] _nums = new ulong[Capacity];
    private readonly long[] _times = new long[Capacity];
    private int _count;
    private ulong _echoAck;

    /// <summary>The current echo ack (never decreases).</summary>
    public ulong EchoAck => _echoAck;

    public int PendingCount => _count;

    /// <summary>Non-empty new user events from state <paramref name="stateNum"/> were delivered at <paramref name="nowMs"/>.</summary>
    public void RegisterInputFrame(ulong stateNum, long nowMs)
    {
        if (_count == Capacity)
        {
            _count--;
        }
        _nums[_count] = stateNum;
        _times[_count] = nowMs;
        _count++;
    }

    /// <summary>
    /// Advances the echo ack to the newest entry delivered at least 50 ms ago and forgets older
    /// entries. Returns true when it changed, i.e. a new terminal state should be published.
    /// </summary>
    public bool Update(long nowMs)
    {
        ulong best = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_times[i] + EchoTimeoutMs <= nowMs)
            {
                best = _nums[i];
            }
        }

        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_nums[i] >= best)
            {
                _nums[kept] = _nums[i];
                _times[kept] = _times[i];
                kept++;
            }
        }
        _count = kept;

        // Upstream assigns unconditionally; since the acked entry stays in the history, best only
        // decreases if nothing was ever acked (best = 0 = the initial value). Guard anyway.
        if (best <= _echoAck)
        {
            return false;
        }
        _echoAck = best;
        return true;
    }

    /// <summary>
    /// Milliseconds until <see cref="Update"/> may change the ack, or <see cref="int.MaxValue"/>.
    /// As upstream: timed from the second entry (the first is the one already acked), so a
    /// lone first entry waits for some other wake-up.
    /// </summary>
    public int WaitTimeMs(long nowMs)
    {
        if (_count < 2)
        {
            return int.MaxValue;
        }
        long due = _times[1] + EchoTimeoutMs;
        return due <= nowMs ? 0 : (int)Math.Min(due - nowMs, int.MaxValue);
    }
}
