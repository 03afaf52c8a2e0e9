using System.Buffers.Binary;

namespace Mosh.Transport.Protobuf;

/// <summary>
/// A forward-only protobuf wire-format reader over a span. Every method returns false on
/// malformed input (truncation, over-long varint, bad wire type, unbalanced group) instead of
/// throwing; after a false the reader is stuck at <see cref="Malformed"/>.
/// </summary>
public ref struct ProtoReader
{
    /// <summary>Nesting limit for skipped groups: bounds the work on hostile input.</summary>
    public const int MaxGroupDepth = 32;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private bool _malformed;

    public ProtoReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        _malformed = false;
    }

    public readonly bool End => _position >= _buffer.Length;
    public readonly bool Malformed => _malformed;
    public readonly int Position => _position;

    /// <summary>Read the next field key; false at the end of input or if it is malformed (check <see cref="Malformed"/>).</summary>
    public bool TryReadKey(out int field, out WireType wireType)
    {
        field = 0;
        wireType = 0;
        if (_malformed || End)
            return false;
        if (!TryReadVarint(out ulong key))
            return false;
        ulong number = key >> 3;
        int type = (int)(key & 7);
        if (number == 0 || number > 0x1FFF_FFFF || type > 5)
            return Fail();
        field = (int)number;
        wireType = (WireType)type;
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        if (_malformed)
            return false;
        ReadOnlySpan<byte> b = _buffer;
        int p = _position;
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if ((uint)p >= (uint)b.Length)
                return Fail();
            byte c = b[p++];
            // Bits past 64 in a 10th byte are dropped, as libprotobuf does; an 11th byte is malformed.
            result |= (ulong)(c & 0x7F) << shift;
            if (c < 0x80)
            {
                _position = p;
                value = result;
                return true;
            }
        }
        return Fail();
    }

    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadVarint(out ulong length))
            return false;
        if (length > (ulong)(_buffer.Length - _position))
            return Fail();
        value = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    /// <summary>Skip the value of a field just read with <see cref="TryReadKey"/>.</summary>
    public bool TrySkip(int field, WireType wireType) => TrySkip(field, wireType, 0);

    private bool TrySkip(int field, WireType wireType, int depth)
    {
        switch (wireType)
        {
            case WireType.Varint:
                return TryReadVarint(out _);
            case WireType.Fixed64:
                return TryAdvance(8);
            case WireType.Fixed32:
                return TryAdvance(4);
            case WireType.LengthDelimited:
                return TryReadLengthDelimited(out _);
            case WireType.StartGroup:
                if (depth >= MaxGroupDepth)
                    return Fail();
                while (TryReadKey(out int inner, out WireType innerType))
                {
                    if (innerType == WireType.EndGroup)
                        return inner == field || Fail();
                    if (!TrySkip(inner, innerType, depth + 1))
                        return false;
                }
                return Fail(); // input ended inside the group
            default:
                return Fail(); // an end-group with no start
        }
    }

    public bool TryReadFixed64(out ulong value)
    {
        value = 0;
        if (_malformed || _buffer.Length - _position < 8)
            return Fail();
        value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[_position..]);
        _position += 8;
        return true;
    }

    private bool TryAdvance(int count)
    {
        if (_buffer.Length - _position < count)
            return Fail();
        _position += count;
        return true;
    }

    private bool Fail()
    {
        _malformed = true;
        return false;
    }
}
