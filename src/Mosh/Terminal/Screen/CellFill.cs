using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mosh.Terminal.Screen;

/// <summary>
/// Writes runs of cells as raw words: a <see cref="Cell"/> is 16 bytes, two 64-bit words whose
/// layout <see cref="Cell"/> describes; the code point is the low 21 bits of the first.
/// </summary>
/// <remarks>
/// The words are computed in registers. Building the cell on the stack and then loading it
/// whole (what <see cref="Span{T}.Fill"/> or a vector per cell does) stalls on store
/// forwarding, and with the few cells of a typical line feed or word that stall dominated.
/// </remarks>
internal static class CellFill
{
    /// <summary>Every cell becomes <see cref="Cell.Blank"/> with <paramref name="background"/>.</summary>
    public static void Blank(Span<Cell> cells, Color background)
    {
        if (!BitConverter.IsLittleEndian || !Vector128.IsHardwareAccelerated)
        {
            cells.Fill(Cell.Blank(background));
            return;
        }
        Vector128<ulong> blank = Vector128.Create(0UL, Cell.BlankHighWord(background));
        ref Cell first = ref MemoryMarshal.GetReference(cells);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Two cells per store: wiping a line of text is most of a line feed's cost.
            Vector256<ulong> pair = Vector256.Create(blank, blank);
            for (; i + 2 <= cells.Length; i += 2)
            {
                Unsafe.As<Cell, Vector256<ulong>>(ref Unsafe.Add(ref first, i)) = pair;
            }
        }
        for (; i < cells.Length; i++)
        {
            Unsafe.As<Cell, Vector128<ulong>>(ref Unsafe.Add(ref first, i)) = blank;
        }
    }

    /// <summary>Cell <c>i</c> becomes <paramref name="template"/> (code point 0) with the printable ASCII character <paramref name="text"/>[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ascii(Span<Cell> cells, ReadOnlySpan<byte> text, in Cell template)
    {
        ulong low = template.LowWord;
        ulong high = template.HighWord;
        ref ulong words = ref Unsafe.As<Cell, ulong>(ref MemoryMarshal.GetReference(cells));
        ref byte source = ref MemoryMarshal.GetReference(text);
        int i = 0;
        if (Avx2.IsSupported && cells.Length >= 4)
        {
            i = AsciiAvx2(ref words, ref source, cells.Length, low, high);
        }
        for (; i < cells.Length; i++)
        {
            Unsafe.Add(ref words, 2 * i) = low | Unsafe.Add(ref source, i);
            Unsafe.Add(ref words, 2 * i + 1) = high;
        }
    }

    /// <summary>
    /// <see cref="Ascii"/> four cells at a time (two stores of two cells each instead of eight
    /// word stores): the bytes are widened to words, or-ed into the first word and interleaved
    /// with the second. Returns how many cells were written (a multiple of four).
    /// </summary>
    private static int AsciiAvx2(ref ulong words, ref byte source, int count, ulong low, ulong high)
    {
        Vector256<ulong> lows = Vector256.Create(low);
        Vector256<ulong> highs = Vector256.Create(high);
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            uint four = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, i));
            // [c0 c1 | c2 c3] → [c0 h | c2 h] and [c1 h | c3 h] → [c0 h c1 h] and [c2 h c3 h].
            Vector256<ulong> codes = Avx2.ConvertToVector256Int64(Vector128.CreateScalarUnsafe(four).AsByte()).AsUInt64() | lows;
            Vector256<ulong> even = Avx2.UnpackLow(codes, highs);
            Vector256<ulong> odd = Avx2.UnpackHigh(codes, highs);
            ref ulong destination = ref Unsafe.Add(ref words, 2 * i);
            Unsafe.WriteUnaligned(ref Unsafe.As<ulong, byte>(ref destination), Avx2.Permute2x128(even, odd, 0x20));
            Unsafe.WriteUnaligned(ref Unsafe.As<ulong, byte>(ref Unsafe.Add(ref destination, 4)), Avx2.Permute2x128(even, odd, 0x31));
        }
        return i;
    }
}
