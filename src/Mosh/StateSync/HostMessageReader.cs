using Mosh.Transport.Protobuf;

namespace Mosh.StateSync;

public enum HostEventKind : byte
{
    HostBytes,
    Resize,
    EchoAck,
    /// <summary>Our history extension (§14.3): <see cref="HostEvent.HostBytes"/> is the HistoryLines body.</summary>
    History,
}

/// <summary>One instruction of a HostMessage.</summary>
public readonly ref struct HostEvent
{
    public readonly HostEventKind Kind;
    public readonly ReadOnlySpan<byte> HostBytes;
    public readonly int Width;
    public readonly int Height;
    public readonly ulong EchoAckNum;

    public HostEvent(HostEventKind kind, ReadOnlySpan<byte> hostBytes, int width, int height, ulong echoAckNum)
    {
        Kind = kind;
        HostBytes = hostBytes;
        Width = width;
        Height = height;
        EchoAckNum = echoAckNum;
    }
}

/// <summary>
/// Enumerates the instructions of a HostBuffers.HostMessage (protocol §5.2) without allocating.
/// Like upstream's client, an instruction counts as host bytes if it has them, else as a resize,
/// else as an echo ack, else (ours, §14.3) as history, else it is skipped. Malformed input stops with <see cref="Malformed"/> set.
/// </summary>
public ref struct HostMessageReader
{
    private ProtoReader _outer;
    private bool _malformed;

    public HostMessageReader(ReadOnlySpan<byte> message)
    {
        _outer = new ProtoReader(message);
        _malformed = false;
    }

    public readonly bool Malformed => _malformed || _outer.Malformed;

    public bool TryRead(out HostEvent hostEvent)
    {
        hostEvent = default;
        while (!_malformed && _outer.TryReadKey(out int field, out WireType type))
        {
            if (field != HostMessageCodec.InstructionField || type != WireType.LengthDelimited)
            {
                if (!_outer.TrySkip(field, type))
                    return false;
                continue;
            }
            if (!_outer.TryReadLengthDelimited(out ReadOnlySpan<byte> instruction))
                return false;
            if (!TryParseInstruction(instruction, out hostEvent, out bool meaningful))
            {
                _malformed = true;
                return false;
            }
            if (meaningful)
                return true;
        }
        return false;
    }

    private static bool TryParseInstruction(ReadOnlySpan<byte> instruction, out HostEvent hostEvent, out bool meaningful)
    {
        hostEvent = default;
        meaningful = false;
        bool hasBytes = false, hasResize = false, hasEchoAck = false, hasHistory = false;
        ReadOnlySpan<byte> bytes = default;
        ReadOnlySpan<byte> history = default;
        int width = 0, height = 0;
        ulong echoAck = 0;
        var r = new ProtoReader(instruction);
        while (r.TryReadKey(out int field, out WireType type))
        {
            if (field == HistoryCodec.HistoryField && type == WireType.LengthDelimited)
            {
                if (!r.TryReadLengthDelimited(out history))
                    return false;
                hasHistory = true;
                continue;
            }
            if (type != WireType.LengthDelimited || field is not (HostMessageCodec.HostBytesField or HostMessageCodec.ResizeField or HostMessageCodec.EchoAckField))
            {
                if (!r.TrySkip(field, type))
                    return false;
                continue;
            }
            if (!r.TryReadLengthDelimited(out ReadOnlySpan<byte> body))
                return false;
            var inner = new ProtoReader(body);
            while (inner.TryReadKey(out int f, out WireType t))
            {
                if (field == HostMessageCodec.HostBytesField && f == HostMessageCodec.HostStringField && t == WireType.LengthDelimited)
                {
                    if (!inner.TryReadLengthDelimited(out bytes))
                        return false;
                }
                else if (t == WireType.Varint && ((field == HostMessageCodec.ResizeField && f is HostMessageCodec.WidthField or HostMessageCodec.HeightField)
                                                 || (field == HostMessageCodec.EchoAckField && f == HostMessageCodec.EchoAckNumField)))
                {
                    if (!inner.TryReadVarint(out ulong v))
                        return false;
                    if (f == HostMessageCodec.WidthField) width = unchecked((int)v);
                    else if (f == HostMessageCodec.HeightField) height = unchecked((int)v);
                    else echoAck = v;
                }
                else if (!inner.TrySkip(f, t))
                {
                    return false;
                }
            }
            if (inner.Malformed)
                return false;
            switch (field)
            {
                case HostMessageCodec.HostBytesField: hasBytes = true; break;
                case HostMessageCodec.ResizeField: hasResize = true; break;
                default: hasEchoAck = true; break;
            }
        }
        if (r.Malformed)
            return false;
        meaningful = hasBytes || hasResize || hasEchoAck || hasHistory;
        if (hasBytes)
            hostEvent = new HostEvent(HostEventKind.HostBytes, bytes, 0, 0, 0);
        else if (hasResize)
            hostEvent = new HostEvent(HostEventKind.Resize, default, width, height, 0);
        else if (hasEchoAck)
            hostEvent = new HostEvent(HostEventKind.EchoAck, default, 0, 0, echoAck);
        else if (hasHistory)
            hostEvent = new HostEvent(HostEventKind.History, history, 0, 0, 0);
        return true;
    }
}
