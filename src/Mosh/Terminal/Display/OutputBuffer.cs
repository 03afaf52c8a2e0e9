using System.Runtime.CompilerServices;

namespace Mosh.Terminal.Display;

/// <summary>
/// A growable byte buffer for escape sequences, reused frame after frame: it only ever grows
/// (to the largest frame seen), so steady-state rendering allocates nothing. Literals are
/// appended as <c>"\e[?25l"u8</c>, numbers are formatted straight into the buffer.
/// </summary>
public sealed class OutputBuffer
{
    private byte[] _buffer;
    private int _length;

    public OutputBuffer(int initialCapacity = 4096)
    {
        _buffer = new byte[Math.Max(initialCapacity, 64)];
    }

    /// <summary>Bytes written since the last <see cref="Clear"/>.</summary>
    public int Length => _length;

    /// <summary>The bytes written since the last <see cref="Clear"/>; valid until the next append.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte value)
    {
        if (_length >= _buffer.Length)
            Grow(1);
        _buffer[_length++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _length)
            Grow(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends <paramref name="count"/> copies of <paramref name="value"/> (nothing for count ≤ 0).</summary>
    public void AppendRepeated(byte value, int count)
    {
        if (count <= 0)
            return;
        if (count > _buffer.Length - _length)
            Grow(count);
        _buffer.AsSpan(_length, count).Fill(value);
        _length += count;
    }

    /// <summary>Appends a non-negative decimal number (negative values are written as 0: escape parameters are never negative).</summary>
    public void AppendDecimal(int value)
    {
        if (value < 10)
        {
            Append((byte)('0' + Math.Max(value, 0)));
            return;
        }
        if (_buffer.Length - _length < 10)
            Grow(10);
        uint v = (uint)value;
        int digits = CountDigits(v);
        Span<byte> dest = _buffer.AsSpan(_length, digits);
        for (int i = digits - 1; i >= 0; i--)
        {
            uint q = v / 10;
            dest[i] = (byte)('0' + (v - q * 10));
            v = q;
        }
        _length += digits;
    }

    /// <summary>Appends one code point as UTF-8; invalid scalars (surrogates, &gt; U+10FFFF, negative) become U+FFFD.</summary>
    public void AppendCodePoint(int codePoint)
    {
        if (_buffer.Length - _length < 4)
            Grow(4);
        Span<byte> dest = _buffer.AsSpan(_length);
        uint c = (uint)codePoint;
        if (c < 0x80)
        {
            dest[0] = (byte)c;
            _length += 1;
        }
        else if (c < 0x800)
        {
            dest[0] = (byte)(0xC0 | (c >> 6));
            dest[1] = (byte)(0x80 | (c & 0x3F));
            _length += 2;
        }
        else if (c < 0x10000)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
                c = 0xFFFD;
            dest[0] = (byte)(0xE0 | (c >> 12));
            dest[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
            dest[2] = (byte)(0x80 | (c & 0x3F));
            _length += 3;
        }
        else if (c <= 0x10FFFF)
        {
            dest[0] = (byte)(0xF0 | (c >> 18));
            dest[1] = (byte)(0x80 | ((c >> 12) & 0x3F));
            dest[2] = (byte)(0x80 | ((c >> 6) & 0x3F));
            dest[3] = (byte)(0x80 | (c & 0x3F));
            _length += 4;
        }
        else
        {
            "\uFFFD"u8.CopyTo(dest);
            _length += 3;
        }
    }

    /// <summary>A writable window of at least <paramref name="sizeHint"/> bytes at the end; commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        if (sizeHint > _buffer.Length - _length)
            Grow(sizeHint);
        return _buffer.AsSpan(_length);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the window from <see cref="GetSpan"/>.</summary>
    public void Advance(int count) => _length += count;

    /// <summary><c>ESC [ n final</c>.</summary>
    public void AppendCsi(int n, byte final)
    {
        Append("\e["u8);
        AppendDecimal(n);
        Append(final);
    }

    /// <summary><c>ESC [ a ; b final</c>.</summary>
    public void AppendCsi(int a, int b, byte final)
    {
        Append("\e["u8);
        AppendDecimal(a);
        Append((byte)';');
        AppendDecimal(b);
        Append(final);
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        long wanted = Math.Max((long)_buffer.Length * 2, (long)_length + needed);
        if (wanted > Array.MaxLength)
            wanted = Array.MaxLength;
        Array.Resize(ref _buffer, (int)wanted);
    }
}
