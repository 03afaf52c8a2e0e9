using Mosh.Transport.Protobuf;

namespace Mosh.StateSync;

public enum UserEventKind : byte
{
    Keystroke,
    Resize,
}

/// <summary>One instruction of a UserMessage: input bytes, or a window size.</summary>
public readonly ref struct UserEvent
{
    public readonly UserEventKind Kind;
    public readonly ReadOnlySpan<byte> Keys;
    public readonly int Width;
    public readonly int Height;
    /// <summary>Ours (§14.3): the history retention a resize asks for; 0 when absent.</summary>
    public readonly int Scrollback;

    public UserEvent(UserEventKind kind, ReadOnlySpan<byte> keys, int width, int height, int scrollback = 0)
    {
        Kind = kind;
        Keys = keys;
        Width = width;
        Height = height;
        Scrollback = scrollback;
    }
}

/// <summary>
/// Enumerates the instructions of a ClientBuffers.UserMessage (protocol §5.1) without allocating.
/// Like upstream's server: an instruction with a keystroke is a keystroke, else one with a
/// resize is a resize, else it is skipped. Width/height are reported as sent (the consumer
/// must refuse values below 1). Unknown fields are skipped; malformed input stops the
/// enumeration with <see cref="Malformed"/> set.
/// </summary>
public ref struct UserMessageReader
{
    private ProtoReader _outer;
    private bool _malformed;

    public UserMessageReader(ReadOnlySpan<byte> message)
    {
        _outer = new ProtoReader(message);
        _malformed = false;
    }

    public readonly bool Malformed => _malformed || _outer.Malformed;

    /// <summary>The next event; false at the end or on malformed input (see <see cref="Malformed"/>).</summary>
    public bool TryRead(out UserEvent userEvent)
    {
        userEvent = default;
        while (!_malformed && _outer.TryReadKey(out int field, out WireType type))
        {
            if (field != UserMessageWriter.InstructionField || type != WireType.LengthDelimited)
            {
                if (!_outer.TrySkip(field, type))
                    return false;
                continue;
            }
            if (!_outer.TryReadLengthDelimited(out ReadOnlySpan<byte> instruction))
                return false;
            if (!TryParseInstruction(instruction, out userEvent, out bool meaningful))
            {
                _malformed = true;
                return false;
            }
            if (meaningful)
                return true;
        }
        return false;
    }

    private static bool TryParseInstruction(ReadOnlySpan<byte> instruction, out UserEvent userEvent, out bool meaningful)
    {
        userEvent = default;
        meaningful = false;
        bool hasKeystroke = false, hasResize = false;
        ReadOnlySpan<byte> keys = default;
        int width = 0, height = 0, scrollback = 0;
        var r = new ProtoReader(instruction);
        while (r.TryReadKey(out int field, out WireType type))
        {
            if (type == WireType.LengthDelimited && field is UserMessageWriter.KeystrokeField or UserMessageWriter.ResizeField)
            {
                if (!r.TryReadLengthDelimited(out ReadOnlySpan<byte> body))
                    return false;
                // Repeated occurrences of a message field merge: the last value of each inner field wins.
                var inner = new ProtoReader(body);
                while (inner.TryReadKey(out int f, out WireType t))
                {
                    if (field == UserMessageWriter.KeystrokeField && f == UserMessageWriter.KeysField && t == WireType.LengthDelimited)
                    {
                        if (!inner.TryReadLengthDelimited(out keys))
                            return false;
                    }
                    else if (field == UserMessageWriter.ResizeField && t == WireType.Varint && f is UserMessageWriter.WidthField or UserMessageWriter.HeightField)
                    {
                        if (!inner.TryReadVarint(out ulong v))
                            return false;
                        if (f == UserMessageWriter.WidthField)
                            width = unchecked((int)v);
                        else
                            height = unchecked((int)v);
                    }
                    else if (field == UserMessageWriter.ResizeField && t == WireType.Varint && f == UserMessageWriter.ScrollbackField)
                    {
                        if (!inner.TryReadVarint(out ulong v))
                            return false;
                        scrollback = (int)Math.Min(v, int.MaxValue);
                    }
                    else if (!inner.TrySkip(f, t))
                    {
                        return false;
                    }
                }
                if (inner.Malformed)
                    return false;
                if (field == UserMessageWriter.KeystrokeField)
                    hasKeystroke = true;
                else
                    hasResize = true;
            }
            else if (!r.TrySkip(field, type))
            {
                return false;
            }
        }
        if (r.Malformed)
            return false;
        if (hasKeystroke)
        {
            userEvent = new UserEvent(UserEventKind.Keystroke, keys, 0, 0);
            meaningful = true;
        }
        else if (hasResize)
        {
            userEvent = new UserEvent(UserEventKind.Resize, default, width, height, scrollback);
            meaningful = true;
        }
        return true;
    }
}
