using Mosh.Crypto;
using Mosh.Network;

namespace Mosh.Transport;

/// <summary>
/// One end of a mosh connection on the wire (§3): turns the transport's instructions into
/// sealed datagrams on its sockets and datagrams from them back into instructions, and keeps
/// the rules about addresses. A server follows its client to the source of the newest authentic
/// datagram (roaming, §3.2) and forgets it after 40 s of silence; a client hops to a fresh
/// source port when nothing has round-tripped for 10 s (§3.3).
/// <para>
/// Socket-free and clock-free like the layers below it: the sockets come from outside (real ones
/// in the programs, an in-memory network in tests), time is an argument of every call, and
/// failures are values (an errno number, a count), never formatted strings. Allocation-free
/// after warm-up. Not thread-safe.
/// </para>
/// </summary>
public sealed partial class Connection<TSocket, TAddress> : IInstructionSink, IDisposable
    where TSocket : class, IDatagramSocket<TAddress>
    where TAddress : struct, IPeerAddress<TAddress>
{
    /// <summary>Datagrams read per <see cref="ReceiveWaiting"/>, so a flood cannot starve the rest of the loop.</summary>
    public const int MaxDatagramsPerReceive = 64;

    /// <summary>A client hops when neither a port choice nor a round trip happened this long (PORT_HOP_INTERVAL).</summary>
    public const long PortHopIntervalMs = 10_000;

    /// <summary>After a hop, older sockets keep receiving this long (late replies) before they are closed.</summary>
    public const long OldSocketLifetimeMs = 60_000;

    /// <summary>At most this many client sockets are open; the oldest goes first.</summary>
    public const int MaxSockets = 10;

    /// <summary>A server forgets a client that has been silent this long (SERVER_ASSOCIATION_TIMEOUT).</summary>
    public const long AssociationTimeoutMs = 40_000;

    private PacketPipeline _pipeline;
    private readonly bool _isServer;
    private readonly IDatagramSocketFactory<TSocket>? _socketFactory;
    private readonly TSocket?[] _sockets;
    private readonly byte[] _receiveBuffer = new byte[Mtu.MaxDatagramLength + 1];
    private readonly long[] _dropped = new long[Enum.GetValues<ReceiveStatus>().Length];
    private int _socketCount;
    private TAddress _peer;
    private bool _hasPeer;
    private long _lastPortChoiceMs;
    private long _lastRoundtripSuccessMs;
    private long _lastInOrderReceiveMs = long.MinValue;
    private long _lastNewRemoteStateMs = long.MinValue;
    private int _sendErrno;
    private long _sendErrorSinceMs = long.MinValue;
    private long _sendFailures;
    private bool _lastSendFailed;
    private int _lastSendPayloadBytes;
    private int _socketErrno;
    private int _peerChanges;
    private int _normalMtu = Mtu.DefaultSendMtu;
    private PathMtuFallback _pathMtu;

    private Connection(OcbCipher cipher, bool isServer, IDatagramSocketFactory<TSocket>? socketFactory, int maxSockets)
    {
        _isServer = isServer;
        _socketFactory = socketFactory;
        _sockets = new TSocket?[maxSockets];
        _pipeline = new PacketPipeline(cipher, isServer ? Direction.ToClient : Direction.ToServer);
    }

    /// <summary>A server's end: one bound socket; the peer is whoever sends the newest authentic datagram.</summary>
    public static Connection<TSocket, TAddress> ForServer(OcbCipher cipher, TSocket socket)
    {
        var connection = new Connection<TSocket, TAddress>(cipher, isServer: true, null, 1);
        connection._sockets[0] = socket;
        connection._socketCount = 1;
        return connection;
    }

    /// <summary>A client's end: sends to <paramref name="server"/> from sockets it opens with <paramref name="socketFactory"/>.</summary>
    public static Connection<TSocket, TAddress> ForClient(OcbCipher cipher, in TAddress server,
        IDatagramSocketFactory<TSocket> socketFactory, long nowMs)
    {
        var connection = new Connection<TSocket, TAddress>(cipher, isServer: false, socketFactory, MaxSockets);
        connection.SetPeer(server);
        connection.OpenSocket(nowMs);
        // The client's round-trip clock starts with the session, like its port choice.
        connection._lastRoundtripSuccessMs = nowMs;
        return connection;
    }

    /// <summary>The wire pipeline; also the transport's RTT source.</summary>
    public PacketPipeline Pipeline => _pipeline;

    public bool HasPeer => _hasPeer;

    /// <summary>Where datagrams go (valid when <see cref="HasPeer"/>).</summary>
    public TAddress Peer => _peer;

    /// <summary>Counts the server's moves to a new client address; a front end compares it to notice a roam.</summary>
    public int PeerChanges => _peerChanges;

    /// <summary>Open sockets, oldest first; a client's newest one sends. The front end polls them all.</summary>
    public int SocketCount => _socketCount;

    public TSocket Socket(int index) =>
        (uint)index < (uint)_socketCount ? _sockets[index]! : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The errno of the last failed send, 0 once a send succeeds again.</summary>
    public int SendErrno => _sendErrno;

    /// <summary>When the current run of failed sends began (valid while <see cref="SendErrno"/> ≠ 0).</summary>
    public long SendErrorSinceMs => _sendErrorSinceMs;

    /// <summary>
    /// Sends that failed so far (each <see cref="Send"/> counts once). A front end that compares it
    /// between loop iterations learns whether a send failed since it last looked, as upstream's
    /// client does with its send error string.
    /// </summary>
    public long SendFailureCount => _sendFailures;

    /// <inheritdoc/>
    public bool LastSendFailed => _lastSendFailed;

    /// <inheritdoc/>
    public int LastSendPayloadBytes => _lastSendPayloadBytes;

    /// <summary>The errno of the last failure to open a socket for a port hop, 0 once one opens.</summary>
    public int SocketErrno => _socketErrno;

    /// <summary>Sequence numbers or the key's block budget are used up: the session must end (§1.7).</summary>
    public bool Exhausted => _pipeline.Datagrams.Exhausted;

    /// <summary>When the last authentic, in-order datagram arrived (the server's association clock); long.MinValue before any.</summary>
    public long LastInOrderReceiveMs => _lastInOrderReceiveMs;

    /// <summary>When the peer's newest state arrived: the client's "last contact" (§6.8); long.MinValue before any.</summary>
    public long LastNewRemoteStateMs => _lastNewRemoteStateMs;

    /// <summary>Send time of our newest state the peer has acknowledged, as of the last instruction received.</summary>
    public long LastRoundtripSuccessMs => _lastRoundtripSuccessMs;

    /// <summary>How many times a path-MTU black hole was suspected and datagrams were made small (§2.5.1).</summary>
    public int PathMtuReductions => _pathMtu.Reductions;

    /// <summary>Datagrams are being kept small because the path seems to drop large ones (§2.5.1).</summary>
    public bool PathMtuReduced => _pathMtu.Reduced;

    /// <summary>Datagrams that produced no instruction, by what became of them (diagnostics, the verbose log).</summary>
    public long DroppedCount(ReceiveStatus status) => _dropped[(int)status];

    /// <summary>
    /// Sends one instruction as sealed datagrams to the peer, from the newest socket. At send time
    /// a server forgets a client silent for 40 s (§3.2), and afterwards a client hops port if
    /// nothing round-tripped for 10 s (§3.3).
    /// </summary>
    public void Send(in Instruction instruction, long nowMs)
    {
        if (_isServer && _hasPeer && _lastInOrderReceiveMs != long.MinValue
            && nowMs - _lastInOrderReceiveMs > AssociationTimeoutMs)
        {
            // Stop sending into the void; the client's next authentic datagram re-attaches it.
            _hasPeer = false;
            _peerChanges++;
        }
        _lastSendFailed = false;
        _lastSendPayloadBytes = 0;
        if (!_hasPeer || _socketCount == 0)
        {
            return;
        }

        ExpireRetiredKey(nowMs);
        Instruction stamped = instruction;
        StampExtensions(ref stamped);
        _pipeline.DatagramMtu = _pathMtu.Decide(nowMs, _pipeline.TimeoutMs, _normalMtu);
        if (_pipeline.Encode(stamped, nowMs) != EncodeStatus.Ok)
        {
            return;
        }
        _lastSendPayloadBytes = _pipeline.LastCompressedLength;
        _pathMtu.Sent(_pipeline.GetDatagram(0).Length, nowMs);
        if (!SendDatagrams(_sockets[_socketCount - 1]!, nowMs))
        {
            _lastSendFailed = true;
            _sendFailures++;
        }

        if (!_isServer && nowMs - _lastPortChoiceMs > PortHopIntervalMs
            && nowMs - _lastRoundtripSuccessMs > PortHopIntervalMs)
        {
            // A NAT that dropped our mapping, or a changed network, gets a fresh source port.
            OpenSocket(nowMs);
        }
    }

    /// <summary>Sends the encoded datagrams; false if the socket refused one (the rest are not tried).</summary>
    private bool SendDatagrams(TSocket socket, long nowMs)
    {
        for (int i = 0; i < _pipeline.DatagramCount; i++)
        {
            SendStatus status = socket.SendTo(_pipeline.GetDatagram(i), _peer);
            if (status.IsSuccess)
            {
                _sendErrno = 0;
                continue;
            }
            if (status.MessageTooLong && _pipeline.DatagramMtu > Mtu.DefaultSendMtu)
            {
                // As upstream: a path that refuses our datagrams gets the small MTU from now on.
                _normalMtu = Mtu.DefaultSendMtu;
                _pipeline.DatagramMtu = Mtu.DefaultSendMtu;
            }
            if (_sendErrno == 0)
            {
                _sendErrorSinceMs = nowMs;
            }
            _sendErrno = status.Errno;
            return false;
        }
        return true;
    }

    /// <summary>
    /// Reads up to <see cref="MaxDatagramsPerReceive"/> waiting datagrams from socket
    /// <paramref name="socketIndex"/> and hands every complete instruction to
    /// <paramref name="receiver"/>. A server follows the source of each authentic, in-order
    /// datagram; out-of-order and unauthentic ones never move it.
    /// </summary>
    public ReceiveSummary ReceiveWaiting(int socketIndex, long nowMs, IInstructionReceiver receiver)
    {
        TSocket socket = Socket(socketIndex);
        ReceiveSummary summary = default;
        for (int i = 0; i < MaxDatagramsPerReceive; i++)
        {
            if (!socket.TryReceive(_receiveBuffer, out SocketReceipt receipt, out TAddress source))
            {
                break;
            }
            summary.Datagrams++;
            ReceiveStatus status;
            ReceivedDatagram info = default;
            Instruction instruction = default;
            if (receipt.Truncated || receipt.Length > Mtu.MaxDatagramLength)
            {
                status = ReceiveStatus.Oversize;
            }
            else
            {
                status = _pipeline.Receive(_receiveBuffer.AsSpan(0, receipt.Length), nowMs,
                    receipt.CongestionExperienced, out info, out instruction);
            }

            if (!info.Authentic && status == ReceiveStatus.AuthenticationFailed && _retired is not null
                && AnswerRetiredKey(socket, _receiveBuffer.AsSpan(0, receipt.Length), source, receipt.CongestionExperienced, nowMs))
            {
                // Under the key an attach or a detach retired: never an instruction, at most a notice back.
                summary.RetiredKeyDatagrams++;
                continue;
            }
            if (!info.Authentic)
            {
                summary.Unauthentic++;
                if (status == ReceiveStatus.AuthenticationFailed)
                {
                    summary.IntegrityFailures++;
                }
                _dropped[(int)status]++;
                continue;
            }
            if (info.InOrder)
            {
                _lastInOrderReceiveMs = nowMs;
                _pathMtu.Heard(nowMs);
                if (_isServer && (!_hasPeer || !_peer.Equals(source)))
                {
                    SetPeer(source);
                    _peerChanges++;
                    summary.PeerChanged = true;
                }
            }
            PruneSockets(nowMs);
            if (status != ReceiveStatus.Instruction)
            {
                if (status != ReceiveStatus.Pending)
                {
                    _dropped[(int)status]++;
                }
                continue;
            }

            if (NoteExtensions(instruction, ref summary))
            {
                // A retirement notice carries no state.
                continue;
            }
            ReceiveResult result = receiver.Receive(instruction, nowMs);
            _lastRoundtripSuccessMs = Math.Max(_lastRoundtripSuccessMs, receiver.LastRoundtripSuccessMs);
            _pathMtu.Acknowledged(receiver.LastRoundtripSuccessMs);
            summary.Instructions++;
            if (result == ReceiveResult.NewestState)
            {
                summary.NewRemoteStates++;
                _lastNewRemoteStateMs = nowMs;
            }
            else if (result == ReceiveResult.VersionMismatch)
            {
                summary.VersionMismatches++;
            }
        }
        return summary;
    }

    private void SetPeer(in TAddress peer)
    {
        if (_hasPeer)
        {
            _pathMtu.Reset(); // another path: it may carry large datagrams again
        }
        _peer = peer;
        _hasPeer = true;
        _normalMtu = peer.IsIPv6 ? Mtu.IPv6DatagramMtu : Mtu.IPv4DatagramMtu;
        _pipeline.DatagramMtu = _normalMtu;
    }

    private void OpenSocket(long nowMs)
    {
        _lastPortChoiceMs = nowMs;
        TSocket? socket = _socketFactory!.Open(out int errno);
        if (socket is null)
        {
            _socketErrno = errno;
            return;
        }
        _socketErrno = 0;
        if (_socketCount == _sockets.Length)
        {
            CloseOldest(1);
        }
        _sockets[_socketCount++] = socket;
    }

    /// <summary>A while after the last hop, only the newest socket is still worth listening on.</summary>
    private void PruneSockets(long nowMs)
    {
        if (_socketCount > 1 && nowMs - _lastPortChoiceMs > OldSocketLifetimeMs)
        {
            CloseOldest(_socketCount - 1);
        }
    }

    private void CloseOldest(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _sockets[i]!.Dispose();
        }
        Array.Copy(_sockets, count, _sockets, 0, _socketCount - count);
        Array.Clear(_sockets, _socketCount - count, count);
        _socketCount -= count;
    }

    /// <summary>Closes every socket (unless <see cref="KeepsSocketsOpen"/>) and releases the pipelines.</summary>
    public void Dispose()
    {
        if (KeepsSocketsOpen)
        {
            Array.Clear(_sockets);
            _socketCount = 0;
        }
        CloseOldest(_socketCount);
        _pipeline.Dispose();
        _retired?.Pipeline.Dispose();
        _retired = null;
    }

    /// <summary>Dispose leaves the sockets open (their owner closes them).</summary>
    public bool KeepsSocketsOpen { get; set; }
}

/// <summary>What one <see cref="Connection{TSocket, TAddress}.ReceiveWaiting"/> call saw.</summary>
public struct ReceiveSummary
{
    /// <summary>Datagrams read from the socket.</summary>
    public int Datagrams;

    /// <summary>Datagrams dropped before authentication succeeded (garbage, a wrong key, oversize).</summary>
    public int Unauthentic;

    /// <summary>Of those, datagrams of the right size whose tag did not verify (a wrong key, tampering).</summary>
    public int IntegrityFailures;

    /// <summary>Complete instructions handed to the receiver.</summary>
    public int Instructions;

    /// <summary>Instructions that carried a new newest state of the peer.</summary>
    public int NewRemoteStates;

    /// <summary>Instructions of another protocol version ("mosh protocol version mismatch").</summary>
    public int VersionMismatches;

    /// <summary>The server moved to a new client address.</summary>
    public bool PeerChanged;

    /// <summary>Server: the client asked to detach (§14.1); the front end retires its key.</summary>
    public bool DetachRequested;

    /// <summary>Client: the server retired our key (§14.1); see <see cref="Connection{TSocket, TAddress}.Retirement"/>.</summary>
    public bool Retired;

    /// <summary>Server: authentic datagrams under a retired key (answered with a notice, never applied).</summary>
    public int RetiredKeyDatagrams;
}
