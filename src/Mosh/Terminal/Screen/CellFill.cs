using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mosh.Terminal.Screen;

/// <summary>
/// Writes runs of cells as raw words: a <see cref="Cell"/> is 16 bytes, two little-endian 64-bit
/// words (code point | foreground &lt;&lt; 32, background | attributes &lt;&lt; 32 | flags &lt;&lt; 40).
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
        Vector128<ulong> blank = Vector128.Create(0UL, background.Value);
        ref Cell first = ref MemoryMarshal.GetReference(cells);
        for (int i = 0; i < cells.Length; i++)
        {
            Unsafe.As<Cell, Vector128<ulong>>(ref Unsafe.Add(ref first, i)) = blank;
        }
    }

    /// <summary>Cell <c>i</c> becomes the printable ASCII character <paramref name="text"/>[i] with <paramref name="renditions"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ascii(Span<Cell> cells, ReadOnlySpan<byte> text, in Renditions renditions)
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < cells.Length; i++)
            {
                cells[i] = new Cell(text[i], renditions, 0);
            }
            return;
        }
        ulong low = (ulong)renditions.Foreground.Value << 32;
        ulong high = renditions.Background.Value | (ulong)renditions.Attributes << 32;
        ref ulong words = ref Unsafe.As<Cell, ulong>(ref MemoryMarshal.GetReference(cells));
        ref byte source = ref MemoryMarshal.GetReference(text);
        for (int i = 0; i < cells.Length; i++)
        {
            Unsafe.Add(ref words, 2 * i) = low | Unsafe.Add(ref source, i);
            Unsafe.Add(ref words, 2 * i + 1) = high;
        }
    }
}
