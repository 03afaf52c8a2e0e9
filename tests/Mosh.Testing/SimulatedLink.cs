using Mosh.Transport;
namespace Mosh.Testing;

/// <summary>
/// One direction of an in-memory network: accepts instructions as an <see cref="IInstructionSink"/>,
/// applies seeded loss, delay, jitter (reordering), duplication and an MTU, and hands them out
/// when due in virtual time. Copies what it carries into pooled packets, so a warmed-up link
/// allocates nothing.
/// Two modes: it carries instructions as values, or (given the two sides' packet pipelines)
/// the real sealed datagrams, fragmented, compressed and encrypted, each lost or delayed on its
/// own and reassembled by the receiving pipeline, with timestamps feeding its RTT estimator.
/// </summary>
public sealed class SimulatedLink : IInstructionSink
{
    /// <summary>Bytes of a fragment that are not contents (protocol §2.5: contents ≤ MTU − 38).</summary>
    public const int FragmentOverhead = 38;

    /// <summary>A serialized instruction's fields other than the diff, roughly (tags, varints, chaff).</summary>
    public const int InstructionOverhead = 64;

    private readonly VirtualClock _clock;
    private readonly DeterministicRandom _random;
    private readonly List<Packet> _inFlight = new(64);
    private readonly Stack<Packet> _free = new(64);
    private Packet? _handedOut;
    private long _order;

    private readonly PacketPipeline? _encoder;
    private readonly PacketPipeline? _decoder;

    public SimulatedLink(VirtualClock clock, LinkOptions options)
    {
        _clock = clock;
        Options = options;
        _random = new DeterministicRandom(options.Seed);
    }

    /// <summary>A link that carries datagrams: <paramref name="encoder"/> is the sending side's pipeline, <paramref name="decoder"/> the receiving side's.</summary>
    public SimulatedLink(VirtualClock clock, LinkOptions options, PacketPipeline encoder, PacketPipeline decoder)
        : this(clock, options)
    {
        _encoder = encoder;
        _decoder = decoder;
    }

    /// <summary>Whether this link carries sealed datagrams rather than instruction values.</summary>
    public bool CarriesDatagrams => _encoder is not null;

    /// <summary>Datagrams the receiving pipeline did not turn into an instruction, by status (datagram mode).</summary>
    public long[] DatagramReceiveCounts { get; } = new long[Enum.GetValues<ReceiveStatus>().Length];

    public LinkOptions Options { get; }

    /// <summary>When set, every instruction sent is recorded here (allocates; off for allocation tests).</summary>
    public List<SentRecord>? Log { get; set; }

    public long SentCount { get; private set; }

    /// <summary>Datagram mode: the most datagrams one instruction needed (protocol §4.1 fragments).</summary>
    public int MaxDatagramsPerInstruction { get; private set; }

    public long LostCount { get; private set; }

    public long DeliveredCount { get; private set; }

    public int InFlightCount => _inFlight.Count;

    /// <summary>Delivery time of the next packet, or <see cref="TransportTiming.Never"/>.</summary>
    public long NextDeliveryMs
    {
        get
        {
            long next = TransportTiming.Never;
            foreach (Packet packet in _inFlight)
            {
                next = Math.Min(next, packet.DeliverAtMs);
            }
            return next;
        }
    }

    /// <summary>Whether the sending side knows its peer; a harness clears it for a server until its first packet arrives.</summary>
    public bool HasPeer { get; set; } = true;

    /// <summary>Never: a link that is down loses what is sent (<see cref="LinkOptions.Up"/>); it does not refuse it.</summary>
    public bool LastSendFailed => false;

    /// <summary>Datagram mode: the compressed instruction; otherwise its diff plus the usual overhead.</summary>
    public int LastSendPayloadBytes { get; private set; }

    public void Send(in Instruction instruction, long nowMs)
    {
        SentCount++;
        Log?.Add(new SentRecord(_clock.NowMs, instruction.OldNum, instruction.NewNum, instruction.AckNum,
            instruction.ThrowawayNum, instruction.Diff.ToArray()));

        if (_encoder is not null)
        {
            SendDatagrams(instruction);
            return;
        }
        if (!Options.Up || IsLost(instruction))
        {
            LostCount++;
            return;
        }
        Schedule(instruction);
        if (_random.Chance(Options.DuplicateRate))
        {
            Schedule(instruction);
        }
    }

    private void SendDatagrams(in Instruction instruction)
    {
        if (Options.Mtu > 0)
        {
            _encoder!.DatagramMtu = Options.Mtu;
        }
        if (_encoder!.Encode(instruction, _clock.NowMs) != EncodeStatus.Ok)
        {
            LostCount++;
            return;
        }
        MaxDatagramsPerInstruction = Math.Max(MaxDatagramsPerInstruction, _encoder.DatagramCount);
        LastSendPayloadBytes = _encoder.LastCompressedLength;
        for (int i = 0; i < _encoder.DatagramCount; i++)
        {
            if (!Options.Up || _random.Chance(Options.LossRate))
            {
                LostCount++;
                continue;
            }
            ScheduleDatagram(_encoder.GetDatagram(i));
            if (_random.Chance(Options.DuplicateRate))
            {
                ScheduleDatagram(_encoder.GetDatagram(i));
            }
        }
    }

    private void ScheduleDatagram(ReadOnlySpan<byte> datagram)
    {
        Packet packet = _free.Count > 0 ? _free.Pop() : new Packet();
        packet.CopyFrom(datagram);
        packet.DeliverAtMs = _clock.NowMs + Options.DelayMs + _random.Next(Options.JitterMs + 1L);
        packet.Order = _order++;
        _inFlight.Add(packet);
    }

    /// <summary>
    /// Takes the next packet due at or before <paramref name="nowMs"/> (earliest first, then in
    /// send order). The instruction's views stay valid until the next call.
    /// </summary>
    public bool TryTakeDue(long nowMs, out Instruction instruction)
    {
        if (_decoder is null)
        {
            return TryTakeDuePacket(nowMs, out instruction);
        }
        // Feed due datagrams to the receiving pipeline until one completes an instruction.
        while (TryTakeDuePacket(nowMs, out _))
        {
            ReceiveStatus status = _decoder.Receive(_handedOut!.Datagram, nowMs, false, out _, out instruction);
            DatagramReceiveCounts[(int)status]++;
            if (status == ReceiveStatus.Instruction)
            {
                return true;
            }
        }
        instruction = default;
        return false;
    }

    private bool TryTakeDuePacket(long nowMs, out Instruction instruction)
    {
        if (_handedOut is not null)
        {
            _free.Push(_handedOut);
            _handedOut = null;
        }

        int best = -1;
        for (int i = 0; i < _inFlight.Count; i++)
        {
            Packet p = _inFlight[i];
            if (p.DeliverAtMs <= nowMs
                && (best < 0 || p.DeliverAtMs < _inFlight[best].DeliverAtMs
                    || (p.DeliverAtMs == _inFlight[best].DeliverAtMs && p.Order < _inFlight[best].Order)))
            {
                best = i;
            }
        }
        if (best < 0)
        {
            instruction = default;
            return false;
        }

        Packet packet = _inFlight[best];
        _inFlight[best] = _inFlight[^1];
        _inFlight.RemoveAt(_inFlight.Count - 1);
        _handedOut = packet;
        DeliveredCount++;
        instruction = packet.ToInstruction();
        return true;
    }

    private bool IsLost(in Instruction instruction)
    {
        int fragments = 1;
        if (Options.Mtu > 0)
        {
            int perFragment = Math.Max(1, Options.Mtu - FragmentOverhead);
            int size = InstructionOverhead + instruction.Diff.Length;
            fragments = (size + perFragment - 1) / perFragment;
        }
        LastSendPayloadBytes = InstructionOverhead + instruction.Diff.Length;
        for (int i = 0; i < fragments; i++)
        {
            if (_random.Chance(Options.LossRate))
            {
                return true;
            }
        }
        return false;
    }

    private void Schedule(in Instruction instruction)
    {
        Packet packet = _free.Count > 0 ? _free.Pop() : new Packet();
        packet.CopyFrom(instruction);
        packet.DeliverAtMs = _clock.NowMs + Options.DelayMs + _random.Next(Options.JitterMs + 1L);
        packet.Order = _order++;
        _inFlight.Add(packet);
    }

    private sealed class Packet
    {
        private byte[] _diff = new byte[64];
        private int _diffLength;
        private readonly byte[] _chaff = new byte[Chaff.MaxLength];
        private int _chaffLength;
        private Instruction _header;

        public long DeliverAtMs;
        public long Order;

        public void CopyFrom(in Instruction instruction)
        {
            _header = instruction;
            _header.Diff = default;
            _header.Chaff = default;
            if (_diff.Length < instruction.Diff.Length)
            {
                _diff = new byte[Math.Max(instruction.Diff.Length, _diff.Length * 2)];
            }
            instruction.Diff.Span.CopyTo(_diff);
            _diffLength = instruction.Diff.Length;
            _chaffLength = Math.Min(instruction.Chaff.Length, _chaff.Length);
            instruction.Chaff.Span[.._chaffLength].CopyTo(_chaff);
        }

        /// <summary>Datagram mode: the whole packet is the datagram.</summary>
        public void CopyFrom(ReadOnlySpan<byte> datagram)
        {
            _header = default;
            if (_diff.Length < datagram.Length)
            {
                _diff = new byte[Math.Max(datagram.Length, _diff.Length * 2)];
            }
            datagram.CopyTo(_diff);
            _diffLength = datagram.Length;
            _chaffLength = 0;
        }

        public ReadOnlySpan<byte> Datagram => _diff.AsSpan(0, _diffLength);

        public Instruction ToInstruction()
        {
            Instruction copy = _header;
            copy.Diff = _diff.AsMemory(0, _diffLength);
            copy.Chaff = _chaff.AsMemory(0, _chaffLength);
            return copy;
        }
    }
}
