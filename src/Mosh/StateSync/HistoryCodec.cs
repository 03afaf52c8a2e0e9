using Mosh.Transport.Protobuf;

namespace Mosh.StateSync;

/// <summary>
/// The history instruction of a server diff (protocol §14.3): HostBuffers.Instruction field 40,
/// a <c>HistoryLines</c> message with the history's new end (field 1), the number of lines
/// before the first carried line that are not carried (field 2) and the carried lines in order
/// (field 3, repeated, each a row as printable text and SGR, <see cref="Terminal.Display.RowTextWriter"/>),
/// and whether the screen shown is the alternate screen (field 4, left out when it is not).
/// Upstream 1.4.0 never receives it: our server sends it only to a client that asked (§14.3).
/// </summary>
public static class HistoryCodec
{
    /// <summary>Field of HostBuffers.Instruction holding a HistoryLines message.</summary>
    public const int HistoryField = 40;

    internal const int EndField = 1;
    internal const int SkippedField = 2;
    internal const int LineField = 3;
    internal const int AlternateScreenField = 4;

    /// <summary>
    /// Appends one Instruction holding the history: <paramref name="lineEnds"/> are the end
    /// offsets, in <paramref name="lines"/>, of the carried lines.
    /// </summary>
    public static void AppendInstruction(ByteBuffer output, ulong end, ulong skipped, ReadOnlySpan<byte> lines, ReadOnlySpan<int> lineEnds,
        bool alternateScreen = false)
    {
        int body = 0;
        if (end != 0) body += ProtoWriter.VarintFieldSize(EndField, end);
        if (skipped != 0) body += ProtoWriter.VarintFieldSize(SkippedField, skipped);
        if (alternateScreen) body += ProtoWriter.VarintFieldSize(AlternateScreenField, 1);
        int previous = 0;
        foreach (int lineEnd in lineEnds)
        {
            body += ProtoWriter.LengthDelimitedFieldSize(LineField, lineEnd - previous);
            previous = lineEnd;
        }
        int instruction = ProtoWriter.LengthDelimitedFieldSize(HistoryField, body);
        int total = ProtoWriter.LengthDelimitedFieldSize(HostMessageCodec.InstructionField, instruction);
        var w = new ProtoWriter(output.GetSpan(total));
        w.WriteLengthPrefix(HostMessageCodec.InstructionField, instruction);
        w.WriteLengthPrefix(HistoryField, body);
        if (end != 0) w.WriteVarintField(EndField, end);
        if (skipped != 0) w.WriteVarintField(SkippedField, skipped);
        previous = 0;
        foreach (int lineEnd in lineEnds)
        {
            w.WriteBytesField(LineField, lines[previous..lineEnd]);
            previous = lineEnd;
        }
        if (alternateScreen) w.WriteVarintField(AlternateScreenField, 1);
        output.Advance(w.Position);
    }

    /// <summary>
    /// Reads a HistoryLines body's numbers, counts its lines and says whether the screen shown is
    /// the alternate screen; false if it does not parse.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> body, out ulong end, out ulong skipped, out int lineCount, out bool alternateScreen)
    {
        end = 0;
        skipped = 0;
        lineCount = 0;
        alternateScreen = false;
        var r = new ProtoReader(body);
        while (r.TryReadKey(out int field, out WireType type))
        {
            if (field == EndField && type == WireType.Varint)
            {
                if (!r.TryReadVarint(out end)) return false;
            }
            else if (field == SkippedField && type == WireType.Varint)
            {
                if (!r.TryReadVarint(out skipped)) return false;
            }
            else if (field == LineField && type == WireType.LengthDelimited)
            {
                if (!r.TryReadLengthDelimited(out _)) return false;
                lineCount++;
            }
            else if (field == AlternateScreenField && type == WireType.Varint)
            {
                if (!r.TryReadVarint(out ulong alternate)) return false;
                alternateScreen = alternate != 0;
            }
            else if (!r.TrySkip(field, type))
            {
                return false;
            }
        }
        return !r.Malformed;
    }

    /// <summary>The lines of a body that <see cref="TryReadHeader"/> accepted, in order.</summary>
    public ref struct LineEnumerator
    {
        private ProtoReader _reader;

        public LineEnumerator(ReadOnlySpan<byte> body)
        {
            _reader = new ProtoReader(body);
            Current = default;
        }

        public ReadOnlySpan<byte> Current { get; private set; }

        public bool MoveNext()
        {
            while (_reader.TryReadKey(out int field, out WireType type))
            {
                if (field == LineField && type == WireType.LengthDelimited)
                {
                    if (!_reader.TryReadLengthDelimited(out ReadOnlySpan<byte> line)) return false;
                    Current = line;
                    return true;
                }
                if (!_reader.TrySkip(field, type)) return false;
            }
            return false;
        }

        public readonly LineEnumerator GetEnumerator() => this;
    }
}
