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
    private long _lastLocalChangeMs = Unset;
    private long _lastRemoteInputMs = Unset;
    private long _deferrableChangeMs = Unset;
    private long _lastDiffSendMs = Unset / 2;
    private bool _pendingDataAck;
    private bool _dataAckedOnce;
    private ulong _ackNum;
    private long _lastHeard = Unset / 2;
    private bool _shutdownInProgress;
    private int _shutdownTries;
    private long _shutdownStart;
    private ulong _lastAckSent;
    private ulong _instructionsSent;

    // Sending in pieces (protocol §4.6.1): the intermediate target, and how many unacknowledged
    // pieces may be in flight.
    private readonly TState _chunk;
    private readonly IChunkableState<TState>? _chunkable;
    private readonly IChunkableState<TState>? _currentChunkable;
    private int _chunkWindow = TransportTiming.ChunkWindowMin;
    private int _pieceBytes;
    private bool _chunking;
    private long _redundantUntil = Unset;

    public TransportSender(TState initialState, StatePool<TState> pool, IRttSource rtt,
        IInstructionSink sink, int sendMinDelayMs, long nowMs)
        : this(initialState, null, pool, rtt, sink, sendMinDelayMs, nowMs)
    {
    }

    /// <summary>
    /// A sender whose peer assumes <paramref name="initialState"/> as state 0 and whose live state
    /// is <paramref name="current"/>, adopted as it is (not copied); null starts from a copy of
    /// the initial state. A running session uses this for a new peer (reattach, protocol §14.1):
    /// its first diff then brings that peer from state 0 to the whole current state.
    /// </summary>
    public TransportSender(TState initialState, TState? current, StatePool<TState> pool, IRttSource rtt,
        IInstructionSink sink, int sendMinDelayMs, long nowMs)
    {
        _current = current ?? initialState.Clone();
        _chunk = initialState.Clone();
        _chunkable = _chunk as IChunkableState<TState>;
        _currentChunkable = _current as IChunkableState<TState>;
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

    /// <summary>The newest state sent (or, before any, the initial one). Not to be changed.</summary>
    public TState LastSentState => _sent.Back.State;

    public int SentStateCount => _sent.Count;

    /// <summary>Number of the <paramref name="index"/>th kept sent state, front first (diagnostics, tests).</summary>
    public ulong SentStateNumAt(int index) => _sent[index].Num;

    public int SendIntervalMs => _rtt.SendIntervalMs;

    /// <summary>
    /// The local state just changed (the server read program output). With this hint the sender
    /// sends as soon as the output has settled (<see cref="TransportTiming.OutputSettleMs"/>)
    /// instead of always waiting the full collection delay: an echo or a prompt leaves at once,
    /// a burst still becomes one frame. Without it, the fixed delay applies.
    /// </summary>
    public void NoteLocalChange(long nowMs) => _lastLocalChangeMs = nowMs;

    /// <summary>
    /// The peer's input just reached the program (the server handed keystrokes to the pty). The
    /// output that answers it (an echo) may then leave without waiting for the frame interval,
    /// once per input: a frame sent for another reason just before (the echo ack of the previous
    /// key, a clock) must not hold the echo back. Typing cannot flood the link this way, and
    /// output that keeps coming on its own is still paced.
    /// </summary>
    public void NoteRemoteInput(long nowMs) => _lastRemoteInputMs = nowMs;

    /// <summary>
    /// The local state just changed in a way that may wait (the server's echo ack, when nothing
    /// else was unsent): unless output follows (<see cref="NoteLocalChange"/>), the frame waits
    /// <see cref="TransportTiming.DeferrableChangeHoldMs"/> for one that carries content.
    /// </summary>
    public void NoteDeferrableChange(long nowMs) => _deferrableChangeMs = nowMs;

    /// <summary>
    /// When positive and the state supports it (<see cref="IChunkableState{TSelf}"/>), a change
    /// whose diff would exceed this many bytes is sent as a series of intermediate states, pieces
    /// of at least this size (protocol §4.6.1), so that loss costs a piece, not the whole change.
    /// Set it to what fits one datagram uncompressed; pieces grow (up to
    /// <see cref="TransportTiming.PieceGrowthLimit"/> times) while they still compress into one.
    /// 0 (the default) sends whole diffs, as upstream does.
    /// </summary>
    public int ChunkDiffBytes { get; set; }

    /// <summary>The diff size of the next new piece (adapts between <see cref="ChunkDiffBytes"/> and its growth limit).</summary>
    public int PieceBytes => Math.Max(_pieceBytes, ChunkDiffBytes);

    /// <summary>Pieces that may be unacknowledged at once (grows with acks, halves when the peer misses one).</summary>
    public int ChunkWindow => _chunkWindow;

    /// <summary>A new state from the peer arrived: the peer is alive.</summary>
    public void RemoteHeard(long nowMs) => _lastHeard = nowMs;

    /// <summary>The peer's new state carried data: acknowledge it within <see cref="TransportTiming.AckDelayMs"/>.</summary>
    public void SetDataAck() => _pendingDataAck = true;

    /// <summary>The peer acknowledged our state <paramref name="ackNum"/> (ignored if already culled).</summary>
    public void ProcessAcknowledgmentThrough(ulong ackNum)
    {
        int dropped = _sent.AcknowledgeThrough(ackNum);
        _assumed = Math.Max(0, _assumed - dropped);
        if (_chunking && dropped > 0)
        {
            _chunkWindow = Math.Min(TransportTiming.ChunkWindowMax, _chunkWindow + dropped);
        }
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
        if (TrySendPieces(nowMs))
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

    /// <summary>
    /// The large-change path (protocol §4.6.1). States after the assumed one that the peer may
    /// have missed are sent again under their own numbers, each relative to the one before; then
    /// new pieces extend the last sent state while the window allows. Every state numbered higher
    /// holds everything a lower one holds, so any receiver (upstream's too) sees an ordinary
    /// history. Returns false when the change is small enough for the ordinary path.
    /// </summary>
    private bool TrySendPieces(long nowMs)
    {
        int minimum = ChunkDiffBytes;
        if (_chunkable is null || minimum <= 0 || _shutdownInProgress
            || !_chunkable.TrySetToChunk(_sent[_assumed].State, _current, minimum))
        {
            _chunking = false;
            return false;
        }
        _pieceBytes = Math.Clamp(_pieceBytes, minimum, minimum * TransportTiming.PieceGrowthLimit);
        if (!_chunking)
        {
            _chunking = true;
            _chunkWindow = TransportTiming.ChunkWindowMin;
        }

        bool failed = false;
        int sends = 0;
        if (_assumed < _sent.Count - 1)
        {
            // The peer missed something (an assumption timed out): send fewer at once, and each twice
            // for a while, so that one loss no longer costs a timeout.
            _chunkWindow = Math.Max(TransportTiming.ChunkWindowMin, _chunkWindow / 2);
            _redundantUntil = nowMs + TransportTiming.RedundantPiecesMs;
            if (!_currentChunkable!.HasUrgentChangeAfter(_sent.Back.State))
            {
                while (_assumed < _sent.Count - 1 && sends < _chunkWindow && !failed)
                {
                    ref SentState<TState> previous = ref _sent[_assumed];
                    ref SentState<TState> next = ref _sent[_assumed + 1];
                    _diff.Clear();
                    next.State.WriteDiffFrom(previous.State, _diff);
                    next.SendTimeMs = nowMs;
                    failed = SendPiece(previous.Num, next.Num, nowMs);
                    next.SendFailed = failed;
                    if (!failed)
                    {
                        _assumed++;
                    }
                    sends++;
                }
            }
        }

        // New pieces, each extending the last sent state. An interrupt key never waits behind the
        // rest: the piece then reaches through it, relative to what the peer is assumed to hold.
        while (!failed && _sent.Count - 1 < _chunkWindow && !_current.ContentEquals(_sent.Back.State))
        {
            ref SentState<TState> back = ref _sent.Back;
            TState target = _chunkable.TrySetToChunk(back.State, _current, _pieceBytes) ? _chunk : _current;
            ulong oldNum = _sent[_assumed].Num;
            _diff.Clear();
            target.WriteDiffFrom(_sent[_assumed].State, _diff);
            ulong newNum = back.Num + 1;
            int thinned = _sent.Add(nowMs, newNum, target);
            if (thinned >= 0 && thinned <= _assumed)
            {
                _assumed = Math.Max(0, _assumed - 1);
            }
            failed = SendPiece(oldNum, newNum, nowMs);
            _sent.Back.SendFailed = failed;
            if (!failed)
            {
                _assumed = _sent.Count - 1;
            }
            sends++;
            // Aim at nine tenths of one datagram, from how well the last piece compressed.
            int payload = _sink.LastSendPayloadBytes;
            if (payload > 0 && _diff.Length > 0)
            {
                long aim = (long)_diff.Length * (minimum + Network.Mtu.InstructionOverhead) * 9 / 10 / payload;
                _pieceBytes = (int)Math.Clamp(aim, minimum, (long)minimum * TransportTiming.PieceGrowthLimit);
            }
        }

        if (sends > 0)
        {
            _nextAckTime = nowMs + (failed ? TransportTiming.SendFailureRetryMs : TransportTiming.AckIntervalMs);
        }
        else if (nowMs >= _nextAckTime)
        {
            // The window is full: the heartbeat is due all the same. It must never carry less than
            // a lower-numbered state, so while the peer may lack pieces it is the next of them again.
            if (_assumed < _sent.Count - 1)
            {
                ref SentState<TState> previous = ref _sent[_assumed];
                ref SentState<TState> next = ref _sent[_assumed + 1];
                _diff.Clear();
                next.State.WriteDiffFrom(previous.State, _diff);
                next.SendTimeMs = nowMs;
                failed = SendInstruction(previous.Num, next.Num, _diff.WrittenMemory, nowMs);
                next.SendFailed = failed;
                _nextAckTime = nowMs + (failed ? TransportTiming.SendFailureRetryMs : TransportTiming.AckIntervalMs);
            }
            else
            {
                SendEmptyAck(nowMs, _sent[_assumed].State);
            }
        }
        _nextSendTime = TransportTiming.Never;
        _mindelayClock = Unset;
        return true;
    }

    /// <summary>Sends the piece in <see cref="_diff"/>; twice while losses have been seen lately.</summary>
    private bool SendPiece(ulong oldNum, ulong newNum, long nowMs)
    {
        bool failed = SendInstruction(oldNum, newNum, _diff.WrittenMemory, nowMs);
        if (!failed && nowMs < _redundantUntil)
        {
            failed = SendInstruction(oldNum, newNum, _diff.WrittenMemory, nowMs);
        }
        return failed;
    }

    internal void CalculateTimers(long nowMs)
    {
        UpdateAssumedReceiverState(nowMs);
        RationalizeStates();

        if (_pendingDataAck && _nextAckTime > nowMs + TransportTiming.AckDelayMs)
        {
            _nextAckTime = nowMs + TransportTiming.AckDelayMs;
        }
        if (_pendingDataAck && !_dataAckedOnce)
        {
            // The very first data ack goes at once: it carries the echo of the peer's timestamp,
            // so the peer gets its first RTT sample one round trip into the session, not 100 ms later.
            _nextAckTime = nowMs;
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
            long collected = _mindelayClock + _sendMinDelayMs;
            if (_lastLocalChangeMs >= _mindelayClock)
            {
                collected = Math.Min(collected, _lastLocalChangeMs + TransportTiming.OutputSettleMs);
            }
            // The frame rate limits frames that carry data; an empty ack or heartbeat just sent
            // must not hold back the output that follows it (the first screen, an echo). Nor does
            // it hold back the first frame answering new input (NoteRemoteInput).
            bool answersInput = _lastRemoteInputMs > _lastDiffSendMs && _lastLocalChangeMs >= _lastRemoteInputMs;
            _nextSendTime = answersInput ? collected : Math.Max(collected, _lastDiffSendMs + sendInterval);
            if (_deferrableChangeMs >= _mindelayClock && _lastLocalChangeMs < _mindelayClock)
            {
                // Only an echo ack is waiting: let the next echo carry it (rule 6). Input that
                // arrives meanwhile does not release it: its echo will, as soon as it is output.
                _nextSendTime = Math.Max(_nextSendTime, _mindelayClock + TransportTiming.DeferrableChangeHoldMs);
            }
            if (_chunking && _assumed == _sent.Count - 1 && _sent.Count - 1 >= _chunkWindow)
            {
                // Pieces fill the window: wait for an ack, or for the peer to be found missing one.
                _nextSendTime = Math.Max(_nextSendTime, EarliestSentTimeAfterFront() + _rtt.TimeoutMs + TransportTiming.AckDelayMs);
            }
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

    private long EarliestSentTimeAfterFront()
    {
        long earliest = long.MaxValue;
        for (int i = 1; i < _sent.Count; i++)
        {
            earliest = Math.Min(earliest, _sent[i].SendTimeMs);
        }
        return earliest;
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
        _sent.Back.SendFailed = failed;
        if (_diff.Length > 0)
        {
            _lastDiffSendMs = nowMs;
        }

        // Sent, probably: assume the peer now holds what we just sent.
        _assumed = failed ? _assumed : _sent.Count - 1;
        _nextAckTime = nowMs + (failed ? TransportTiming.SendFailureRetryMs : TransportTiming.AckIntervalMs);
        _nextSendTime = TransportTiming.Never;
    }

    /// <summary>A heartbeat/ack: an empty diff that still allocates a new state number (§4.4).</summary>
    private void SendEmptyAck(long nowMs) => SendEmptyAck(nowMs, _current);

    /// <summary>
    /// An empty diff gives the peer the assumed state under a new number; <paramref name="content"/>
    /// is what to record for it: the current state when the diff was found empty, the assumed state
    /// itself while pieces are in flight (the current state is then further on).
    /// </summary>
    private void SendEmptyAck(long nowMs, TState content)
    {
        ulong newNum = _shutdownInProgress ? Instruction.ShutdownNum : _sent.Back.Num + 1;
        ulong oldNum = _sent[_assumed].Num;
        int thinned = _sent.Add(nowMs, newNum, content);
        if (thinned >= 0 && thinned <= _assumed)
        {
            _assumed = Math.Max(0, _assumed - 1);
        }
        bool failed = SendInstruction(oldNum, newNum, ReadOnlyMemory<byte>.Empty, nowMs);
        _sent.Back.SendFailed = failed;
        _nextAckTime = nowMs + (failed ? TransportTiming.SendFailureRetryMs : TransportTiming.AckIntervalMs);
        _nextSendTime = TransportTiming.Never;
    }

    /// <summary>Hands the instruction to the sink; true if the socket refused it.</summary>
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
        _dataAckedOnce |= _pendingDataAck;
        _pendingDataAck = false;
        _sink.Send(instruction, nowMs);
        return _sink.LastSendFailed;
    }
}
