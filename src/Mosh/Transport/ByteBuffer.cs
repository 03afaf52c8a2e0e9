using System.Buffers;
using System.Runtime.CompilerServices;

namespace Mosh.Transport;

/// <summary>
/// A reusable, growable byte buffer: the output of a state diff, a serialized instruction, a
/// packet under construction. It grows (doubling) while a session warms up and is then reused
/// by <see cref="Clear"/>, so steady-state use allocates nothing. Exposed as memory so an
/// <see cref="Instruction"/> can carry a view of it.
/// </summary>
public sealed class ByteBuffer : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _length;

    public ByteBuffer(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    public int Length => _length;

    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>Forgets the contents; keeps the storage.</summary>
    public void Clear() => _length = 0;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }
        _buffer[_length++] = value;
    }

    /// <summary>Replaces the contents with a copy of <paramref name="other"/>'s.</summary>
    public void CopyFrom(ByteBuffer other)
    {
        _length = 0;
        Write(other.WrittenSpan);
    }

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _length))
        {
            ThrowAdvancedTooFar();
        }
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureFree(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _length < needed)
        {
            Grow(needed);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        long target = Math.Max((long)_buffer.Length * 2, (long)_length + needed);
        var bigger = new byte[(int)Math.Min(target, Array.MaxLength)];
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        _buffer = bigger;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowAdvancedTooFar() =>
        throw new InvalidOperationException("Advanced past the end of the buffer.");
}
