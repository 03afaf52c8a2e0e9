using Mosh.Crypto;
using Mosh.Network;
using Mosh.Posix;
using Mosh.Transport;

namespace MoshAot.Net;

/// <summary>
/// The socket side of one end of a connection: turns the transport's instructions into sealed
/// datagrams on the wire (the <see cref="IInstructionSink"/>), and datagrams from the wire back
/// into instructions. It also supplies the RTT estimate to the transport. Roaming, port hopping
/// and which socket to use are the caller's (server and client differ).
/// </summary>
internal sealed class DatagramLink : IInstructionSink, IRttSource, IDisposable
{
    private readonly PacketPipeline _pipeline;
    private readonly byte[] _receiveBuffer = new byte[Mtu.MaxDatagramLength + 1];
    private UdpSocket? _socket;
    private NetAddress _peer;
    private bool _hasPeer;
    private long _nowMs;

    public DatagramLink(SessionKey key, Direction sendDirection)
    {
        _pipeline = new PacketPipeline(new OcbCipher(key), sendDirection);
    }

    public PacketPipeline Pipeline => _pipeline;

    /// <summary>The last send error (e.g. "sendto: Network is unreachable"), cleared by a successful send.</summary>
    public string? SendError { get; private set; }

    /// <summary>When the last send failed (for the client's notification), or long.MinValue.</summary>
    public long SendErrorAtMs { get; private set; } = long.MinValue;

    /// <summary>A fatal crypto condition: the sequence numbers or the key's block budget are used up.</summary>
    public bool Exhausted { get; private set; }

    public bool HasPeer => _hasPeer;

    public NetAddress Peer => _peer;

    /// <summary>Where datagrams go from now on, through which socket.</summary>
    public void SetSendPath(UdpSocket socket, in NetAddress peer)
    {
        _socket = socket;
        _peer = peer;
        _hasPeer = true;
        _pipeline.DatagramMtu = peer.Family == IpFamily.IPv6 ? Mtu.IPv6DatagramMtu : Mtu.IPv4DatagramMtu;
    }

    public void ForgetPeer() => _hasPeer = false;

    /// <summary>Set before each transport call that may send: the time the datagrams carry.</summary>
    public void SetTime(long nowMs) => _nowMs = nowMs;

    public int TimeoutMs => _pipeline.Rtt.TimeoutMs;

    public int SendIntervalMs => _pipeline.Rtt.SendIntervalMs;

    public int SrttMs => (int)_pipeline.Rtt.SrttMs;

    public void Send(in Instruction instruction)
    {
        if (!_hasPeer || _socket is null) return;
        EncodeStatus status = _pipeline.Encode(instruction, _nowMs);
        if (status == EncodeStatus.Exhausted)
        {
            Exhausted = true;
            return;
        }
        if (status != EncodeStatus.Ok) return;
        for (int i = 0; i < _pipeline.DatagramCount; i++)
        {
            IoResult r = _socket.SendTo(_pipeline.GetDatagram(i), _peer);
            if (r.IsSuccess)
            {
                SendError = null;
                continue;
            }
            if (r.Error == Errno.EMSGSIZE && _pipeline.DatagramMtu > Mtu.DefaultSendMtu)
            {
                // Upstream's fallback: a path that refuses our datagrams gets the small MTU from now on.
                _pipeline.DatagramMtu = Mtu.DefaultSendMtu;
            }
            SendError = "sendto: " + r.Error.Message;
            SendErrorAtMs = _nowMs;
            return;
        }
    }

    /// <summary>
    /// Reads one datagram from <paramref name="socket"/>. Returns false when none is waiting.
    /// <paramref name="status"/> says what became of it; on <see cref="ReceiveStatus.Instruction"/>
    /// the instruction is valid until the next receive.
    /// </summary>
    public bool TryReceive(UdpSocket socket, long nowMs, out ReceiveStatus status, out ReceivedDatagram info,
        out Instruction instruction, out NetAddress source)
    {
        status = ReceiveStatus.Ignored;
        info = default;
        instruction = default;
        var r = socket.Receive(_receiveBuffer, out source);
        if (!r.IsSuccess) return false;
        if (r.Truncated || r.Count > Mtu.MaxDatagramLength)
        {
            status = ReceiveStatus.Oversize;
            return true;
        }
        bool congestion = (r.Tos & 3) == 3;
        status = _pipeline.Receive(_receiveBuffer.AsSpan(0, r.Count), nowMs, congestion, out info, out instruction);
        return true;
    }

    public void Dispose()
    {
        _pipeline.Dispose();
    }
}
