namespace Mosh.Transport;

/// <summary>One state received from the peer.</summary>
public struct ReceivedState<TState> where TState : class
{
    public ulong Num;
    public long ReceiveTimeMs;
    public TState State;
}

/// <summary>
/// The SSP receiver's state list (protocol §4.8): every peer state we may still be sent a diff
/// against, sorted by number. The newest remote state is the highest-numbered one, not the
/// most recently received. States come from and return to a pool.
/// </summary>
public sealed class TransportReceiver<TState> where TState : class, ISyncState<TState>
{
    private readonly StatePool<TState> _pool;
    private ReceivedState<TState>[] _items = new ReceivedState<TState>[8];
    private int _count;
    private long _quenchUntil;

    public TransportReceiver(TState initialRemote, StatePool<TState> pool, long nowMs)
    {
        _pool = pool;
        _items[0] = new ReceivedState<TState> { Num = 0, ReceiveTimeMs = nowMs, State = pool.RentCopyOf(initialRemote) };
        _count = 1;
    }

    public int Count => _count;

    public ref ReceivedState<TState> Newest => ref _items[_count - 1];

    public ref ReceivedState<TState> Oldest => ref _items[0];

    public ulong NumAt(int index) => _items[index].Num;

    /// <summary>
    /// Receives one instruction whose version has been checked and whose ack the sender has
    /// processed. On <see cref="ReceiveResult.NewestState"/> the caller updates the sender's ack
    /// number, last-heard time and (non-empty diff) data-ack flag.
    /// </summary>
    public ReceiveResult Receive(in Instruction instruction, long nowMs)
    {
        if (IndexOf(instruction.NewNum) >= 0)
        {
            return ReceiveResult.Duplicate;
        }
        int reference = IndexOf(instruction.OldNum);
        if (reference < 0)
        {
            // Security-sensitive: applying a diff to anything but its own reference would corrupt
            // the state. The sender times out its assumption and falls back to the acked state.
            return ReceiveResult.UnknownReference;
        }

        // A correct sender never throws away the state its diff refers to; a hostile one might
        // try, so the reference is always kept.
        ulong throwaway = Math.Min(instruction.ThrowawayNum, instruction.OldNum);
        reference -= ThrowAwayBelow(throwaway);

        if (_count > TransportTiming.ReceivedStateLimit)
        {
            if (nowMs < _quenchUntil)
            {
                return ReceiveResult.Quenched;
            }
            _quenchUntil = nowMs + TransportTiming.ReceiverQuenchMs;
        }

        TState state = _pool.RentCopyOf(_items[reference].State);
        if (!instruction.Diff.IsEmpty && !state.TryApplyDiff(instruction.Diff.Span))
        {
            _pool.Return(state);
            return ReceiveResult.MalformedDiff;
        }

        var received = new ReceivedState<TState> { Num = instruction.NewNum, ReceiveTimeMs = nowMs, State = state };
        int insertAt = UpperBound(instruction.NewNum);
        Insert(insertAt, received);
        return insertAt == _count - 1 ? ReceiveResult.NewestState : ReceiveResult.OutOfOrderState;
    }

    /// <summary>
    /// Trims the oldest held state's content from every held state (newest first, the oldest last
    /// because it is the prefix). Call after consuming the newest state's changes (§5.1), as
    /// upstream does when the server reads new user input.
    /// </summary>
    public void SubtractOldest()
    {
        TState oldest = _items[0].State;
        for (int i = _count - 1; i >= 0; i--)
        {
            _items[i].State.Subtract(oldest);
        }
    }

    private int ThrowAwayBelow(ulong throwawayNum)
    {
        int drop = 0;
        while (drop < _count - 1 && _items[drop].Num < throwawayNum)
        {
            drop++;
        }
        if (drop == 0)
        {
            return 0;
        }
        for (int i = 0; i < drop; i++)
        {
            _pool.Return(_items[i].State);
        }
        Array.Copy(_items, drop, _items, 0, _count - drop);
        Array.Clear(_items, _count - drop, drop);
        _count -= drop;
        return drop;
    }

    // The list is sorted by number, so lookups are binary searches.
    private int IndexOf(ulong num)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            ulong midNum = _items[mid].Num;
            if (midNum == num)
            {
                return mid;
            }
            if (midNum < num)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /// <summary>Index of the first state numbered above <paramref name="num"/> (or the count).</summary>
    private int UpperBound(ulong num)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_items[mid].Num <= num)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private void Insert(int index, in ReceivedState<TState> item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = item;
        _count++;
    }
}
