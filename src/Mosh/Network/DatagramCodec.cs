using System.Buffers.Binary;
using Mosh.Crypto;

namespace Mosh.Network;

/// <summary>
/// Seals and opens mosh datagrams (protocol §2.1, §1.3–§1.7):
/// <c>nonce(8, clear) ‖ OCB(timestamp(2) ‖ timestamp_reply(2) ‖ payload) ‖ tag(16)</c>.
/// Owns the send sequence counter (never reused, never reset), the block count that retires the
/// key, and the receiver's <see cref="ExpectedSequence"/> for the replay/ordering rule.
/// Socket-free and allocation-free; hostile input yields a result, never an exception.
/// </summary>
public sealed class DatagramCodec
{
    public const int NonceLength = 8;
    public const int TimestampsLength = 4;
    public const int TagLength = 16;
    /// <summary>Where the payload starts in a datagram: after the nonce and the timestamps.</summary>
    public const int PayloadOffset = NonceLength + TimestampsLength;
    /// <summary>Nonce + tag: anything shorter cannot be authentic.</summary>
    public const int MinLength = NonceLength + TagLength;
    /// <summary>Datagram bytes that are not payload.</summary>
    public const int Overhead = PayloadOffset + TagLength;

    /// <summary>
    /// OCB's security degrades as (blocks)²/2^128; the key should encrypt at most 2^48 blocks.
    /// Both sides share one key, so each stops at half of that.
    /// </summary>
    public const ulong MaxBlocks = 1UL << 47;

    private const ulong DirectionBit = 1UL << 63;
    private const ulong SequenceMask = DirectionBit - 1;

    private readonly OcbCipher _cipher;
    private readonly ulong _sendDirectionBit;
    private readonly ulong _receiveDirectionBit;
    private ulong _nextSequence;
    private ulong _blocksEncrypted;
    private ulong _expectedSequence;
    private bool _exhausted;

    /// <param name="cipher">The session's AES-128-OCB cipher.</param>
    /// <param name="sendDirection">Ours: a server sends <see cref="Direction.ToClient"/> and accepts only <see cref="Direction.ToServer"/>.</param>
    public DatagramCodec(OcbCipher cipher, Direction sendDirection)
    {
        _cipher = cipher;
        SendDirection = sendDirection;
        _sendDirectionBit = sendDirection == Direction.ToClient ? DirectionBit : 0;
        _receiveDirectionBit = _sendDirectionBit ^ DirectionBit;
    }

    public Direction SendDirection { get; }

    /// <summary>The sequence number the next sealed datagram gets.</summary>
    public ulong NextSequence => _nextSequence;

    /// <summary>16-byte blocks encrypted so far (a partial block counts as one).</summary>
    public ulong BlocksEncrypted => _blocksEncrypted;

    /// <summary>One more than the highest sequence number received in order (0 at first).</summary>
    public ulong ExpectedSequence => _expectedSequence;

    /// <summary>True once a fatal limit was hit: the session must end.</summary>
    public bool Exhausted => _exhausted;

    /// <summary>Datagram length for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int DatagramLength(int payloadLength) => payloadLength + Overhead;

    /// <summary>
    /// Seal a datagram whose payload the caller already wrote at <see cref="PayloadOffset"/> of
    /// <paramref name="datagram"/>: writes nonce and timestamps, encrypts in place, appends the tag.
    /// </summary>
    public SealResult SealInPlace(Span<byte> datagram, int payloadLength, ushort timestamp, ushort timestampReply, out int length)
    {
        length = 0;
        if (_exhausted)
            return _nextSequence > SequenceMask ? SealResult.SequenceExhausted : SealResult.KeyExhausted;
        if (payloadLength < 0 || datagram.Length - Overhead < payloadLength)
            return SealResult.DestinationTooSmall;
        if (_nextSequence > SequenceMask)
        {
            _exhausted = true;
            return SealResult.SequenceExhausted;
        }
        int plaintextLength = TimestampsLength + payloadLength;
        ulong blocks = _blocksEncrypted + (ulong)((plaintextLength + 15) >> 4);
        if (blocks >= MaxBlocks)
        {
            _exhausted = true;
            return SealResult.KeyExhausted;
        }

        ulong n = _sendDirectionBit | _nextSequence;
        Span<byte> nonce = stackalloc byte[12];
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], n);
        BinaryPrimitives.WriteUInt64BigEndian(datagram, n);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[NonceLength..], timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[(NonceLength + 2)..], timestampReply);
        Span<byte> body = datagram.Slice(NonceLength, plaintextLength + TagLength);
        _cipher.Seal(nonce, body[..plaintextLength], body);

        _nextSequence++;
        _blocksEncrypted = blocks;
        length = NonceLength + plaintextLength + TagLength;
        return SealResult.Ok;
    }

    /// <summary>Copy <paramref name="payload"/> into <paramref name="destination"/> and seal it.</summary>
    public SealResult Seal(ReadOnlySpan<byte> payload, ushort timestamp, ushort timestampReply, Span<byte> destination, out int length)
    {
        length = 0;
        if (destination.Length - Overhead < payload.Length)
            return SealResult.DestinationTooSmall;
        payload.CopyTo(destination[PayloadOffset..]);
        return SealInPlace(destination, payload.Length, timestamp, timestampReply, out length);
    }

    /// <summary>
    /// Authenticate and decrypt <paramref name="datagram"/> into <paramref name="plaintext"/>
    /// (at least datagram length − 24 bytes), check direction and length, and apply the ordering
    /// rule. Nothing changes unless the result is <see cref="OpenResult.Ok"/>.
    /// </summary>
    public OpenResult Open(ReadOnlySpan<byte> datagram, Span<byte> plaintext, out DatagramPacket packet)
    {
        packet = default;
        if (datagram.Length > Mtu.MaxDatagramLength)
            return OpenResult.Oversize;
        if (datagram.Length < MinLength)
            return OpenResult.TooShort;
        int plaintextLength = datagram.Length - MinLength;
        if (plaintext.Length < plaintextLength)
            return OpenResult.Oversize;

        Span<byte> nonce = stackalloc byte[12];
        nonce[..4].Clear();
        datagram[..NonceLength].CopyTo(nonce[4..]);
        if (!_cipher.TryOpen(nonce, datagram[NonceLength..], plaintext[..plaintextLength]))
            return OpenResult.AuthenticationFailed;

        ulong n = BinaryPrimitives.ReadUInt64BigEndian(datagram);
        if ((n & DirectionBit) != _receiveDirectionBit)
            return OpenResult.WrongDirection;
        if (plaintextLength < TimestampsLength)
            return OpenResult.MissingTimestamps;

        ulong sequence = n & SequenceMask;
        bool inOrder = sequence >= _expectedSequence;
        if (inOrder)
            _expectedSequence = sequence + 1;
        packet = new DatagramPacket(
            sequence,
            BinaryPrimitives.ReadUInt16BigEndian(plaintext),
            BinaryPrimitives.ReadUInt16BigEndian(plaintext[2..]),
            plaintext[TimestampsLength..plaintextLength],
            inOrder);
        return OpenResult.Ok;
    }
}
