using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        int end = Columns(row, maxColumns);
        if (_buffer.Length < MaxBytes(end))
            _buffer = new byte[MaxBytes(end)];
        Length = EncodeColumns(row, end, _buffer);
    }

    /// <summary>
    /// The columns <see cref="Encode"/> writes of <paramref name="row"/>: up to its last cell
    /// that shows anything, cut at <paramref name="maxColumns"/>.
    /// </summary>
    public static int Columns(Row row, int maxColumns = int.MaxValue)
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
        return end;
    }

    /// <summary>The most bytes the encoding of <paramref name="columns"/> columns can take.</summary>
    public static int MaxBytes(int columns) => columns * MaxBytesPerCell;

    /// <summary>
    /// Encodes <paramref name="row"/>'s first <paramref name="end"/> columns (from
    /// <see cref="Columns"/>) into <paramref name="destination"/>, which holds at least
    /// <see cref="MaxBytes"/> of them; returns the bytes written.
    /// </summary>
    public static int EncodeColumns(Row row, int end, Span<byte> destination)
    {
        if (destination.Length < MaxBytes(end))
            throw new ArgumentException("smaller than the line can take", nameof(destination));
        ref Cell first = ref MemoryMarshal.GetReference(row.Cells);
        ref byte output = ref MemoryMarshal.GetReference(destination);
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
                length += HistoryLine.WriteMark(destination[length..], renditionsLow, renditionsHigh);
                continue;
            }
            // Combining marks, or one drawn alone (after a no-break space).
            if (cell.IsFallback)
            {
                destination[length++] = 0xC2;
                destination[length++] = 0xA0;
            }
            length += row.GetContentsUtf8(x, destination[length..]);
            x += cell.Width;
        }
        return length;
    }

    /// <summary>
    /// Copies cells <paramref name="x"/>.. while they hold characters without combining marks
    /// with the renditions <paramref name="low"/>/<paramref name="high"/>, as UTF-8 (an empty
    /// cell as a space); returns where it stopped, and the bytes written in
    /// <paramref name="written"/>. A method of its own, without calls, so that its few
    /// variables stay in registers; printable ASCII, most of any output, comes first, eight
    /// cells at a time where the vector unit allows.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CopyPlainRun(ref Cell first, int x, int end, ulong low, ulong high, ref byte output, out int written)
    {
        int length = 0;
        // Cells before this go one at a time: eight of them just failed the vector test.
        int scalarUntil = x;
        Vector128<ulong> key = Vector128.Create(low, high);
        while (x < end)
        {
            if (Vector128.IsHardwareAccelerated && x >= scalarUntil && end - x >= EightCells)
            {
                // The eighth cell first, alone: where text changes script or colour often, most
                // groups of eight fail, and this tells most of them for the price of one cell.
                ref Cell eighth = ref Unsafe.Add(ref first, x + EightCells - 1);
                if (((eighth.HighWord ^ high) & Renditions.HighMask) == 0 && eighth.LowWord - low - 0x20 < 0x5F
                    && TryCopyEightAscii(ref Unsafe.Add(ref first, x), key, ref Unsafe.Add(ref output, length)))
                {
                    x += EightCells;
                    length += EightCells;
                    continue;
                }
                scalarUntil = x + EightCells;
            }
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

    private const int EightCells = 8;

    /// <summary>
    /// Eight cells that each hold printable ASCII or nothing (a space), with the renditions in
    /// <paramref name="key"/> and no flags, written as eight bytes; false, writing nothing that
    /// counts, if any does not. The cells' first bytes are gathered by narrowing, which every
    /// vector unit does (no shuffles of one instruction set).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryCopyEightAscii(ref Cell cells, Vector128<ulong> key, ref byte output)
    {
        ref Vector128<ulong> v = ref Unsafe.As<Cell, Vector128<ulong>>(ref cells);
        Vector128<ulong> v0 = v, v1 = Unsafe.Add(ref v, 1), v2 = Unsafe.Add(ref v, 2), v3 = Unsafe.Add(ref v, 3);
        Vector128<ulong> v4 = Unsafe.Add(ref v, 4), v5 = Unsafe.Add(ref v, 5), v6 = Unsafe.Add(ref v, 6), v7 = Unsafe.Add(ref v, 7);
        // Every bit but the code point's low seven must be the key's: the renditions, no flags,
        // a code point below 0x80.
        Vector128<ulong> care = Vector128.Create(~0x7FUL, Renditions.HighMask);
        Vector128<ulong> differs = (((v0 ^ key) | (v1 ^ key)) | ((v2 ^ key) | (v3 ^ key)))
            | (((v4 ^ key) | (v5 ^ key)) | ((v6 ^ key) | (v7 ^ key)));
        if ((differs & care) != Vector128<ulong>.Zero)
            return false;
        Vector128<ushort> low4 = Vector128.Narrow(Vector128.Narrow(v0, v1), Vector128.Narrow(v2, v3));
        Vector128<ushort> high4 = Vector128.Narrow(Vector128.Narrow(v4, v5), Vector128.Narrow(v6, v7));
        Vector128<byte> pairs = Vector128.Narrow(low4, high4);
        Vector128<byte> bytes = Vector128.Narrow(pairs.AsUInt16(), pairs.AsUInt16());
        // An empty cell (0) is a space; anything else below a space, or DEL, goes the slow way.
        bytes |= Vector128.Equals(bytes, Vector128<byte>.Zero) & Vector128.Create((byte)' ');
        Vector128<byte> outside = Vector128.GreaterThan(bytes - Vector128.Create((byte)0x20), Vector128.Create((byte)0x5E));
        if (outside.AsUInt64().ToScalar() != 0)
            return false;
        Unsafe.WriteUnaligned(ref output, bytes.AsUInt64().ToScalar());
        return true;
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
