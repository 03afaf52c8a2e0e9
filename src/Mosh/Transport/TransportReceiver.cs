namespace Mosh.Transport;

/// <summary>One state received from the peer.</summary>
public struct ReceivedState<TState> where TState : class
{
    public ulong Num;
    public long ReceiveTimeMs;
    public TState State;

    /// <summary>The state's footprint when it arrived (what the receiver counts it as until it goes).</summary>
    public long Footprint;
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
    private long _footprint;
    private long _quenchUntil;

    // Instructions that arrived before the state they refer to (reordering, or a lost piece of a
    // large change that will be sent again): held, bounded, and applied once that state arrives.
    private readonly EarlyInstruction[] _early;
    private int _earlyBytes;

    private struct EarlyInstruction
    {
        public bool Held;
        public ulong OldNum;
        public ulong NewNum;
        public ulong ThrowawayNum;
        public ByteBuffer? Diff;
    }

    /// <param name="heldInstructionLimit">
    /// How many early or deferred instructions may be held (see <see cref="TransportTiming.EarlyInstructionLimit"/>);
    /// 0 receives exactly as upstream 1.4.0 does, dropping them.
    /// </param>
    public TransportReceiver(TState initialRemote, StatePool<TState> pool, long nowMs,
        int heldInstructionLimit = TransportTiming.EarlyInstructionLimit)
    {
        _pool = pool;
        _early = new EarlyInstruction[Math.Max(0, heldInstructionLimit)];
        _items[0] = new ReceivedState<TState> { Num = 0, ReceiveTimeMs = nowMs, State = pool.RentCopyOf(initialRemote) };
        _items[0].Footprint = _items[0].State.Footprint;
        _footprint = _items[0].Footprint;
        _count = 1;
    }

    public int Count => _count;

    /// <summary>The footprints of the states held, added up (see <see cref="TransportTiming.ReceivedFootprintLimit"/>).</summary>
    public long Footprint => _footprint;

    /// <summary>Whether the last <see cref="Receive"/> also applied held instructions that carried data.</summary>
    public bool AppliedHeldData { get; private set; }

    /// <summary>Instructions held because their reference has not arrived yet.</summary>
    public int HeldCount
    {
        get
        {
            int n = 0;
            foreach (EarlyInstruction e in _early)
            {
                n += e.Held ? 1 : 0;
            }
            return n;
        }
    }

    /// <summary>Asked before a state becomes the newest; see <see cref="Transport{TLocal, TRemote}.RemoteStateGate"/>.</summary>
    public IRemoteStateGate<TState>? Gate { get; set; }

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
        AppliedHeldData = false;
        ReceiveResult result = Apply(instruction.OldNum, instruction.NewNum, instruction.ThrowawayNum,
            instruction.Diff.Span, nowMs);
        if (result is ReceiveResult.UnknownReference or ReceiveResult.Deferred)
        {
            Hold(instruction, deferred: result == ReceiveResult.Deferred);
        }
        else if (result is ReceiveResult.NewestState or ReceiveResult.OutOfOrderState)
        {
            // The state may be the one held instructions were waiting for.
            bool newest = ApplyHeld(nowMs);
            if (newest)
            {
                result = ReceiveResult.NewestState;
            }
        }
        return result;
    }

    private ReceiveResult Apply(ulong oldNum, ulong newNum, ulong throwawayNum, ReadOnlySpan<byte> diff, long nowMs)
    {
        if (IndexOf(newNum) >= 0)
        {
            return ReceiveResult.Duplicate;
        }
        int reference = IndexOf(oldNum);
        if (reference < 0)
        {
            // Security-sensitive: applying a diff to anything but its own reference would corrupt
            // the state. The sender times out its assumption and falls back to the acked state.
            return ReceiveResult.UnknownReference;
        }

        // A correct sender never throws away the state its diff refers to; a hostile one might
        // try, so the reference is always kept.
        ulong throwaway = Math.Min(throwawayNum, oldNum);
        reference -= ThrowAwayBelow(throwaway);

        if (_count > TransportTiming.ReceivedStateLimit || _footprint > TransportTiming.ReceivedFootprintLimit)
        {
            if (nowMs < _quenchUntil)
            {
                return ReceiveResult.Quenched;
            }
            _quenchUntil = nowMs + TransportTiming.ReceiverQuenchMs;
        }

        TState state = _pool.RentCopyOf(_items[reference].State);
        if (!diff.IsEmpty && !state.TryApplyDiff(diff))
        {
            _pool.Return(state);
            return ReceiveResult.MalformedDiff;
        }

        int insertAt = UpperBound(newNum);
        if (insertAt == _count && Gate is not null && !Gate.Admit(state, _items[_count - 1].State))
        {
            _pool.Return(state);
            return ReceiveResult.Deferred;
        }
        var received = new ReceivedState<TState> { Num = newNum, ReceiveTimeMs = nowMs, State = state, Footprint = state.Footprint };
        Insert(insertAt, received);
        return insertAt == _count - 1 ? ReceiveResult.NewestState : ReceiveResult.OutOfOrderState;
    }

    /// <summary>
    /// Tries again the held instructions, once the gate may admit what it deferred (the reader
    /// made room). Returns true if one became the newest state.
    /// </summary>
    public bool RetryHeld(long nowMs)
    {
        AppliedHeldData = false;
        return ApplyHeld(nowMs);
    }

    /// <summary>
    /// Keeps a copy of an instruction the gate deferred, or one whose reference has not arrived
    /// but still may (it is numbered above the oldest state we hold, so it has not been thrown
    /// away), within <see cref="TransportTiming.EarlyInstructionLimit"/> instructions and
    /// <see cref="TransportTiming.EarlyInstructionBytes"/> bytes. It is not acknowledged until applied.
    /// </summary>
    private void Hold(in Instruction instruction, bool deferred)
    {
        if ((!deferred && instruction.OldNum <= _items[0].Num) || instruction.NewNum <= instruction.OldNum
            || _earlyBytes + instruction.Diff.Length > TransportTiming.EarlyInstructionBytes)
        {
            return;
        }
        int free = -1;
        for (int i = 0; i < _early.Length; i++)
        {
            if (_early[i].Held && _early[i].NewNum == instruction.NewNum)
            {
                return; // a copy of it is held already
            }
            if (!_early[i].Held && free < 0)
            {
                free = i;
            }
        }
        if (free < 0)
        {
            return;
        }
        ref EarlyInstruction e = ref _early[free];
        e.Held = true;
        e.OldNum = instruction.OldNum;
        e.NewNum = instruction.NewNum;
        e.ThrowawayNum = instruction.ThrowawayNum;
        e.Diff ??= new ByteBuffer(instruction.Diff.Length);
        e.Diff.Clear();
        e.Diff.Append(instruction.Diff.Span);
        _earlyBytes += instruction.Diff.Length;
    }

    /// <summary>Applies every held instruction whose reference is now here; true if one became the newest.</summary>
    private bool ApplyHeld(long nowMs)
    {
        bool newest = false;
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (int i = 0; i < _early.Length; i++)
            {
                ref EarlyInstruction e = ref _early[i];
                if (!e.Held)
                {
                    continue;
                }
                bool obsolete = e.OldNum < _items[0].Num || IndexOf(e.NewNum) >= 0 || e.NewNum <= Newest.Num;
                if (!obsolete && IndexOf(e.OldNum) < 0)
                {
                    continue; // still waiting
                }
                e.Held = false;
                _earlyBytes -= e.Diff!.Length;
                if (obsolete)
                {
                    continue;
                }
                ReceiveResult r = Apply(e.OldNum, e.NewNum, e.ThrowawayNum, e.Diff.WrittenSpan, nowMs);
                if (r == ReceiveResult.Deferred)
                {
                    // Still no room: keep it (its buffer is still ours) and try the rest later.
                    e.Held = true;
                    _earlyBytes += e.Diff.Length;
                    continue;
                }
                if (r is ReceiveResult.NewestState or ReceiveResult.OutOfOrderState)
                {
                    progress = true;
                    newest |= r == ReceiveResult.NewestState;
                    AppliedHeldData |= e.Diff.Length > 0;
                }
            }
        }
        return newest;
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

    /// <summary>Trims <paramref name="prefix"/>'s content from every held state (newest first).</summary>
    public void Subtract(TState prefix)
    {
        for (int i = _count - 1; i >= 0; i--)
        {
            _items[i].State.Subtract(prefix);
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
            _footprint -= _items[i].Footprint;
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
        _footprint += item.Footprint;
        _count++;
    }
}
