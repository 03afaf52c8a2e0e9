namespace Mosh.Transport;

/// <summary>The SSP timing constants (protocol §4.5), with the reason each has its value.</summary>
public static class TransportTiming
{
    /// <summary>
    /// Heartbeat: an instruction (empty if nothing changed) at least this often, so each side
    /// learns the other is alive and the RTT estimate stays fresh on an idle session.
    /// </summary>
    public const int AckIntervalMs = 3000;

    /// <summary>
    /// A received non-empty diff is acknowledged within this delay: long enough that the ack
    /// usually rides on the reply's own data, short enough that the sender stops retransmitting.
    /// </summary>
    public const int AckDelayMs = 100;

    /// <summary>
    /// The server waits at most this long after the first change before sending, so one burst
    /// of application output becomes one frame instead of many partial ones (upstream's fixed
    /// collection delay).
    /// </summary>
    public const int ServerSendMinDelayMs = 8;

    /// <summary>
    /// … but once the output has been quiet this long it is complete enough to send: an echo or
    /// a prompt leaves about 1 ms after the program wrote it instead of 8 ms (protocol §4.5).
    /// </summary>
    public const int OutputSettleMs = 1;

    /// <summary>
    /// A change that is only a new echo ack (<see cref="TransportSender{TState}.NoteDeferrableChange"/>)
    /// waits this long for a frame with content to carry it: while the user types, the next
    /// key's echo takes it along instead of a datagram of its own (protocol §4.5, rule 6).
    /// </summary>
    public const int DeferrableChangeHoldMs = 40;

    /// <summary>The client waits only 1 ms: a keystroke should leave at once, but a paste batches.</summary>
    public const int ClientSendMinDelayMs = 1;

    /// <summary>
    /// Retransmit at the frame rate only while the peer has sent a new state this recently; a
    /// silent peer (suspended laptop, dead link) gets only the heartbeat, not a packet storm.
    /// Also the time an initiator keeps trying to shut down.
    /// </summary>
    public const int ActiveRetryTimeoutMs = 10_000;

    /// <summary>
    /// After the socket refused a send (sendto failed: a firewall, an interface that is down),
    /// try again this soon instead of at the next heartbeat: nothing left the machine, so a retry
    /// costs nothing on the network, and the session resumes within this long of the path coming
    /// back (upstream waits for its next 3 s heartbeat).
    /// </summary>
    public const int SendFailureRetryMs = 250;

    /// <summary>
    /// Pieces of a large change (protocol §4.6.1) that may be unacknowledged at once: the window
    /// starts here and halves back towards it whenever the peer is found to have missed one …
    /// </summary>
    public const int ChunkWindowMin = 2;

    /// <summary>
    /// … and grows by one per acknowledged piece up to this, which leaves room in the
    /// <see cref="SentStateLimit"/> list for heartbeats, so no piece is thinned out before it is acked.
    /// </summary>
    public const int ChunkWindowMax = 24;

    /// <summary>
    /// Instructions a receiver holds when they arrive before the state they refer to (reordered,
    /// or following a lost piece that will be sent again): up to this many …
    /// </summary>
    public const int EarlyInstructionLimit = 32;

    /// <summary>… and this many diff bytes in all. They are applied as soon as their reference arrives.</summary>
    public const int EarlyInstructionBytes = 256 << 10;

    /// <summary>
    /// A piece of a large change may grow to this many times its minimum (one datagram's worth)
    /// as long as it compresses into one datagram: text compresses two to four times.
    /// </summary>
    public const int PieceGrowthLimit = 4;

    /// <summary>
    /// After the peer is found to have missed a piece of a large change, pieces are sent twice for
    /// this long: at 30% loss a piece is then lost 9% of the time instead of 30%, and a receiver
    /// that cannot hold pieces that arrive early (upstream's) loses far fewer of those behind it.
    /// </summary>
    public const int RedundantPiecesMs = 10_000;

    /// <summary>Shutdown instructions sent before the initiator gives up on an acknowledgement.</summary>
    public const int ShutdownRetries = 16;

    /// <summary>
    /// At most this many sent states are kept. When full, the middle is thinned (the 16th from the
    /// end goes): the oldest (acked) state must stay as the diff base and the newest are the ones
    /// the peer most likely has.
    /// </summary>
    public const int SentStateLimit = 32;

    /// <summary>
    /// Above this many received states the receiver accepts at most one new state per
    /// <see cref="ReceiverQuenchMs"/>: a peer that never lets us throw states away (malicious, or a
    /// long one-way outage) cannot grow our memory quickly. Refusing is better than dropping from
    /// the middle, because we must never ack a state and then lose it.
    /// </summary>
    public const int ReceivedStateLimit = 1024;

    public const int ReceiverQuenchMs = 15_000;

    /// <summary>
    /// The same rule once the states held add up to this <see cref="ISyncState{TSelf}.Footprint"/>:
    /// for terminals 16 Mi cells, 256 MiB of cells however big each screen, where 1,024 states of
    /// the largest screen allowed (<see cref="StateSync.WindowLimits.MaxCells"/>) would be 64 GiB.
    /// A correct peer's states fit easily: it diffs against at most <see cref="SentStateLimit"/>
    /// states, so the receiver holds few more than that.
    /// </summary>
    public const long ReceivedFootprintLimit = 1L << 24;

    /// <summary>"Two frames per RTT", but not faster than 50 fps …</summary>
    public const int SendIntervalMinMs = 20;

    /// <summary>… and never slower than 4 fps, however long the RTT.</summary>
    public const int SendIntervalMaxMs = 250;

    /// <summary>The send interval for a smoothed RTT: <c>clamp(ceil(SRTT/2), 20, 250)</c>.</summary>
    public static int SendIntervalFor(double smoothedRttMs)
    {
        double half = Math.Ceiling(smoothedRttMs / 2.0);
        if (!(half >= SendIntervalMinMs))
        {
            return SendIntervalMinMs;
        }
        return half > SendIntervalMaxMs ? SendIntervalMaxMs : (int)half;
    }

    /// <summary>"No timer": the value of an unset deadline.</summary>
    public const long Never = long.MaxValue;
}
