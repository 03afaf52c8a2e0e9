namespace Mosh.Transport;

/// <summary>
/// The SSP sender (protocol §4.6, §4.9): decides when to send this side's current state, relative to
/// which state the peer is believed to hold, and builds the instruction. Socket-free and
/// clock-free: every operation takes the current time in milliseconds from one monotonic clock.
/// </summary>
public sealed class TransportSender<TState> where TState : class, ISyncState<TState>
{
    private const long Unset = long.MinValue;

    private readonly TState _current;
    private readonly SentStateList<TState> _sent;
    private readonly IRttSource _rtt;
    private readonly IInstructionSink _sink;
    private readonly int _sendMinDelayMs;

    // The diff relative to the assumed state, and the candidate relative to the acked state
    // (prospective resend); swapped rather than copied when the candidate wins.
    private ByteBuffer _diff = new();
    private ByteBuffer _resendDiff = new();

    private int _assumed;
    private long _nextAckTime;
    private long _nextSendTime;
    private long _mindelayClock = Unset;
    private bool _pendingDataAck;
    private ulong _ackNum;
    private long _lastHeard = Unset / 2;
    private bool _shutdownInProgress;
    private int _shutdownTries;
    private long _shutdownStart;
    private ulong _lastAckSent;
    private ulong _instructionsSent;

    public TransportSender(TState initialState, StatePool<TState> pool, IRttSource rtt,
        IInstructionSink sink, int sendMinDelayMs, long nowMs)
    {
        _current = initialState.Clone();
        _sent = new SentStateList<TState>(pool, 0, nowMs, initialState);
        _rtt = rtt;
        _sink = sink;
        _sendMinDelayMs = sendMinDelayMs;
        // Both timers start "now": the first tick after the peer is known sends at once (§5.3).
        _nextAckTime = nowMs;
        _nextSendTime = nowMs;
    }

    /// <summary>The live local state. Must not be changed once shutdown has started.</summary>
    public TState CurrentState => _current;

    /// <summary>False until the connection knows where the peer is (server before the first packet).</summary>
    public bool PeerKnown => _sink.HasPeer;

    /// <summary>The newest received peer state number, sent as every instruction's ack.</summary>
    public ulong AckNum
    {
        get => _ackNum;
        set => _ackNum = value;
    }

    /// <summary>Time the peer last sent a new state (drives the 10 s active-retry window).</summary>
    public long LastHeardMs => _lastHeard;

    public bool ShutdownInProgress => _shutdownInProgress;

    public int ShutdownTries => _shutdownTries;

    /// <summary>The peer has acknowledged our shutdown state (front = 2^64−1): a clean close.</summary>
    public bool ShutdownAcknowledged => _sent.Front.Num == Instruction.ShutdownNum;

    /// <summary>We have sent an ack of the peer's shutdown state: the session is over for us.</summary>
    public bool CounterpartyShutdownAckSent => _instructionsSent > 0 && _lastAckSent == Instruction.ShutdownNum;

    /// <summary>Send time of the newest acknowledged state (the client's port-hop rule, §3.3).</summary>
    public long AckedStateSendTimeMs => _sent.Front.SendTimeMs;

    public ulong AckedStateNum => _sent.Front.Num;

    public ulong LastSentStateNum => _sent.Back.Num;

    public int SentStateCount => _sent.Count;

    /// <summary>Number of the <paramref name="index"/>th kept sent state, front first (diagnostics, tests).</summary>
    public ulong SentStateNumAt(int index) => _sent[index].Num;

    public int SendIntervalMs => _rtt.SendIntervalMs;

    /// <summary>A new state from the peer arrived: the peer is alive.</summary>
    public void RemoteHeard(long nowMs) => _lastHeard = nowMs;

    /// <summary>The peer's new state carried data: acknowledge it within <see cref="TransportTiming.AckDelayMs"/>.</summary>
    public void SetDataAck() => _pendingDataAck = true;

    /// <summary>The peer acknowledged our state <paramref name="ackNum"/> (ignored if already culled).</summary>
    public void ProcessAcknowledgmentThrough(ulong ackNum)
    {
        int dropped = _sent.AcknowledgeThrough(ackNum);
        _assumed = Math.Max(0, _assumed - dropped);
    }

    /// <summary>Starts the shutdown sequence (§4.9); the current state is frozen from now on.</summary>
    public void StartShutdown(long nowMs)
    {
        if (!_shutdownInProgress)
        {
            _shutdownStart = nowMs;
            _shutdownInProgress = true;
        }
    }

    /// <summary>Give up on the shutdown ack: 16 tries, or 10 s since shutdown started.</summary>
    public bool ShutdownAckTimedOut(long nowMs) =>
        _shutdownInProgress
        && (_shutdownTries >= TransportTiming.ShutdownRetries
            || nowMs - _shutdownStart >= TransportTiming.ActiveRetryTimeoutMs);

    /// <summary>Milliseconds until the next send or ack is due; <see cref="int.MaxValue"/> with no peer.</summary>
    public int WaitTimeMs(long nowMs)
    {
        CalculateTimers(nowMs);
        if (!PeerKnown)
        {
            return int.MaxValue;
        }
        long next = Math.Min(_nextAckTime, _nextSendTime);
        if (next <= nowMs)
        {
            return 0;
        }
        long wait = next - nowMs;
        return wait >= int.MaxValue ? int.MaxValue : (int)wait;
    }

    /// <summary>Sends a diff or an empty ack if one is due.</summary>
    public void Tick(long nowMs)
    {
        CalculateTimers(nowMs);
        if (!PeerKnown)
        {
            return;
        }
        if (nowMs < _nextAckTime && nowMs < _nextSendTime)
        {
            return;
        }

        _diff.Clear();
        _current.WriteDiffFrom(_sent[_assumed].State, _diff);
        AttemptProspectiveResendOptimization();

        if (_diff.Length == 0)
        {
            if (nowMs >= _nextAckTime)
            {
                SendEmptyAck(nowMs);
                _mindelayClock = Unset;
            }
            if (nowMs >= _nextSendTime)
            {
                _nextSendTime = TransportTiming.Never;
                _mindelayClock = Unset;
            }
        }
        else if (nowMs >= _nextSendTime || nowMs >= _nextAckTime)
        {
            SendToReceiver(nowMs);
            _mindelayClock = Unset;
        }
    }

    internal void CalculateTimers(long nowMs)
    {
        UpdateAssumedReceiverState(nowMs);
        RationalizeStates();

        if (_pendingDataAck && _nextAckTime > nowMs + TransportTiming.AckDelayMs)
        {
            _nextAckTime = nowMs + TransportTiming.AckDelayMs;
        }

        ref SentState<TState> back = ref _sent.Back;
        int sendInterval = _rtt.SendIntervalMs;
        bool peerActive = _lastHeard + TransportTiming.ActiveRetryTimeoutMs > nowMs;
        if (!_current.ContentEquals(back.State))
        {
            // Unsent changes: wait SEND_MINDELAY from the first change to batch a burst, but keep
            // to the frame rate.
            if (_mindelayClock == Unset)
            {
                _mindelayClock = nowMs;
            }
            _nextSendTime = Math.Max(_mindelayClock + _sendMinDelayMs, back.SendTimeMs + sendInterval);
        }
        else if (peerActive && !_current.ContentEquals(_sent[_assumed].State))
        {
            // Sent, but the peer probably missed it (its assumption timed out): resend at frame rate.
            _nextSendTime = back.SendTimeMs + sendInterval;
            if (_mindelayClock != Unset)
            {
                _nextSendTime = Math.Max(_nextSendTime, _mindelayClock + _sendMinDelayMs);
            }
        }
        else if (peerActive && !_current.ContentEquals(_sent.Front.State))
        {
            // Sent recently, not yet acked: look again when the assumption would time out.
            _nextSendTime = back.SendTimeMs + _rtt.TimeoutMs + TransportTiming.AckDelayMs;
        }
        else
        {
            _nextSendTime = TransportTiming.Never;
        }

        // Hurry the shutdown handshake along at the frame rate instead of the 3 s heartbeat.
        if (_shutdownInProgress || _ackNum == Instruction.ShutdownNum)
        {
            _nextAckTime = back.SendTimeMs + sendInterval;
        }
    }

    /// <summary>
    /// The peer is assumed to hold the newest state of the unbroken run, right after the acked
    /// one, of states sent less than RTO + ACK_DELAY ago (its ack may simply still be on the way).
    /// </summary>
    private void UpdateAssumedReceiverState(long nowMs)
    {
        long patience = (long)_rtt.TimeoutMs + TransportTiming.AckDelayMs;
        _assumed = 0;
        for (int i = 1; i < _sent.Count; i++)
        {
            // A state whose send the socket refused is certainly not there.
            if (!_sent[i].SendFailed && nowMs - _sent[i].SendTimeMs < patience)
            {
                _assumed = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Trim what the peer has acknowledged from every state we hold (front last: it is the prefix).</summary>
    private void RationalizeStates()
    {
        TState known = _sent.Front.State;
        _current.Subtract(known);
        for (int i = _sent.Count - 1; i >= 0; i--)
        {
            _sent[i].State.Subtract(known);
        }
    }

    /// <summary>
    /// Prefer a diff relative to the acknowledged state when it costs little: the next packet then
    /// also repairs a lost one. Taken if no longer than the proposal, or under 1000 bytes and at
    /// most 99 bytes longer.
    /// </summary>
    private void AttemptProspectiveResendOptimization()
    {
        if (_assumed == 0)
        {
            return;
        }
        _resendDiff.Clear();
        _current.WriteDiffFrom(_sent.Front.State, _resendDiff);
        int resend = _resendDiff.Length;
        int proposed = _diff.Length;
        if (resend <= proposed || (resend < 1000 && resend - proposed < 100))
        {
            _assumed = 0;
            (_diff, _resendDiff) = (_resendDiff, _diff);
        }
    }

    private void SendToReceiver(long nowMs)
    {
        ref SentState<TState> back = ref _sent.Back;
        ulong newNum = _current.ContentEquals(back.State) ? back.Num : back.Num + 1;
        if (_shutdownInProgress)
        {
            newNum = Instruction.ShutdownNum;
        }

        ulong oldNum = _sent[_assumed].Num;
        if (newNum == back.Num)
        {
            back.SendTimeMs = nowMs;
        }
        else
        {
            _sent.Add(nowMs, newNum, _current);
        }

        bool failed = SendInstruction(oldNum, newNum, _diff.WrittenMemory, nowMs);

        // Sent, probably: assume the peer now holds what we just sent.
        _assumed = failed ? _assumed : _sent.Count - 1;
        _nextAckTime = nowMs + (failed ? TransportTiming.SendFailureRetryMs : TransportTiming.AckIntervalMs);
        _nextSendTime = TransportTiming.Never;
    }

    /// <summary>A heartbeat/ack: an empty diff that still allocates a new state number (§4.4).</summary>
    private void SendEmptyAck(long nowMs)
    {
        ulong newNum = _shutdownInProgress ? Instruction.ShutdownNum : _sent.Back.Num + 1;
        ulong oldNum = _sent[_assumed].Num;
        int thinned = _sent.Add(nowMs, newNum, _current);
        if (thinned >= 0 && thinned <= _assumed)
        {
            _assumed = Math.Max(0, _assumed - 1);
        }
        bool failed = SendInstruction(oldNum, newNum, ReadOnlyMemory<byte>.Empty, nowMs);
        _nextAckTime = nowMs + (failed ? TransportTiming.SendFailureRetryMs : TransportTiming.AckIntervalMs);
        _nextSendTime = TransportTiming.Never;
    }

    /// <summary>Hands the instruction to the sink; true if the socket refused it (the newest sent state is marked so).</summary>
    private bool SendInstruction(ulong oldNum, ulong newNum, ReadOnlyMemory<byte> diff, long nowMs)
    {
        var instruction = new Instruction
        {
            ProtocolVersion = Instruction.CurrentProtocolVersion,
            OldNum = oldNum,
            NewNum = newNum,
            AckNum = _ackNum,
            ThrowawayNum = _sent.Front.Num,
            Diff = diff,
            // Chaff (protocol §4.7) is drawn fresh for every send by the packet pipeline.
            Chaff = ReadOnlyMemory<byte>.Empty,
        };
        if (newNum == Instruction.ShutdownNum)
        {
            _shutdownTries++;
        }
        _lastAckSent = _ackNum;
        _instructionsSent++;
        _pendingDataAck = false;
        _sink.Send(instruction, nowMs);
        bool failed = _sink.LastSendFailed;
        _sent.Back.SendFailed = failed;
        return failed;
    }
}
