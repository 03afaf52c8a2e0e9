namespace Mosh.Network;

/// <summary>An opened datagram: its sequence number, timestamps and payload (one fragment).</summary>
public readonly ref struct DatagramPacket
{
    public readonly ulong Sequence;
    public readonly ushort Timestamp;
    public readonly ushort TimestampReply;
    /// <summary>The fragment, a view of the caller's plaintext buffer.</summary>
    public readonly ReadOnlySpan<byte> Payload;
    /// <summary>
    /// Sequence ≥ the expected one: usable for timestamps, RTT, ECN and roaming. Older packets
    /// still carry a usable payload (instructions are idempotent), but nothing else (protocol §1.7).
    /// </summary>
    public readonly bool InOrder;

    public DatagramPacket(ulong sequence, ushort timestamp, ushort timestampReply, ReadOnlySpan<byte> payload, bool inOrder)
    {
        Sequence = sequence;
        Timestamp = timestamp;
        TimestampReply = timestampReply;
        Payload = payload;
        InOrder = inOrder;
    }
}
