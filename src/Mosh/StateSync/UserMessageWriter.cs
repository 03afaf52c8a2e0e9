using Mosh.Transport.Protobuf;

namespace Mosh.StateSync;

/// <summary>
/// Builds a ClientBuffers.UserMessage (the client's diff, protocol §5.1) into a reusable buffer.
/// Consecutive keystrokes merge into one Keystroke instruction, as upstream encodes them; each
/// resize is an instruction of its own; order is kept.
/// </summary>
public sealed class UserMessageWriter
{
    internal const int InstructionField = 1;
    internal const int KeystrokeField = 2;
    internal const int ResizeField = 3;
    internal const int KeysField = 4;
    internal const int WidthField = 5;
    internal const int HeightField = 6;
    /// <summary>Ours (§14.3): in ResizeMessage, the history retention the client asks for.</summary>
    internal const int ScrollbackField = 40;

    private readonly ByteBuffer _keys = new(256);
    private ByteBuffer _output;

    /// <summary>A writer with a buffer of its own (read it with <see cref="Written"/>).</summary>
    public UserMessageWriter()
        : this(new ByteBuffer(256))
    {
    }

    /// <summary>A writer that appends to <paramref name="output"/> (a transport's diff buffer): nothing is copied afterwards.</summary>
    public UserMessageWriter(ByteBuffer output) => _output = output;

    /// <summary>Start a new, empty message in the writer's buffer.</summary>
    public void Reset()
    {
        _output.Clear();
        _keys.Clear();
    }

    /// <summary>Start a new message appended to <paramref name="output"/>.</summary>
    public void Reset(ByteBuffer output)
    {
        _output = output;
        _keys.Clear();
    }

    /// <summary>Append input bytes (merged with any keys appended just before).</summary>
    public void AddKeys(ReadOnlySpan<byte> keys) => _keys.Append(keys);

    /// <summary>Append a window-size change; a positive <paramref name="scrollback"/> also asks for history (§14.3).</summary>
    public void AddResize(int width, int height, int scrollback = 0)
    {
        FlushKeys();
        int body = ProtoWriter.VarintSize((ulong)(long)width) + ProtoWriter.VarintSize((ulong)(long)height) + 2;
        if (scrollback > 0)
            body += ProtoWriter.VarintFieldSize(ScrollbackField, (ulong)scrollback);
        int instruction = ProtoWriter.LengthDelimitedFieldSize(ResizeField, body);
        int total = ProtoWriter.LengthDelimitedFieldSize(InstructionField, instruction);
        var w = new ProtoWriter(_output.GetSpan(total));
        w.WriteLengthPrefix(InstructionField, instruction);
        w.WriteLengthPrefix(ResizeField, body);
        w.WriteInt32Field(WidthField, width);
        w.WriteInt32Field(HeightField, height);
        if (scrollback > 0)
            w.WriteVarintField(ScrollbackField, (ulong)scrollback);
        _output.Advance(w.Position);
    }

    /// <summary>Ends the message: keys still pending are written out.</summary>
    public void Finish() => FlushKeys();

    /// <summary>The encoded message; valid until the next Reset/Add.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            FlushKeys();
            return _output.WrittenSpan;
        }
    }

    /// <summary>The encoded message as memory (for <see cref="Transport.Instruction.Diff"/>); valid until the next Reset/Add.</summary>
    public ReadOnlyMemory<byte> WrittenMemory
    {
        get
        {
            FlushKeys();
            return _output.WrittenMemory;
        }
    }

    private void FlushKeys()
    {
        if (_keys.Length == 0)
            return;
        int keystroke = ProtoWriter.LengthDelimitedFieldSize(KeysField, _keys.Length);
        int instruction = ProtoWriter.LengthDelimitedFieldSize(KeystrokeField, keystroke);
        int total = ProtoWriter.LengthDelimitedFieldSize(InstructionField, instruction);
        var w = new ProtoWriter(_output.GetSpan(total));
        w.WriteLengthPrefix(InstructionField, instruction);
        w.WriteLengthPrefix(KeystrokeField, keystroke);
        w.WriteBytesField(KeysField, _keys.WrittenSpan);
        _output.Advance(w.Position);
        _keys.Clear();
    }
}
