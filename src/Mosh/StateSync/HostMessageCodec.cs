using Mosh.Transport.Protobuf;

namespace Mosh.StateSync;

/// <summary>The parts of one server diff; each is present at most once.</summary>
public ref struct HostMessageContent
{
    public bool HasEchoAck;
    public ulong EchoAckNum;
    public bool HasResize;
    public int Width;
    public int Height;
    /// <summary>Escape sequences that turn the old frame into the new one; omitted when empty.</summary>
    public ReadOnlySpan<byte> HostBytes;
}

/// <summary>
/// Writes a HostBuffers.HostMessage (the server's diff, protocol §5.2) with its instructions in
/// upstream's order: echo ack, resize, host bytes.
/// </summary>
public static class HostMessageCodec
{
    internal const int InstructionField = 1;
    internal const int HostBytesField = 2;
    internal const int ResizeField = 3;
    internal const int HostStringField = 4;
    internal const int WidthField = 5;
    internal const int HeightField = 6;
    internal const int EchoAckField = 7;
    internal const int EchoAckNumField = 8;

    public static int GetEncodedLength(in HostMessageContent content)
    {
        int total = 0;
        if (content.HasEchoAck)
            total += Wrap(Wrap(ProtoWriter.VarintFieldSize(EchoAckNumField, content.EchoAckNum), EchoAckField), InstructionField);
        if (content.HasResize)
            total += Wrap(Wrap(ResizeBodySize(content.Width, content.Height), ResizeField), InstructionField);
        if (!content.HostBytes.IsEmpty)
            total += Wrap(Wrap(ProtoWriter.LengthDelimitedFieldSize(HostStringField, content.HostBytes.Length), HostBytesField), InstructionField);
        return total;
    }

    /// <summary>Longest output of <see cref="EncodePrefix"/>: three instructions' tags and varint lengths and two values.</summary>
    public const int MaxPrefixLength = 64;

    /// <summary>Encode into <paramref name="destination"/> (at least <see cref="GetEncodedLength"/> bytes); returns the length.</summary>
    public static int Encode(in HostMessageContent content, Span<byte> destination)
    {
        int n = EncodePrefix(content, content.HostBytes.Length, destination);
        content.HostBytes.CopyTo(destination[n..]);
        return n + content.HostBytes.Length;
    }

    /// <summary>
    /// Everything of the message but the host bytes themselves, which follow it: the echo ack
    /// and resize instructions, then the headers of a host-bytes instruction of
    /// <paramref name="hostBytesLength"/> bytes (none when 0). Returns the length, at most
    /// <see cref="MaxPrefixLength"/>. <paramref name="content"/>'s own host bytes are ignored.
    /// </summary>
    public static int EncodePrefix(in HostMessageContent content, int hostBytesLength, Span<byte> destination)
    {
        var w = new ProtoWriter(destination);
        if (content.HasEchoAck)
        {
            int body = ProtoWriter.VarintFieldSize(EchoAckNumField, content.EchoAckNum);
            w.WriteLengthPrefix(InstructionField, Wrap(body, EchoAckField));
            w.WriteLengthPrefix(EchoAckField, body);
            w.WriteVarintField(EchoAckNumField, content.EchoAckNum);
        }
        if (content.HasResize)
        {
            int body = ResizeBodySize(content.Width, content.Height);
            w.WriteLengthPrefix(InstructionField, Wrap(body, ResizeField));
            w.WriteLengthPrefix(ResizeField, body);
            w.WriteInt32Field(WidthField, content.Width);
            w.WriteInt32Field(HeightField, content.Height);
        }
        if (hostBytesLength > 0)
        {
            int body = ProtoWriter.LengthDelimitedFieldSize(HostStringField, hostBytesLength);
            w.WriteLengthPrefix(InstructionField, Wrap(body, HostBytesField));
            w.WriteLengthPrefix(HostBytesField, body);
            w.WriteLengthPrefix(HostStringField, hostBytesLength);
        }
        return w.Position;
    }

    private static int ResizeBodySize(int width, int height) =>
        ProtoWriter.VarintFieldSize(WidthField, (ulong)(long)width) + ProtoWriter.VarintFieldSize(HeightField, (ulong)(long)height);

    private static int Wrap(int body, int field) => ProtoWriter.LengthDelimitedFieldSize(field, body);
}
