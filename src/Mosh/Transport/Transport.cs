namespace Mosh.Transport;

/// <summary>
/// One end of an SSP session (protocol §4): a sender for the local state and a receiver for the
/// peer's. Socket-free and deterministic: instructions leave through an
/// <see cref="IInstructionSink"/>, arrive through <see cref="Receive"/>, and time is the caller's
/// monotonic millisecond clock passed to every call.
/// </summary>
public sealed class Transport<TLocal, TRemote> : IInstructionReceiver
    where TLocal : class, ISyncState<TLocal>
    where TRemote : class, ISyncState<TRemote>
{
    private readonly TransportSender<TLocal> _sender;
    private readonly TransportReceiver<TRemote> _receiver;
    private long _lastRoundtripSuccess;

    /// <param name="heldInstructionLimit">See <see cref="TransportReceiver{TState}"/>: 0 receives exactly as upstream 1.4.0 does.</param>
    public Transport(TransportSide side, TLocal initialLocal, TRemote initialRemote, IRttSource rtt,
        IInstructionSink sink, long nowMs, int heldInstructionLimit = TransportTiming.EarlyInstructionLimit)
        : this(side, initialLocal, null, initialRemote, rtt, sink, nowMs, heldInstructionLimit)
    {
    }

    private Transport(TransportSide side, TLocal initialLocal, TLocal? currentLocal, TRemote initialRemote, IRttSource rtt,
        IInstructionSink sink, long nowMs, int heldInstructionLimit)
    {
        int minDelay = side == TransportSide.Server ? TransportTiming.ServerSendMinDelayMs : TransportTiming.ClientSendMinDelayMs;
        _sender = new TransportSender<TLocal>(initialLocal, currentLocal, new StatePool<TLocal>(), rtt, sink, minDelay, nowMs);
        _receiver = new TransportReceiver<TRemote>(initialRemote, new StatePool<TRemote>(), nowMs, heldInstructionLimit);
    }

    /// <summary>
    /// A transport for a new peer of a running session (reattach, protocol §14.1): the peer starts
    /// from state 0 on both sides, so it assumes <paramref name="assumedLocal"/> as our state 0 and
    /// sends from its own <paramref name="initialRemote"/>; our live state <paramref name="currentLocal"/>
    /// is adopted as it is, and the first diff brings the peer to all of it. Nothing of the previous
    /// peer's transport (its acknowledged states, numbers, timers) carries over.
    /// </summary>
    public static Transport<TLocal, TRemote> ForNewPeer(TransportSide side, TLocal assumedLocal, TLocal currentLocal,
        TRemote initialRemote, IRttSource rtt, IInstructionSink sink, long nowMs,
        int heldInstructionLimit = TransportTiming.EarlyInstructionLimit) =>
        new(side, assumedLocal, currentLocal, initialRemote, rtt, sink, nowMs, heldInstructionLimit);

    public TransportSender<TLocal> Sender => _sender;

    public TransportReceiver<TRemote> Receiver => _receiver;

    /// <summary>The local state to mutate; the next <see cref="Tick"/> sends the changes.</summary>
    public TLocal CurrentState => _sender.CurrentState;

    /// <summary>The highest-numbered state received from the peer.</summary>
    public TRemote RemoteState => _receiver.Newest.State;

    public ulong RemoteStateNum => _receiver.Newest.Num;

    /// <summary>Whether the sink knows the peer's address; nothing is sent until it does.</summary>
    public bool PeerKnown => _sender.PeerKnown;

    /// <summary>The local state just changed: see <see cref="TransportSender{TState}.NoteLocalChange"/>.</summary>
    public void NoteLocalChange(long nowMs) => _sender.NoteLocalChange(nowMs);

    /// <summary>The peer's input reached the program: see <see cref="TransportSender{TState}.NoteRemoteInput"/>.</summary>
    public void NoteRemoteInput(long nowMs) => _sender.NoteRemoteInput(nowMs);

    /// <summary>A change that may wait for company: see <see cref="TransportSender{TState}.NoteDeferrableChange"/>.</summary>
    public void NoteDeferrableChange(long nowMs) => _sender.NoteDeferrableChange(nowMs);

    /// <summary>Milliseconds until <see cref="Tick"/> has something to do; <see cref="int.MaxValue"/> for never.</summary>
    public int WaitTimeMs(long nowMs) => _sender.WaitTimeMs(nowMs);

    /// <summary>Sends whatever is due (a diff, a heartbeat, an ack) through the sink.</summary>
    public void Tick(long nowMs) => _sender.Tick(nowMs);

    /// <summary>Processes one complete instruction from the peer (protocol §4.8).</summary>
    public ReceiveResult Receive(in Instruction instruction, long nowMs)
    {
        if (instruction.ProtocolVersion != Instruction.CurrentProtocolVersion)
        {
            return ReceiveResult.VersionMismatch;
        }

        _sender.ProcessAcknowledgmentThrough(instruction.AckNum);
        // End-to-end-to-end connectivity: the peer has seen a state we sent at this time.
        _lastRoundtripSuccess = _sender.AckedStateSendTimeMs;

        ReceiveResult result = _receiver.Receive(instruction, nowMs);
        if (result == ReceiveResult.NewestState)
        {
            // The newest may be a held instruction this one completed, numbered above it.
            _sender.AckNum = _receiver.Newest.Num;
            _sender.RemoteHeard(nowMs);
            if (!instruction.Diff.IsEmpty || _receiver.AppliedHeldData)
            {
                _sender.SetDataAck();
            }
        }
        return result;
    }

    /// <summary>Diff size of one piece when a large change is sent in pieces; 0 sends whole diffs (see <see cref="TransportSender{TState}.ChunkDiffBytes"/>).</summary>
    public int ChunkDiffBytes
    {
        get => _sender.ChunkDiffBytes;
        set => _sender.ChunkDiffBytes = value;
    }

    /// <summary>
    /// Applies the remote states the <see cref="RemoteStateGate"/> deferred (and any held ones
    /// they complete) if it admits them now; call after making room. Returns whether the newest
    /// remote state changed (it is then acknowledged like one just received).
    /// </summary>
    public bool RetryDeferredRemoteStates(long nowMs)
    {
        if (!_receiver.RetryHeld(nowMs))
        {
            return false;
        }
        _sender.AckNum = _receiver.Newest.Num;
        _sender.RemoteHeard(nowMs);
        if (_receiver.AppliedHeldData)
        {
            _sender.SetDataAck();
        }
        return true;
    }

    /// <summary>Trims the oldest received state's content from all received states (see <see cref="TransportReceiver{TState}.SubtractOldest"/>).</summary>
    public void SubtractOldestRemoteState() => _receiver.SubtractOldest();

    /// <summary>
    /// Trims <paramref name="prefix"/> (an older state of the peer's history, e.g. what has been
    /// consumed so far) from every received state; what comes after it stays.
    /// </summary>
    public void SubtractFromRemoteStates(TRemote prefix) => _receiver.Subtract(prefix);

    /// <summary>
    /// Decides whether a new newest remote state may be kept (back-pressure, protocol §4.8); null
    /// keeps every one. A refused state is not acknowledged, so the peer sends it again later.
    /// </summary>
    public IRemoteStateGate<TRemote>? RemoteStateGate
    {
        get => _receiver.Gate;
        set => _receiver.Gate = value;
    }

    public void StartShutdown(long nowMs) => _sender.StartShutdown(nowMs);

    public bool ShutdownInProgress => _sender.ShutdownInProgress;

    /// <summary>The peer acknowledged our shutdown: exit cleanly.</summary>
    public bool ShutdownAcknowledged => _sender.ShutdownAcknowledged;

    /// <summary>16 shutdown sends or 10 s without an ack: exit anyway.</summary>
    public bool ShutdownAckTimedOut(long nowMs) => _sender.ShutdownAckTimedOut(nowMs);

    /// <summary>We have acked the peer's shutdown state ("counterparty shutdown acknowledged"): exit.</summary>
    public bool CounterpartyShutdownAckSent => _sender.CounterpartyShutdownAckSent;

    /// <summary>Send time of our newest state the peer has acknowledged, as of the last receive (client port hopping, §3.3).</summary>
    public long LastRoundtripSuccessMs => _lastRoundtripSuccess;

    public ulong LastSentLocalStateNum => _sender.LastSentStateNum;

    /// <summary>The newest local state sent (the initial state before any). Not to be changed.</summary>
    public TLocal LastSentLocalState => _sender.LastSentState;
}
