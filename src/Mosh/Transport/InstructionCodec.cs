using Mosh.Transport.Protobuf;

namespace Mosh.Transport;

/// <summary>Outcome of decoding a serialized <see cref="Instruction"/>.</summary>
public enum InstructionDecodeResult : byte
{
    Ok,
    /// <summary>Not valid protobuf wire format.</summary>
    Malformed,
    /// <summary>No protocol_version field: upstream reads that as 0 and rejects it as a version mismatch.</summary>
    MissingProtocolVersion,
}

/// <summary>
/// TransportBuffers.Instruction in protobuf wire format (protocol §4.3). Written like upstream: all
/// seven fields, in field order, diff and chaff present even when empty. Read leniently like
/// libprotobuf: unknown fields and fields of an unexpected wire type are skipped, the last
/// occurrence of a field wins.
/// </summary>
public static class InstructionCodec
{
    private const int ProtocolVersionField = 1;
    private const int OldNumField = 2;
    private const int NewNumField = 3;
    private const int AckNumField = 4;
    private const int ThrowawayNumField = 5;
    private const int DiffField = 6;
    private const int ChaffField = 7;
    private const int FeaturesField = 8;
    private const int SessionIdField = 9;
    private const int DetachRequestField = 10;
    private const int DetachedField = 11;
    private const int TakenOverByField = 12;

    /// <summary>Exact encoded size of <paramref name="instruction"/>.</summary>
    public static int GetEncodedLength(in Instruction instruction) =>
        ProtoWriter.VarintFieldSize(ProtocolVersionField, instruction.ProtocolVersion)
        + ProtoWriter.VarintFieldSize(OldNumField, instruction.OldNum)
        + ProtoWriter.VarintFieldSize(NewNumField, instruction.NewNum)
        + ProtoWriter.VarintFieldSize(AckNumField, instruction.AckNum)
        + ProtoWriter.VarintFieldSize(ThrowawayNumField, instruction.ThrowawayNum)
        + ProtoWriter.LengthDelimitedFieldSize(DiffField, instruction.Diff.Length)
        + ProtoWriter.LengthDelimitedFieldSize(ChaffField, instruction.Chaff.Length)
        + ExtensionsLength(instruction);

    /// <summary>The negotiated extensions (§14.1), each present only when set: an upstream peer's instructions are unchanged.</summary>
    private static int ExtensionsLength(in Instruction instruction) =>
        (instruction.Features != SessionFeatures.None ? ProtoWriter.VarintFieldSize(FeaturesField, (uint)instruction.Features) : 0)
        + (instruction.SessionId.IsEmpty ? 0 : ProtoWriter.LengthDelimitedFieldSize(SessionIdField, instruction.SessionId.Length))
        + (instruction.DetachRequest ? ProtoWriter.VarintFieldSize(DetachRequestField, 1) : 0)
        + (instruction.Detached ? ProtoWriter.VarintFieldSize(DetachedField, 1) : 0)
        + (instruction.TakenOverBy.IsEmpty ? 0 : ProtoWriter.LengthDelimitedFieldSize(TakenOverByField, instruction.TakenOverBy.Length));

    /// <summary>Encode into <paramref name="destination"/> (at least <see cref="GetEncodedLength"/> bytes); returns the length.</summary>
    public static int Encode(in Instruction instruction, Span<byte> destination)
    {
        var w = new ProtoWriter(destination);
        w.WriteVarintField(ProtocolVersionField, instruction.ProtocolVersion);
        w.WriteVarintField(OldNumField, instruction.OldNum);
        w.WriteVarintField(NewNumField, instruction.NewNum);
        w.WriteVarintField(AckNumField, instruction.AckNum);
        w.WriteVarintField(ThrowawayNumField, instruction.ThrowawayNum);
        w.WriteBytesField(DiffField, instruction.Diff.Span);
        w.WriteBytesField(ChaffField, instruction.Chaff.Span);
        if (instruction.Features != SessionFeatures.None) w.WriteVarintField(FeaturesField, (uint)instruction.Features);
        if (!instruction.SessionId.IsEmpty) w.WriteBytesField(SessionIdField, instruction.SessionId.Span);
        if (instruction.DetachRequest) w.WriteVarintField(DetachRequestField, 1);
        if (instruction.Detached) w.WriteVarintField(DetachedField, 1);
        if (!instruction.TakenOverBy.IsEmpty) w.WriteBytesField(TakenOverByField, instruction.TakenOverBy.Span);
        return w.Position;
    }

    /// <summary>
    /// Decode; <see cref="Instruction.Diff"/> and <see cref="Instruction.Chaff"/> become views of
    /// <paramref name="encoded"/>. Absent numbers read as 0, absent bytes as empty.
    /// </summary>
    public static InstructionDecodeResult Decode(ReadOnlyMemory<byte> encoded, out Instruction instruction)
    {
        instruction = default;
        bool hasVersion = false;
        ReadOnlySpan<byte> span = encoded.Span;
        var r = new ProtoReader(span);
        while (r.TryReadKey(out int field, out WireType type))
        {
            if (type == WireType.Varint && field <= ThrowawayNumField)
            {
                if (!r.TryReadVarint(out ulong v))
                    break;
                switch (field)
                {
                    case ProtocolVersionField: instruction.ProtocolVersion = (uint)v; hasVersion = true; break;
                    case OldNumField: instruction.OldNum = v; break;
                    case NewNumField: instruction.NewNum = v; break;
                    case AckNumField: instruction.AckNum = v; break;
                    default: instruction.ThrowawayNum = v; break;
                }
            }
            else if (type == WireType.Varint && field is FeaturesField or DetachRequestField or DetachedField)
            {
                if (!r.TryReadVarint(out ulong v))
                    break;
                switch (field)
                {
                    case FeaturesField: instruction.Features = (SessionFeatures)(uint)v; break;
                    case DetachRequestField: instruction.DetachRequest = v != 0; break;
                    default: instruction.Detached = v != 0; break;
                }
            }
            else if (type == WireType.LengthDelimited && field is SessionIdField or TakenOverByField)
            {
                if (!r.TryReadLengthDelimited(out ReadOnlySpan<byte> bytes))
                    break;
                ReadOnlyMemory<byte> slice = encoded.Slice(r.Position - bytes.Length, bytes.Length);
                if (field == SessionIdField)
                    instruction.SessionId = slice;
                else
                    instruction.TakenOverBy = slice;
            }
            else if (type == WireType.LengthDelimited && field is DiffField or ChaffField)
            {
                if (!r.TryReadLengthDelimited(out ReadOnlySpan<byte> bytes))
                    break;
                ReadOnlyMemory<byte> slice = encoded.Slice(r.Position - bytes.Length, bytes.Length);
                if (field == DiffField)
                    instruction.Diff = slice;
                else
                    instruction.Chaff = slice;
            }
            else if (!r.TrySkip(field, type))
            {
                break;
            }
        }
        if (r.Malformed)
        {
            instruction = default;
            return InstructionDecodeResult.Malformed;
        }
        return hasVersion ? InstructionDecodeResult.Ok : InstructionDecodeResult.MissingProtocolVersion;
    }
}
