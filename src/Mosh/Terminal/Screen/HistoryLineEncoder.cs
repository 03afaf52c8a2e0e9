using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mosh.Terminal.Screen;

/// <summary>
/// Turns a row into the compact form of a <see cref="HistoryLine"/>, in a scratch buffer kept
/// for reuse. Every line that leaves the screen goes through here (a flood pushes hundreds of
/// thousands a second), so printable ASCII with unchanged renditions, most of any output, costs
/// one comparison and one byte store a cell.
/// </summary>
internal sealed class HistoryLineEncoder
{
    private const int MaxBytesPerCell = 2 + Row.MaxContentsBytes + HistoryLine.MaxMarkBytes;

    private byte[] _buffer = new byte[256 * MaxBytesPerCell];

    /// <summary>Bytes of the last line encoded.</summary>
    public int Length { get; private set; }

    /// <summary>The last line encoded.</summary>
    public ReadOnlySpan<byte> Encoded => _buffer.AsSpan(0, Length);

    /// <summary>Encodes <paramref name="row"/>'s first <paramref name="maxColumns"/> columns, up to its last cell that shows anything.</summary>
    public void Encode(Row row, int maxColumns = int.MaxValue)
    {
        ReadOnlySpan<Cell> cells = row.Cells;
        int end = VisibleWidth(cells[..row.WrittenWidth]);
        if (end > maxColumns)
        {
            // Cut: a wide character that would not fit goes with the rest.
            end = maxColumns;
            if (end > 0 && cells[end - 1].IsWide)
                end--;
        }
        if (_buffer.Length < end * MaxBytesPerCell)
            _buffer = new byte[end * MaxBytesPerCell];
        byte[] buffer = _buffer;
        ref Cell first = ref MemoryMarshal.GetReference(cells);
        ref byte output = ref MemoryMarshal.GetArrayDataReference(buffer);
        int length = 0;
        // The renditions written last as they sit in a cell's low word (code point and flags 0)
        // and in its high word (no hyperlink).
        ulong low = 0, high = 0;
        int x = 0;
        while (x < end)
        {
            // Most cells: characters with the renditions written last.
            x = CopyPlainRun(ref first, x, end, low, high, ref Unsafe.Add(ref output, length), out int written);
            length += written;
            if (x >= end)
                break;
            ref Cell cell = ref Unsafe.Add(ref first, x);
            ulong renditionsLow = cell.LowWord & Renditions.LowMask;
            ulong renditionsHigh = cell.HighWord & Renditions.HighMask;
            if (renditionsLow != low || renditionsHigh != high)
            {
                low = renditionsLow;
                high = renditionsHigh;
                length += HistoryLine.WriteMark(buffer.AsSpan(length), renditionsLow, renditionsHigh);
                continue;
            }
            // Combining marks, or one drawn alone (after a no-break space).
            if (cell.IsFallback)
            {
                buffer[length++] = 0xC2;
                buffer[length++] = 0xA0;
            }
            length += row.GetContentsUtf8(x, buffer.AsSpan(length));
            x += cell.Width;
        }
        Length = length;
    }

    /// <summary>
    /// Copies cells <paramref name="x"/>.. while they hold characters without combining marks
    /// with the renditions <paramref name="low"/>/<paramref name="high"/>, as UTF-8 (an empty
    /// cell as a space); returns where it stopped, and the bytes written in
    /// <paramref name="written"/>. A method of its own, without calls, so that its few
    /// variables stay in registers; printable ASCII, most of any output, comes first.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CopyPlainRun(ref Cell first, int x, int end, ulong low, ulong high, ref byte output, out int written)
    {
        int length = 0;
        while (x < end)
        {
            ref Cell cell = ref Unsafe.Add(ref first, x);
            if (((cell.HighWord ^ high) & Renditions.HighMask) != 0)
                break;
            // One subtraction tells a plain cell with these renditions, and its code point:
            // the difference is the code point exactly when the bits above it (the renditions
            // and the flags) are the same.
            ulong codePoint = cell.LowWord - low;
            if (codePoint - 0x20 < 0x5F)
            {
                Unsafe.Add(ref output, length++) = (byte)codePoint;
                x++;
                continue;
            }
            int width = 1;
            if (codePoint > Cell.CodePointMask)
            {
                // Wide, or other flags, or other renditions (then stop).
                codePoint -= WideFlag;
                if (codePoint > Cell.CodePointMask)
                    break;
                width = 2;
            }
            length += codePoint == 0 ? Space(ref Unsafe.Add(ref output, length)) : Utf8(ref Unsafe.Add(ref output, length), (uint)codePoint);
            x += width;
        }
        written = length;
        return x;
    }

    // Cell's low word: flags from bit 60, "wide" first.
    private const ulong WideFlag = 1UL << 60;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Space(ref byte destination)
    {
        destination = (byte)' ';
        return 1;
    }

    /// <summary>A code point beyond ASCII as UTF-8 (2 to 4 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Utf8(ref byte destination, uint c)
    {
        if (c < 0x80)
        {
            destination = (byte)c;
            return 1;
        }
        if (c < 0x800)
        {
            Unsafe.WriteUnaligned(ref destination, (ushort)((0xC0 | (c >> 6)) | ((0x80 | (c & 0x3F)) << 8)));
            return 2;
        }
        if (c < 0x10000)
        {
            Unsafe.WriteUnaligned(ref destination, (0xE0 | (c >> 12)) | ((0x80 | ((c >> 6) & 0x3F)) << 8) | ((0x80 | (c & 0x3F)) << 16));
            return 3;
        }
        Unsafe.WriteUnaligned(ref destination, (0xF0 | (c >> 18)) | ((0x80 | ((c >> 12) & 0x3F)) << 8) | ((0x80 | ((c >> 6) & 0x3F)) << 16) | ((0x80 | (c & 0x3F)) << 24));
        return 4;
    }

    /// <summary>Columns up to and including the last cell that is not an empty cell with default renditions.</summary>
    internal static int VisibleWidth(ReadOnlySpan<Cell> cells)
    {
        for (int x = cells.Length - 1; x >= 0; x--)
        {
            if (!cells[x].IsEmpty || cells[x].Renditions != default)
                return x + 1;
        }
        return 0;
    }
}
