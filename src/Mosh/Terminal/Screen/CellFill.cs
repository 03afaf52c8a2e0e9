using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        for (int i = 0; i < cells.Length; i++)
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
        for (int i = 0; i < cells.Length; i++)
        {
            Unsafe.Add(ref words, 2 * i) = low | Unsafe.Add(ref source, i);
            Unsafe.Add(ref words, 2 * i + 1) = high;
        }
    }
}
