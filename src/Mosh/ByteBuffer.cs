using System.Buffers;
using System.Runtime.CompilerServices;

namespace Mosh;

/// <summary>
/// The one growable byte buffer of the library: a state diff, a rendered frame, a serialized or
/// compressed instruction, sealed datagrams, keystrokes waiting for the pty. It only ever grows
/// (to the largest content seen) and is reused after <see cref="Clear()"/>, so steady-state use
/// allocates nothing.
/// <para>
/// Two things beyond an <see cref="IBufferWriter{T}"/>: headroom, so a writer can put a
/// length-prefixed header in front of contents it has already written (a frame is rendered
/// straight into the message that carries it, never copied), and <see cref="Consume"/>, so the
/// buffer doubles as a queue that drains from the front.
/// </para>
/// </summary>
public sealed class ByteBuffer : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _start;
    private int _end;

    public ByteBuffer(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Bytes held.</summary>
    public int Length => _end - _start;

    public int Capacity => _buffer.Length;

    /// <summary>The contents; valid until the next call that writes.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The contents as memory (for an <see cref="Transport.Instruction"/>'s views).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(_start, _end - _start);

    /// <summary>Forgets the contents; keeps the storage.</summary>
    public void Clear() => _start = _end = 0;

    /// <summary>Forgets the contents and leaves <paramref name="headroom"/> bytes free in front for <see cref="Prepend"/>.</summary>
    public void Clear(int headroom)
    {
        if (_buffer.Length < headroom + 16)
        {
            _buffer = new byte[Math.Max(_buffer.Length * 2, headroom + 16)];
        }
        _start = _end = headroom;
    }

    /// <summary>Puts <paramref name="bytes"/> in front of the contents, into the headroom left by <see cref="Clear(int)"/>.</summary>
    public void Prepend(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _start)
        {
            ThrowNoHeadroom();
        }
        _start -= bytes.Length;
        bytes.CopyTo(_buffer.AsSpan(_start));
    }

    /// <summary>Drops the first <paramref name="count"/> bytes (a queue drained from the front).</summary>
    public void Consume(int count)
    {
        if ((uint)count > (uint)Length)
        {
            ThrowConsumedTooMuch();
        }
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte value)
    {
        if (_end == _buffer.Length)
        {
            Grow(1);
        }
        _buffer[_end++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _end)
        {
            Grow(bytes.Length);
        }
        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>Appends <paramref name="count"/> copies of <paramref name="value"/> (nothing for count ≤ 0).</summary>
    public void AppendRepeated(byte value, int count)
    {
        if (count <= 0)
        {
            return;
        }
        if (count > _buffer.Length - _end)
        {
            Grow(count);
        }
        _buffer.AsSpan(_end, count).Fill(value);
        _end += count;
    }

    /// <summary>Appends a non-negative decimal number (negative values are written as 0: escape parameters are never negative).</summary>
    public void AppendDecimal(int value)
    {
        if (value < 10)
        {
            Append((byte)('0' + Math.Max(value, 0)));
            return;
        }
        if (_buffer.Length - _end < 10)
        {
            Grow(10);
        }
        uint v = (uint)value;
        int digits = CountDigits(v);
        Span<byte> dest = _buffer.AsSpan(_end, digits);
        for (int i = digits - 1; i >= 0; i--)
        {
            uint q = v / 10;
            dest[i] = (byte)('0' + (v - q * 10));
            v = q;
        }
        _end += digits;
    }

    /// <summary>Replaces the contents with a copy of <paramref name="other"/>'s.</summary>
    public void CopyFrom(ByteBuffer other)
    {
        Clear();
        Append(other.WrittenSpan);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the window from <see cref="GetSpan"/> or <see cref="GetMemory"/>.</summary>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _end))
        {
            ThrowAdvancedTooFar();
        }
        _end += count;
    }

    /// <summary>A writable window of at least <paramref name="sizeHint"/> bytes (at least one) at the end.</summary>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_end);
    }

    /// <summary>A writable window of at least <paramref name="sizeHint"/> bytes (at least one) at the end.</summary>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureFree(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _end < needed)
        {
            Grow(needed);
        }
    }

    private static int CountDigits(uint v)
    {
        int digits = 1;
        while (v >= 10)
        {
            v /= 10;
            digits++;
        }
        return digits;
    }

    /// <summary>Makes room for <paramref name="needed"/> more bytes: first by moving a drained queue's contents down, else by doubling.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        int length = _end - _start;
        if (_start > 0 && _buffer.Length - length >= needed && _start >= _buffer.Length / 2)
        {
            _buffer.AsSpan(_start, length).CopyTo(_buffer);
            _start = 0;
            _end = length;
            return;
        }
        long target = Math.Max((long)_buffer.Length * 2, (long)_end + needed);
        var bigger = new byte[(int)Math.Min(target, Array.MaxLength)];
        _buffer.AsSpan(0, _end).CopyTo(bigger);
        _buffer = bigger;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowAdvancedTooFar() =>
        throw new InvalidOperationException("Advanced past the end of the buffer.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNoHeadroom() =>
        throw new InvalidOperationException("Not enough headroom to prepend.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowConsumedTooMuch() =>
        throw new InvalidOperationException("Consumed more than the buffer holds.");
}
