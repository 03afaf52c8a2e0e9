namespace Mosh.Transport;

/// <summary>One state this side has sent: its number, when it was (last) sent, and a copy of it.</summary>
public struct SentState<TState> where TState : class
{
    public ulong Num;
    public long SendTimeMs;
    public TState State;

    /// <summary>The socket refused its last send: the peer certainly does not have it.</summary>
    public bool SendFailed;
}

/// <summary>
/// The sender's list of sent states (protocol §4.6), ordered by number: index 0 (front) is the newest
/// state the peer has acknowledged, the last entry is the last state sent. Fixed capacity
/// (limit + 1, the momentary overflow before thinning); states come from and return to a pool.
/// </summary>
internal sealed class SentStateList<TState> where TState : class, ISyncState<TState>
{
    private readonly SentState<TState>[] _items = new SentState<TState>[TransportTiming.SentStateLimit + 1];
    private readonly StatePool<TState> _pool;
    private int _count;

    public SentStateList(StatePool<TState> pool, ulong num, long sendTimeMs, TState initial)
    {
        _pool = pool;
        _items[0] = new SentState<TState> { Num = num, SendTimeMs = sendTimeMs, State = pool.RentCopyOf(initial) };
        _count = 1;
    }

    public int Count => _count;

    public ref SentState<TState> this[int index] => ref _items[index];

    public ref SentState<TState> Front => ref _items[0];

    public ref SentState<TState> Back => ref _items[_count - 1];

    /// <summary>
    /// Appends a copy of <paramref name="state"/>; beyond the limit, drops the entry 16th from the
    /// end. Returns the index of the dropped entry, or -1.
    /// </summary>
    public int Add(long sendTimeMs, ulong num, TState state)
    {
        _items[_count++] = new SentState<TState> { Num = num, SendTimeMs = sendTimeMs, State = _pool.RentCopyOf(state) };
        if (_count <= TransportTiming.SentStateLimit)
        {
            return -1;
        }
        int victim = _count - 16;
        RemoveRange(victim, 1);
        return victim;
    }

    /// <summary>
    /// The ack rule: if a state numbered <paramref name="ackNum"/> is held, every state numbered
    /// below it is dropped (it becomes the front). Returns how many were dropped.
    /// </summary>
    public int AcknowledgeThrough(ulong ackNum)
    {
        int found = -1;
        for (int i = 0; i < _count; i++)
        {
            if (_items[i].Num == ackNum)
            {
                found = i;
                break;
            }
        }
        if (found <= 0)
        {
            return 0; // unknown: refers to a state already culled (or never sent); nothing older to drop
        }
        int drop = 0;
        while (drop < _count && _items[drop].Num < ackNum)
        {
            drop++;
        }
        RemoveRange(0, drop);
        return drop;
    }

    private void RemoveRange(int start, int length)
    {
        for (int i = start; i < start + length; i++)
        {
            _pool.Return(_items[i].State);
        }
        Array.Copy(_items, start + length, _items, start, _count - start - length);
        _count -= length;
        for (int i = _count; i < _count + length; i++)
        {
            _items[i] = default;
        }
    }
}
