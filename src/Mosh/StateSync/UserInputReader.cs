namespace Mosh.StateSync;

/// <summary>
/// The server's view of the client's user stream (protocol §5.1): hands out the events of the
/// newest received state that it has not handed out yet, collapsing each run of consecutive
/// resizes to its last one (a window drag produces many; only the final size matters).
/// <para>
/// The handler may refuse a key (the program is not reading and the write queue is full): the
/// reader stops there, and the key and everything after it stay in the received states until
/// the next call. The user stream is reliable, so input waits instead of being dropped
/// (protocol §5.1.2). While input waits, the newest size is applied at once
/// (<see cref="ApplyWaitingResize"/>), and an interrupt can be taken ahead of the waiting keys
/// (<see cref="TakeInterrupt"/>).
/// </para>
/// </summary>
public sealed class UserInputReader
{
    private const ulong None = ulong.MaxValue;

    private ulong _consumed;
    private ulong _resizeAppliedThrough = None;
    private ulong _skipKeyAt = None;
    private readonly UserStream _consumedPrefix = new(4);

    /// <summary>Absolute number of events already handed out.</summary>
    public ulong ConsumedCount => _consumed;

    /// <summary>
    /// An empty state of the stream whose total is <see cref="ConsumedCount"/>: subtracting it from
    /// the received states (<see cref="Transport.Transport{TLocal, TRemote}.SubtractFromRemoteStates"/>)
    /// forgets exactly what was handed out and keeps what waits.
    /// </summary>
    public UserStream ConsumedPrefix
    {
        get
        {
            _consumedPrefix.ResetToTrimmed(_consumed);
            return _consumedPrefix;
        }
    }

    /// <summary>Events of <paramref name="newest"/> not handed out yet.</summary>
    public ulong WaitingCount(UserStream newest) => newest.TotalCount > _consumed ? newest.TotalCount - _consumed : 0;

    /// <summary>The events of <paramref name="newest"/> not yet handed out; marks them consumed.</summary>
    public ReadOnlySpan<UserStreamEvent> TakeNew(UserStream newest)
    {
        ReadOnlySpan<UserStreamEvent> events = newest.EventsFrom(_consumed);
        if (newest.TotalCount > _consumed)
        {
            _consumed = newest.TotalCount;
        }
        return events;
    }

    /// <summary>
    /// Hands the waiting events of <paramref name="newest"/> to <paramref name="handler"/> in order,
    /// with the resize rule applied, until the handler refuses a key. Returns how many events were
    /// consumed (0: nothing for the echo ack).
    /// </summary>
    public int Apply<THandler>(UserStream newest, ref THandler handler) where THandler : struct, IUserEventHandler
    {
        SkipTrimmed(newest);
        ulong start = _consumed;
        if (newest.TotalCount <= start)
        {
            return 0;
        }
        int taken = Dispatch(newest.EventsFrom(start), start, ref handler);
        _consumed = start + (ulong)taken;
        return taken;
    }

    private int Dispatch<THandler>(ReadOnlySpan<UserStreamEvent> events, ulong firstIndex, ref THandler handler)
        where THandler : struct, IUserEventHandler
    {
        for (int i = 0; i < events.Length; i++)
        {
            UserStreamEvent e = events[i];
            ulong index = firstIndex + (ulong)i;
            if (!e.IsResize)
            {
                if (index == _skipKeyAt)
                {
                    _skipKeyAt = None; // taken ahead of its turn (TakeInterrupt)
                    continue;
                }
                if (!handler.Key(e.Byte))
                {
                    return i;
                }
            }
            else if ((i + 1 == events.Length || !events[i + 1].IsResize) && IsValidSize(e)
                && (_resizeAppliedThrough == None || index > _resizeAppliedThrough))
            {
                handler.Resize(e.Width, e.Height);
            }
        }
        return events.Length;
    }

    /// <summary>
    /// While input waits, the newest size among the waiting events is applied now: a resize is
    /// not input to the program, and the window should not wait for it to read a paste.
    /// Earlier waiting resizes are then skipped when their turn comes. Returns whether a size was applied.
    /// </summary>
    public bool ApplyWaitingResize<THandler>(UserStream newest, ref THandler handler) where THandler : struct, IUserEventHandler
    {
        SkipTrimmed(newest);
        ReadOnlySpan<UserStreamEvent> waiting = newest.EventsFrom(_consumed);
        for (int i = waiting.Length - 1; i >= 0; i--)
        {
            ulong index = _consumed + (ulong)i;
            if (!waiting[i].IsResize || (_resizeAppliedThrough != None && index <= _resizeAppliedThrough))
            {
                continue;
            }
            if (!IsValidSize(waiting[i]))
            {
                return false;
            }
            _resizeAppliedThrough = index;
            handler.Resize(waiting[i].Width, waiting[i].Height);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Takes an interrupt key (one of <paramref name="keys"/>: the pty's VINTR, VQUIT, VSUSP) ahead
    /// of the waiting input. With <paramref name="discardBefore"/> (the terminal flushes its input
    /// on an interrupt), the last such key is taken and the keys waiting before it are dropped, as
    /// the terminal would drop them; the newest size among them is still applied. Without it
    /// (NOFLSH), the first such key is taken and skipped later, when its turn comes. Returns the
    /// key, or -1 when none waits.
    /// </summary>
    public int TakeInterrupt<THandler>(UserStream newest, ReadOnlySpan<byte> keys, bool discardBefore, ref THandler handler)
        where THandler : struct, IUserEventHandler
    {
        SkipTrimmed(newest);
        ReadOnlySpan<UserStreamEvent> waiting = newest.EventsFrom(_consumed);
        if (keys.IsEmpty)
        {
            return -1;
        }
        if (!discardBefore)
        {
            if (_skipKeyAt != None)
            {
                return -1; // one taken already waits for its turn
            }
            for (int i = 0; i < waiting.Length; i++)
            {
                if (!waiting[i].IsResize && keys.Contains(waiting[i].Byte))
                {
                    _skipKeyAt = _consumed + (ulong)i;
                    return waiting[i].Byte;
                }
            }
            return -1;
        }
        for (int i = waiting.Length - 1; i >= 0; i--)
        {
            if (waiting[i].IsResize || !keys.Contains(waiting[i].Byte))
            {
                continue;
            }
            ApplyWaitingResize(newest, ref handler, limit: i);
            _consumed += (ulong)i + 1;
            if (_skipKeyAt != None && _skipKeyAt < _consumed)
            {
                _skipKeyAt = None;
            }
            return waiting[i].Byte;
        }
        return -1;
    }

    /// <summary>Applies the newest size among the first <paramref name="limit"/> waiting events.</summary>
    private void ApplyWaitingResize<THandler>(UserStream newest, ref THandler handler, int limit)
        where THandler : struct, IUserEventHandler
    {
        ReadOnlySpan<UserStreamEvent> waiting = newest.EventsFrom(_consumed);
        for (int i = limit - 1; i >= 0; i--)
        {
            ulong index = _consumed + (ulong)i;
            if (waiting[i].IsResize && (_resizeAppliedThrough == None || index > _resizeAppliedThrough))
            {
                if (IsValidSize(waiting[i]))
                {
                    _resizeAppliedThrough = index;
                    handler.Resize(waiting[i].Width, waiting[i].Height);
                }
                return;
            }
        }
    }

    /// <summary>
    /// Events trimmed before we took them (only if the caller trimmed past what it consumed) are
    /// gone: go on from the first one still held.
    /// </summary>
    private void SkipTrimmed(UserStream newest)
    {
        if (newest.TrimmedCount > _consumed)
        {
            _consumed = newest.TrimmedCount;
        }
    }

    // Upstream asserts on a zero size; a hostile or buggy client must not stop us.
    private static bool IsValidSize(in UserStreamEvent e) => e.Width >= 1 && e.Height >= 1;
}
