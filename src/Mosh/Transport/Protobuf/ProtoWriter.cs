using System.Numerics;

namespace Mosh.Transport.Protobuf;

/// <summary>
/// Writes protobuf wire format into a caller's span that is already large enough (callers size
/// it with the <c>*Size</c> helpers first, so writing never checks or grows).
/// </summary>
public ref struct ProtoWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public ProtoWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public static int VarintSize(ulong value) => (BitOperations.Log2(value | 1) / 7) + 1;

    public static int KeySize(int field) => VarintSize((ulong)field << 3);

    /// <summary>Size of a whole varint field (key + value).</summary>
    public static int VarintFieldSize(int field, ulong value) => KeySize(field) + VarintSize(value);

    /// <summary>Size of a whole length-delimited field (key + length + payload).</summary>
    public static int LengthDelimitedFieldSize(int field, int length) => KeySize(field) + VarintSize((ulong)length) + length;

    public void WriteVarint(ulong value)
    {
        Span<byte> b = _buffer;
        int p = _position;
        while (value >= 0x80)
        {
            b[p++] = (byte)(value | 0x80);
            value >>= 7;
        }
        b[p++] = (byte)value;
        _position = p;
    }

    public void WriteKey(int field, WireType wireType) => WriteVarint(((ulong)field << 3) | (ulong)wireType);

    public void WriteVarintField(int field, ulong value)
    {
        WriteKey(field, WireType.Varint);
        WriteVarint(value);
    }

    /// <summary>int32 fields are sign-extended to 64 bits on the wire (negative = 10 bytes).</summary>
    public void WriteInt32Field(int field, int value) => WriteVarintField(field, (ulong)(long)value);

    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        WriteLengthPrefix(field, value.Length);
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    /// <summary>Key and length of a nested message whose body the caller writes next.</summary>
    public void WriteLengthPrefix(int field, int length)
    {
        WriteKey(field, WireType.LengthDelimited);
        WriteVarint((ulong)length);
    }
}
