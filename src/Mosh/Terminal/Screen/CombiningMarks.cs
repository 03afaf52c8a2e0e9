using System.Runtime.CompilerServices;

namespace Mosh.Terminal.Screen;

/// <summary>
/// The UTF-8 bytes of the combining marks that follow one cell's base code point. Upstream caps
/// a cell's contents by refusing to append once they reach 32 bytes, so base + marks can reach
/// 31 + 4 = 35 bytes; the buffer holds the marks part of that.
/// </summary>
internal struct CombiningMarks
{
    public const int Capacity = 35;

    [InlineArray(Capacity)]
    public struct Buffer
    {
        private byte _element0;
    }

    public Buffer Bytes;
    public byte Length;

    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    public readonly ReadOnlySpan<byte> AsSpan() => ((ReadOnlySpan<byte>)Bytes)[..Length];
}
