using System.Buffers.Binary;

namespace Mosh.Transport.Compression;

/// <summary>
/// Writes deflate's bit stream (RFC 1951 §3.1.1: least significant bit first) into a span the
/// caller has already checked is large enough for everything it will write.
/// </summary>
internal ref struct DeflateBitWriter
{
    private readonly Span<byte> _destination;
    private ulong _bits;
    private int _count;
    private int _position;

    public DeflateBitWriter(Span<byte> destination) => _destination = destination;

    /// <summary>Bits written so far.</summary>
    public readonly long BitCount => _position * 8L + _count;

    /// <summary>Whether <paramref name="bits"/> more bits (rounded up to the byte) still fit.</summary>
    public readonly bool HasRoomFor(long bits) => (BitCount + bits + 7) >> 3 <= _destination.Length;

    /// <summary>Append the low <paramref name="bitCount"/> (≤ 32) bits of <paramref name="value"/>.</summary>
    public void Write(uint value, int bitCount)
    {
        // Fewer than 32 bits are ever pending, so up to 32 more always fit in the accumulator.
        _bits |= (ulong)value << _count;
        _count += bitCount;
        if (_count >= 32)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_destination[_position..], (uint)_bits);
            _position += 4;
            _bits >>= 32;
            _count -= 32;
        }
    }

    /// <summary>Pad with zero bits to a byte boundary and write out everything pending.</summary>
    public void AlignToByte()
    {
        while (_count > 0)
        {
            _destination[_position++] = (byte)_bits;
            _bits >>= 8;
            _count -= 8;
        }
        _bits = 0;
        _count = 0;
    }

    /// <summary>Append whole bytes; only at a byte boundary (after <see cref="AlignToByte"/>).</summary>
    public void WriteAlignedBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Pad the last byte and return the number of bytes written.</summary>
    public int Finish()
    {
        AlignToByte();
        return _position;
    }
}
