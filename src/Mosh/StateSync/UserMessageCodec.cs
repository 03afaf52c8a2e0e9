using Mosh.Transport;

namespace Mosh.StateSync;

/// <summary>
/// The user-stream diff encoding, <c>ClientBuffers.UserMessage</c> (spec §5.1), written and read
/// directly: consecutive bytes merge into one Keystroke instruction, each resize is its own.
/// Self-contained so it can be swapped for the shared protobuf codec without touching
/// <see cref="UserStream"/>.
/// </summary>
public static class UserMessageCodec
{
    private const byte UserMessageInstructionTag = 0x0A; // field 1, length-delimited
    private const byte KeystrokeTag = 0x12;              // extension 2, length-delimited
    private const byte ResizeTag = 0x1A;                 // extension 3, length-delimited
    private const byte KeysTag = 0x22;                   // field 4, bytes
    private const byte WidthTag = 0x28;                  // field 5, varint
    private const byte HeightTag = 0x30;                 // field 6, varint

    /// <summary>Appends the UserMessage carrying <paramref name="events"/>; nothing for no events.</summary>
    public static void Write(ReadOnlySpan<UserEvent> events, ByteBuffer output)
    {
        int i = 0;
        while (i < events.Length)
        {
            if (events[i].IsResize)
            {
                WriteResize(events[i], output);
                i++;
                continue;
            }
            int runEnd = i + 1;
            while (runEnd < events.Length && !events[runEnd].IsResize)
            {
                runEnd++;
            }
            WriteKeystroke(events[i..runEnd], output);
            i = runEnd;
        }
    }

    private static void WriteKeystroke(ReadOnlySpan<UserEvent> run, ByteBuffer output)
    {
        int keysLength = run.Length;
        int keystrokeLength = 1 + VarintLength((uint)keysLength) + keysLength;
        int instructionLength = 1 + VarintLength((uint)keystrokeLength) + keystrokeLength;
        int total = 1 + VarintLength((uint)instructionLength) + instructionLength;

        Span<byte> span = output.GetSpan(total);
        int at = 0;
        span[at++] = UserMessageInstructionTag;
        at += WriteVarint(span[at..], (uint)instructionLength);
        span[at++] = KeystrokeTag;
        at += WriteVarint(span[at..], (uint)keystrokeLength);
        span[at++] = KeysTag;
        at += WriteVarint(span[at..], (uint)keysLength);
        for (int k = 0; k < run.Length; k++)
        {
            span[at++] = run[k].Byte;
        }
        output.Advance(at);
    }

    private static void WriteResize(UserEvent resize, ByteBuffer output)
    {
        // int32 fields: a negative value is sign-extended to 64 bits, as protobuf does.
        ulong width = (ulong)(long)resize.Width;
        ulong height = (ulong)(long)resize.Height;
        int resizeLength = 1 + VarintLength(width) + 1 + VarintLength(height);
        int instructionLength = 1 + VarintLength((uint)resizeLength) + resizeLength;

        Span<byte> span = output.GetSpan(2 + 10 + instructionLength);
        int at = 0;
        span[at++] = UserMessageInstructionTag;
        at += WriteVarint(span[at..], (uint)instructionLength);
        span[at++] = ResizeTag;
        at += WriteVarint(span[at..], (uint)resizeLength);
        span[at++] = WidthTag;
        at += WriteVarint(span[at..], width);
        span[at++] = HeightTag;
        at += WriteVarint(span[at..], height);
        output.Advance(at);
    }

    /// <summary>
    /// Parses a UserMessage and appends its events to <paramref name="target"/> in order. An
    /// instruction with a keystroke contributes its bytes; otherwise one with a resize contributes
    /// the resize; otherwise nothing. Unknown fields are skipped. Returns false on malformed input
    /// (events before the fault may have been appended).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, UserStream target)
    {
        var reader = new ProtoReader(message);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out uint field, out int wireType))
            {
                return false;
            }
            if (field == 1 && wireType == ProtoReader.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out ReadOnlySpan<byte> instruction) || !TryReadInstruction(instruction, target))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }
        return true;
    }

    private static bool TryReadInstruction(ReadOnlySpan<byte> instruction, UserStream target)
    {
        var reader = new ProtoReader(instruction);
        bool hasKeystroke = false, hasResize = false;
        ReadOnlySpan<byte> keys = default;
        int width = 0, height = 0;
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out uint field, out int wireType))
            {
                return false;
            }
            if (field == 2 && wireType == ProtoReader.LengthDelimited)
            {
                // Repeated occurrences of a message field merge; for the singular `keys` the last wins.
                if (!reader.TryReadLengthDelimited(out ReadOnlySpan<byte> keystroke) || !TryReadKeystroke(keystroke, ref keys))
                {
                    return false;
                }
                hasKeystroke = true;
            }
            else if (field == 3 && wireType == ProtoReader.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out ReadOnlySpan<byte> resize) || !TryReadResize(resize, ref width, ref height))
                {
                    return false;
                }
                hasResize = true;
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }

        if (hasKeystroke)
        {
            target.PushBytes(keys);
        }
        else if (hasResize)
        {
            target.PushResize(width, height);
        }
        return true;
    }

    private static bool TryReadKeystroke(ReadOnlySpan<byte> keystroke, ref ReadOnlySpan<byte> keys)
    {
        var reader = new ProtoReader(keystroke);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out uint field, out int wireType))
            {
                return false;
            }
            if (field == 4 && wireType == ProtoReader.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out keys))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }
        return true;
    }

    private static bool TryReadResize(ReadOnlySpan<byte> resize, ref int width, ref int height)
    {
        var reader = new ProtoReader(resize);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out uint field, out int wireType))
            {
                return false;
            }
            if ((field == 5 || field == 6) && wireType == ProtoReader.Varint)
            {
                if (!reader.TryReadVarint(out ulong value))
                {
                    return false;
                }
                // int32 semantics: keep the low 32 bits.
                if (field == 5)
                {
                    width = (int)value;
                }
                else
                {
                    height = (int)value;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }
        return true;
    }

    private static int VarintLength(ulong value)
    {
        int length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        int at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[at++] = (byte)value;
        return at;
    }

    /// <summary>A minimal proto2 wire reader over a span; every method reports malformed input by returning false.</summary>
    private ref struct ProtoReader
    {
        public const int Varint = 0;
        public const int Fixed64 = 1;
        public const int LengthDelimited = 2;
        public const int Fixed32 = 5;

        private readonly ReadOnlySpan<byte> _data;
        private int _position;

        public ProtoReader(ReadOnlySpan<byte> data)
        {
            _data = data;
            _position = 0;
        }

        public readonly bool AtEnd => _position >= _data.Length;

        public bool TryReadTag(out uint field, out int wireType)
        {
            field = 0;
            wireType = 0;
            if (!TryReadVarint(out ulong tag) || tag > uint.MaxValue)
            {
                return false;
            }
            field = (uint)(tag >> 3);
            wireType = (int)(tag & 7);
            return field != 0;
        }

        public bool TryReadVarint(out ulong value)
        {
            value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _data.Length)
                {
                    return false;
                }
                byte b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return true;
                }
            }
            return false; // more than 10 bytes
        }

        public bool TryReadLengthDelimited(out ReadOnlySpan<byte> contents)
        {
            contents = default;
            if (!TryReadVarint(out ulong length) || length > (ulong)(_data.Length - _position))
            {
                return false;
            }
            contents = _data.Slice(_position, (int)length);
            _position += (int)length;
            return true;
        }

        public bool TrySkip(int wireType)
        {
            switch (wireType)
            {
                case Varint:
                    return TryReadVarint(out _);
                case Fixed64:
                    return TryAdvance(8);
                case LengthDelimited:
                    return TryReadLengthDelimited(out _);
                case Fixed32:
                    return TryAdvance(4);
                default:
                    return false; // groups (3, 4) and invalid types are not accepted
            }
        }

        private bool TryAdvance(int count)
        {
            if (_data.Length - _position < count)
            {
                return false;
            }
            _position += count;
            return true;
        }
    }
}
