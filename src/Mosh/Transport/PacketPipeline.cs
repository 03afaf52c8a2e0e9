using Mosh.Crypto;
using Mosh.Network;
using Mosh.Transport.Compression;

namespace Mosh.Transport;

/// <summary>Outcome of <see cref="PacketPipeline.Encode"/>.</summary>
public enum EncodeStatus : byte
{
    Ok,
    /// <summary>More than 32 767 fragments, or an MTU too small for any contents.</summary>
    TooLarge,
    /// <summary>zlib failed (out of native memory).</summary>
    CompressionFailed,
    /// <summary>Fatal: sequence numbers or the key are used up (see <see cref="DatagramCodec.Exhausted"/>).</summary>
    Exhausted,
}

/// <summary>Outcome of <see cref="PacketPipeline.Receive"/>, roughly in pipeline order.</summary>
public enum ReceiveStatus : byte
{
    /// <summary>A whole instruction was decoded.</summary>
    Instruction,
    /// <summary>An authentic fragment was stored; the instruction is not complete yet.</summary>
    Pending,
    /// <summary>An authentic fragment was a duplicate or belongs to a dropped instruction.</summary>
    Ignored,
    Oversize,
    TooShort,
    AuthenticationFailed,
    WrongDirection,
    MissingTimestamps,
    /// <summary>Authentic, but the fragment is shorter than its header.</summary>
    FragmentTooShort,
    /// <summary>Authentic, but fragment numbering or size is impossible; the instruction is dropped.</summary>
    FragmentRejected,
    /// <summary>The reassembled bytes are not a zlib stream, or inflate past 4 MiB.</summary>
    DecompressionFailed,
    /// <summary>The inflated bytes are not a valid Instruction message.</summary>
    MalformedInstruction,
    /// <summary>The instruction has no protocol_version (upstream: version mismatch).</summary>
    MissingProtocolVersion,
}

/// <summary>What the datagram layer learned from a received datagram.</summary>
public readonly struct ReceivedDatagram
{
    /// <summary>Passed authentication and the direction/length checks.</summary>
    public readonly bool Authentic;
    /// <summary>Authentic and in order: the caller may update the peer address (roaming).</summary>
    public readonly bool InOrder;
    public readonly ulong Sequence;
    /// <summary>Whether this datagram produced a new RTT sample.</summary>
    public readonly bool RttSampled;

    public ReceivedDatagram(bool authentic, bool inOrder, ulong sequence, bool rttSampled)
    {
        Authentic = authentic;
        InOrder = inOrder;
        Sequence = sequence;
        RttSampled = rttSampled;
    }
}

/// <summary>
/// The socket-free wire path of one side of a connection, both ways:
/// Instruction → protobuf → zlib → fragments → sealed datagrams, and
/// datagram → open → fragment → reassemble → inflate → Instruction.
/// It also keeps the timestamp echo and the RTT estimate, which live at the datagram layer.
/// All buffers are owned here and reused; after warm-up nothing is allocated. Not thread-safe.
/// </summary>
public sealed class PacketPipeline : IRttSource, IDisposable
{
    private readonly DatagramCodec _datagrams;
    private readonly ZlibCodec _zlib = new();
    private readonly FragmentAssembly _assembly = new();
    private Fragmenter _fragmenter;
    private TimestampEcho _echo;
    private RttEstimator _rtt = new();

    private readonly OcbCipher _cipher;
    private readonly ByteBuffer _serialized = new(256);
    private readonly ByteBuffer _compressed = new(512);
    private readonly ByteBuffer _datagramBuffer = new(Mtu.IPv4DatagramMtu);
    private readonly byte[] _plaintext = new byte[Mtu.MaxDatagramLength];
    private readonly byte[] _chaff = new byte[Chaff.MaxLength + 1];
    private int _datagramCount;
    private int _datagramStride;
    private int[] _datagramLengths = new int[4];

    /// <param name="cipher">The session cipher; the pipeline owns it from now on, and <see cref="Dispose"/> zeroes its key material.</param>
    /// <param name="sendDirection"><see cref="Direction.ToServer"/> for a client, <see cref="Direction.ToClient"/> for a server.</param>
    public PacketPipeline(OcbCipher cipher, Direction sendDirection)
    {
        _cipher = cipher;
        _datagrams = new DatagramCodec(cipher, sendDirection);
    }

    /// <summary>
    /// Largest datagram to send. Starts at <see cref="Mtu.DefaultSendMtu"/> like upstream; set it to
    /// <see cref="Mtu.IPv4DatagramMtu"/> or <see cref="Mtu.IPv6DatagramMtu"/> once the family is known.
    /// </summary>
    public int DatagramMtu { get; set; } = Mtu.DefaultSendMtu;

    public DatagramCodec Datagrams => _datagrams;

    public ref readonly RttEstimator Rtt => ref _rtt;

    /// <summary>The sender's retransmission timeout, from this pipeline's RTT estimate.</summary>
    public int TimeoutMs => _rtt.TimeoutMs;

    /// <summary>
    /// The sender's frame interval, from this pipeline's RTT estimate. Before the first sample it
    /// is the shortest interval, not the 250 ms an unknown RTT would give: the first screen must
    /// not wait a quarter second, and the estimate arrives within a round trip (protocol §4.5).
    /// </summary>
    public int SendIntervalMs => _rtt.HasSample ? _rtt.SendIntervalMs : RttEstimator.MinSendIntervalMs;

    /// <summary>Id given to the last encoded instruction.</summary>
    public ulong LastInstructionId => _fragmenter.LastId;

    /// <summary>Length of the last encoded instruction after compression (what is cut into fragments).</summary>
    public int LastCompressedLength => _compressed.Length;

    /// <summary>Datagrams produced by the last <see cref="Encode"/>.</summary>
    public int DatagramCount => _datagramCount;

    /// <summary>Datagram <paramref name="index"/> of the last <see cref="Encode"/>; valid until the next.</summary>
    public ReadOnlySpan<byte> GetDatagram(int index) =>
        (uint)index < (uint)_datagramCount
            ? _datagramBuffer.WrittenSpan.Slice(index * _datagramStride, _datagramLengths[index])
            : default;

    /// <summary>
    /// Serialize, compress, fragment and seal <paramref name="instruction"/> as it would be sent
    /// at <paramref name="nowMs"/> (monotonic ms). Read the result with <see cref="GetDatagram"/>.
    /// </summary>
    public EncodeStatus Encode(in Instruction instruction, long nowMs)
    {
        _datagramCount = 0;
        if (_datagrams.Exhausted)
            return EncodeStatus.Exhausted;

        // Fresh random chaff for every send, as upstream: the instruction's own is ignored.
        Instruction inst = instruction;
        inst.Chaff = _chaff.AsMemory(0, Chaff.Generate(_chaff));

        int serializedLength = InstructionCodec.GetEncodedLength(inst);
        _serialized.Clear();
        InstructionCodec.Encode(inst, _serialized.GetSpan(serializedLength));
        _serialized.Advance(serializedLength);

        _compressed.Clear();
        int compressedLength;
        ZlibResult z;
        int room = ZlibCodec.CompressBound(serializedLength);
        while ((z = _zlib.Compress(_serialized.WrittenSpan, _compressed.GetSpan(room), out compressedLength)) == ZlibResult.DestinationTooSmall)
            room = _compressed.Capacity * 2;
        if (z != ZlibResult.Ok)
            return EncodeStatus.CompressionFailed;
        _compressed.Advance(compressedLength);

        int mtu = DatagramMtu;
        int count = Fragmenter.FragmentCount(compressedLength, mtu);
        if (count == 0)
            return EncodeStatus.TooLarge;
        ulong id = _fragmenter.AssignId(inst, mtu);

        _datagramStride = mtu;
        _datagramBuffer.Clear();
        Span<byte> datagrams = _datagramBuffer.GetSpan(count * mtu);
        if (_datagramLengths.Length < count)
            _datagramLengths = new int[Math.Max(count, _datagramLengths.Length * 2)];

        ushort timestamp = Timestamp16.From(nowMs);
        ReadOnlySpan<byte> compressed = _compressed.WrittenSpan;
        for (int i = 0; i < count; i++)
        {
            Span<byte> datagram = datagrams.Slice(i * mtu, mtu);
            int fragmentLength = Fragmenter.WriteFragment(compressed, id, i, mtu, datagram[DatagramCodec.PayloadOffset..]);
            // Only the first datagram after a receive carries the echo (it is consumed here).
            SealResult sealResult = _datagrams.SealInPlace(datagram, fragmentLength, timestamp, _echo.TakeReply(nowMs), out int length);
            if (sealResult != SealResult.Ok)
            {
                _datagramCount = 0;
                return sealResult == SealResult.DestinationTooSmall ? EncodeStatus.TooLarge : EncodeStatus.Exhausted;
            }
            _datagramLengths[i] = length;
        }
        _datagramBuffer.Advance(count * mtu);
        _datagramCount = count;
        return EncodeStatus.Ok;
    }

    /// <summary>
    /// Process one received datagram. On <see cref="ReceiveStatus.Instruction"/>, <paramref name="instruction"/>
    /// holds it; its diff and chaff are views valid until the next call.
    /// </summary>
    /// <param name="congestionExperienced">The IP TOS had ECN-CE (tos &amp; 3 == 3).</param>
    public ReceiveStatus Receive(ReadOnlySpan<byte> datagram, long nowMs, bool congestionExperienced, out ReceivedDatagram info, out Instruction instruction)
    {
        instruction = default;
        info = default;
        OpenResult opened = _datagrams.Open(datagram, _plaintext, out DatagramPacket packet);
        switch (opened)
        {
            case OpenResult.Ok: break;
            case OpenResult.Oversize: return ReceiveStatus.Oversize;
            case OpenResult.TooShort: return ReceiveStatus.TooShort;
            case OpenResult.WrongDirection: return ReceiveStatus.WrongDirection;
            case OpenResult.MissingTimestamps: return ReceiveStatus.MissingTimestamps;
            default: return ReceiveStatus.AuthenticationFailed;
        }

        bool sampled = false;
        if (packet.InOrder)
        {
            _echo.OnInOrderPacket(packet.Timestamp, congestionExperienced, nowMs);
            sampled = _rtt.OnTimestampReply(packet.TimestampReply, Timestamp16.From(nowMs));
        }
        info = new ReceivedDatagram(true, packet.InOrder, packet.Sequence, sampled);

        return ReceiveFragment(packet.Payload, out instruction);
    }

    /// <summary>The post-decryption half of <see cref="Receive"/> (fragment onwards), for fuzzing and tests.</summary>
    internal ReceiveStatus ReceiveFragment(ReadOnlySpan<byte> fragment, out Instruction instruction)
    {
        instruction = default;
        switch (_assembly.Add(fragment))
        {
            case FragmentResult.Completed: break;
            case FragmentResult.Stored: return ReceiveStatus.Pending;
            case FragmentResult.Duplicate:
            case FragmentResult.Ignored: return ReceiveStatus.Ignored;
            case FragmentResult.TooShort: return ReceiveStatus.FragmentTooShort;
            default: return ReceiveStatus.FragmentRejected;
        }
        if (_zlib.Decompress(_assembly.Completed) != ZlibResult.Ok)
            return ReceiveStatus.DecompressionFailed;
        return InstructionCodec.Decode(_zlib.DecompressedMemory, out instruction) switch
        {
            InstructionDecodeResult.Ok => ReceiveStatus.Instruction,
            InstructionDecodeResult.MissingProtocolVersion => ReceiveStatus.MissingProtocolVersion,
            _ => ReceiveStatus.MalformedInstruction,
        };
    }

    /// <summary>Releases zlib's native state and zeroes the cipher's key material: the session is over.</summary>
    public void Dispose()
    {
        _zlib.Dispose();
        _cipher.Dispose();
    }
}
