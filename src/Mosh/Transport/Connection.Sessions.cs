using System.Text;
using Mosh.Crypto;
using Mosh.Network;

namespace Mosh.Transport;

/// <summary>
/// The connection's half of detach and reattach (protocol §14.1): advertising and learning the
/// negotiated features, the client's detach request, and the server's key change. A new key
/// means a new pipeline with its own sequence numbers, so no OCB nonce is ever used twice; the
/// old key is kept a while only to tell its client, under that key, that it was retired.
/// </summary>
public sealed partial class Connection<TSocket, TAddress>
{
    /// <summary>A retired key is kept this long to answer its client with a notice, then forgotten.</summary>
    public const long RetiredKeyLifetimeMs = 60_000;

    /// <summary>At most one notice per this interval (a retired client sends heartbeats and retries).</summary>
    public const long RetirementNoticeIntervalMs = 200;

    private const int MaxSessionIdLength = 64;
    private const int MaxAddressLength = 96;

    private const ulong NotAdvertised = ulong.MaxValue;

    private SessionFeatures _localFeatures;
    private SessionFeatures _peerFeatures;
    private ulong _advertisedFrom = NotAdvertised;
    private bool _advertisementAcked;
    private readonly byte[] _sessionId = new byte[MaxSessionIdLength];
    private int _sessionIdLength;
    private RetiredKey? _retired;
    private RetirementNotice _retirement;

    private sealed class RetiredKey(PacketPipeline pipeline, bool notify, bool detached, byte[] takenOverBy, long expiresMs)
    {
        public readonly PacketPipeline Pipeline = pipeline;
        public readonly bool Notify = notify;
        public readonly bool Detached = detached;
        public readonly byte[] TakenOverBy = takenOverBy;
        public readonly long ExpiresMs = expiresMs;
        public long LastNoticeMs = long.MinValue / 2;
    }

    /// <summary>What this side supports and advertises (field 8). A server advertises only to a client that did.</summary>
    public SessionFeatures LocalFeatures
    {
        get => _localFeatures;
        set => _localFeatures = value;
    }

    /// <summary>What the peer advertised; <see cref="SessionFeatures.None"/> for an upstream peer.</summary>
    public SessionFeatures PeerFeatures => _peerFeatures;

    /// <summary>Server: the session id sent with the advertisement (field 9). Client: the id the server sent.</summary>
    public string SessionId
    {
        get => Encoding.UTF8.GetString(_sessionId, 0, _sessionIdLength);
        set
        {
            _sessionIdLength = Encoding.UTF8.GetBytes(value.AsSpan(0, Math.Min(value.Length, MaxSessionIdLength / 4)), _sessionId);
        }
    }

    /// <summary>Client: ask the server to detach (field 10, on every instruction from now on). Only with a server that advertised it.</summary>
    public bool DetachRequested { get; set; }

    /// <summary>Client: why the server retired our key, once <see cref="ReceiveSummary.Retired"/> was reported.</summary>
    public RetirementNotice Retirement => _retirement;

    /// <summary>Server: whether a retired key is still kept to answer its client.</summary>
    public bool HasRetiredKey => _retired is not null;

    /// <summary>
    /// Server: from now on only <paramref name="cipher"/> is accepted. The current key is retired:
    /// its datagrams are never applied again; for <see cref="RetiredKeyLifetimeMs"/> they are
    /// answered, under that key, with a notice that says why (<paramref name="detached"/>, or
    /// taken over from <paramref name="takenOverBy"/>), if that client advertised the feature.
    /// Its current client, if any, is told at once. The peer, the negotiated features and the
    /// clocks of the association start afresh; the caller builds a new transport on <see cref="Pipeline"/>.
    /// </summary>
    public void Rekey(OcbCipher cipher, bool detached, string takenOverBy, long nowMs)
    {
        if (!_isServer) throw new InvalidOperationException("only a server changes its key");
        _retired?.Pipeline.Dispose();
        byte[] address = Encoding.UTF8.GetBytes(takenOverBy.Length > MaxAddressLength ? takenOverBy[..MaxAddressLength] : takenOverBy);
        if (!detached && address.Length == 0) address = "another client"u8.ToArray();
        bool notify = (_peerFeatures & SessionFeatures.Sessions) != 0;
        _retired = new RetiredKey(_pipeline, notify, detached, address, nowMs + RetiredKeyLifetimeMs);
        bool hadPeer = _hasPeer;
        TAddress oldPeer = _peer;

        _pipeline = new PacketPipeline(cipher, Direction.ToClient);
        if (_hasPeer)
        {
            _hasPeer = false;
            _peerChanges++;
        }
        _lastInOrderReceiveMs = long.MinValue;
        _lastNewRemoteStateMs = long.MinValue;
        _lastRoundtripSuccessMs = 0;
        _sendErrno = 0;
        _peerFeatures = SessionFeatures.None;
        _pathMtu.Reset(); // the new client's path may carry large datagrams
        _advertisedFrom = NotAdvertised;
        _advertisementAcked = false;

        if (hadPeer && notify)
        {
            SendRetirementNotice(_retired, _sockets[0]!, oldPeer, nowMs);
        }
    }

    private void ExpireRetiredKey(long nowMs)
    {
        if (_retired is not null && nowMs >= _retired.ExpiresMs)
        {
            _retired.Pipeline.Dispose();
            _retired = null;
        }
    }

    /// <summary>True when <paramref name="datagram"/> is authentic under the retired key (answered, if due).</summary>
    private bool AnswerRetiredKey(TSocket socket, ReadOnlySpan<byte> datagram, in TAddress source, bool congestionExperienced, long nowMs)
    {
        ExpireRetiredKey(nowMs);
        RetiredKey? retired = _retired;
        if (retired is null)
        {
            return false;
        }
        retired.Pipeline.Receive(datagram, nowMs, congestionExperienced, out ReceivedDatagram info, out _);
        if (!info.Authentic)
        {
            return false;
        }
        if (retired.Notify && nowMs - retired.LastNoticeMs >= RetirementNoticeIntervalMs)
        {
            SendRetirementNotice(retired, socket, source, nowMs);
        }
        return true;
    }

    private static void SendRetirementNotice(RetiredKey retired, TSocket socket, in TAddress to, long nowMs)
    {
        retired.LastNoticeMs = nowMs;
        var notice = new Instruction
        {
            ProtocolVersion = Instruction.CurrentProtocolVersion,
            Detached = retired.Detached,
            TakenOverBy = retired.Detached ? default : retired.TakenOverBy,
        };
        PacketPipeline pipeline = retired.Pipeline;
        pipeline.DatagramMtu = to.IsIPv6 ? Mtu.IPv6DatagramMtu : Mtu.IPv4DatagramMtu;
        if (pipeline.Encode(notice, nowMs) != EncodeStatus.Ok)
        {
            return;
        }
        for (int i = 0; i < pipeline.DatagramCount; i++)
        {
            socket.SendTo(pipeline.GetDatagram(i), to);
        }
    }

    /// <summary>Adds this side's extension fields to an outgoing instruction (§14.1).</summary>
    private void StampExtensions(ref Instruction instruction)
    {
        bool peerSupports = (_peerFeatures & SessionFeatures.Sessions) != 0;
        if (_localFeatures != SessionFeatures.None && !_advertisementAcked && (!_isServer || peerSupports))
        {
            instruction.Features = _localFeatures;
            if (_isServer && _sessionIdLength > 0)
            {
                instruction.SessionId = _sessionId.AsMemory(0, _sessionIdLength);
            }
            if (_advertisedFrom == NotAdvertised)
            {
                _advertisedFrom = instruction.NewNum;
            }
        }
        if (!_isServer && DetachRequested && peerSupports)
        {
            instruction.DetachRequest = true;
        }
    }

    /// <summary>Learns the peer's extension fields; true when the instruction is a retirement notice (not for the transport).</summary>
    private bool NoteExtensions(in Instruction instruction, ref ReceiveSummary summary)
    {
        if (_advertisedFrom != NotAdvertised && instruction.AckNum > _advertisedFrom)
        {
            // The peer holds a state sent after we began to advertise: it has seen the fields.
            _advertisementAcked = true;
        }
        if (instruction.Features != SessionFeatures.None)
        {
            _peerFeatures = instruction.Features;
            if (!_isServer && !instruction.SessionId.IsEmpty)
            {
                ReadOnlySpan<byte> id = instruction.SessionId.Span;
                _sessionIdLength = Math.Min(id.Length, MaxSessionIdLength);
                id[.._sessionIdLength].CopyTo(_sessionId);
            }
        }
        if (_isServer)
        {
            if (instruction.DetachRequest && (_localFeatures & SessionFeatures.Sessions) != 0)
            {
                summary.DetachRequested = true;
            }
            return false;
        }
        if (!instruction.IsRetirementNotice)
        {
            return false;
        }
        if (_retirement.Kind == RetirementKind.None)
        {
            _retirement = instruction.Detached
                ? new RetirementNotice(RetirementKind.Detached, "")
                : new RetirementNotice(RetirementKind.TakenOver, Encoding.UTF8.GetString(instruction.TakenOverBy.Span));
        }
        summary.Retired = true;
        return true;
    }
}

/// <summary>Why a server retired a client's key (protocol §14.1).</summary>
public enum RetirementKind : byte
{
    /// <summary>Not retired.</summary>
    None,

    /// <summary>The client asked to detach, and the server confirms it.</summary>
    Detached,

    /// <summary>Another client attached to the session.</summary>
    TakenOver,
}

/// <summary>A retirement notice as the client received it.</summary>
/// <param name="Kind">why</param>
/// <param name="Address">for <see cref="RetirementKind.TakenOver"/>: where the new client attached from, as the server saw it</param>
public readonly record struct RetirementNotice(RetirementKind Kind, string Address);
