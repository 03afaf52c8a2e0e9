using Mosh.Transport.Protobuf;

namespace Mosh.StateSync;

/// <summary>
/// Builds a ClientBuffers.UserMessage (the client's diff, spec §5.1) into a reusable buffer.
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

    private byte[] _output = new byte[256];
    private int _length;
    private byte[] _keys = new byte[256];
    private int _keysLength;

    /// <summary>Start a new, empty message.</summary>
    public void Reset()
    {
        _length = 0;
        _keysLength = 0;
    }

    /// <summary>Append input bytes (merged with any keys appended just before).</summary>
    public void AddKeys(ReadOnlySpan<byte> keys)
    {
        Grow(ref _keys, _keysLength + keys.Length, _keysLength);
        keys.CopyTo(_keys.AsSpan(_keysLength));
        _keysLength += keys.Length;
    }

    /// <summary>Append a window-size change.</summary>
    public void AddResize(int width, int height)
    {
        FlushKeys();
        int body = ProtoWriter.VarintSize((ulong)(long)width) + ProtoWriter.VarintSize((ulong)(long)height) + 2;
        int instruction = ProtoWriter.LengthDelimitedFieldSize(ResizeField, body);
        int total = ProtoWriter.LengthDelimitedFieldSize(InstructionField, instruction);
        Grow(ref _output, _length + total, _length);
        var w = new ProtoWriter(_output.AsSpan(_length));
        w.WriteLengthPrefix(InstructionField, instruction);
        w.WriteLengthPrefix(ResizeField, body);
        w.WriteInt32Field(WidthField, width);
        w.WriteInt32Field(HeightField, height);
        _length += w.Position;
    }

    /// <summary>The encoded message; valid until the next Reset/Add.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            FlushKeys();
            return _output.AsSpan(0, _length);
        }
    }

    /// <summary>The encoded message as memory (for <see cref="Instruction.Diff"/>); valid until the next Reset/Add.</summary>
    public ReadOnlyMemory<byte> WrittenMemory
    {
        get
        {
            FlushKeys();
            return _output.AsMemory(0, _length);
        }
    }

    private void FlushKeys()
    {
        if (_keysLength == 0)
            return;
        int keystroke = ProtoWriter.LengthDelimitedFieldSize(KeysField, _keysLength);
        int instruction = ProtoWriter.LengthDelimitedFieldSize(KeystrokeField, keystroke);
        int total = ProtoWriter.LengthDelimitedFieldSize(InstructionField, instruction);
        Grow(ref _output, _length + total, _length);
        var w = new ProtoWriter(_output.AsSpan(_length));
        w.WriteLengthPrefix(InstructionField, instruction);
        w.WriteLengthPrefix(KeystrokeField, keystroke);
        w.WriteBytesField(KeysField, _keys.AsSpan(0, _keysLength));
        _length += w.Position;
        _keysLength = 0;
    }

    internal static void Grow(ref byte[] buffer, int needed, int keep)
    {
        if (needed <= buffer.Length)
            return;
        var bigger = new byte[Math.Max(needed, buffer.Length * 2)];
        buffer.AsSpan(0, keep).CopyTo(bigger);
        buffer = bigger;
    }
}
