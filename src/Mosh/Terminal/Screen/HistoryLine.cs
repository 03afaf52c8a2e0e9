using System.Buffers.Binary;

namespace Mosh.Terminal.Screen;

/// <summary>
/// A kept line of history in its compact form (protocol §14.3): the row's text as UTF-8, from
/// the first column to the last cell that shows anything (an empty cell as a space), with a
/// rendition mark wherever the renditions change. No cells and no widths: 16-byte cells shrink to
/// about a byte a column, and the line is turned into host bytes only if it is sent.
/// </summary>
/// <remarks>
/// A mark is a byte UTF-8 never uses, <c>0xF8 | 1 (low word follows) | 2 (high word follows)</c>,
/// then those words of <see cref="Renditions"/>, 8 bytes each, little-endian; a word left out is
/// 0, so <c>0xF8</c> alone is back to the default renditions.
/// </remarks>
public readonly ref struct HistoryLine
{
    internal const byte Mark = 0xF8;
    internal const byte LowFollows = 1;
    internal const byte HighFollows = 2;

    /// <summary>The most bytes a mark takes.</summary>
    internal const int MaxMarkBytes = 17;

    internal HistoryLine(ReadOnlySpan<byte> encoded) => Encoded = encoded;

    /// <summary>Text and rendition marks (see the remarks).</summary>
    public ReadOnlySpan<byte> Encoded { get; }

    /// <summary>
    /// Splits off the text before the next mark and reads the mark; false when
    /// <paramref name="rest"/> holds only text (then all of it is <paramref name="text"/>).
    /// </summary>
    public static bool NextRun(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> text, out Renditions renditions)
    {
        int mark = rest.IndexOfAnyInRange(Mark, (byte)0xFF);
        if (mark < 0)
        {
            text = rest;
            rest = default;
            renditions = default;
            return false;
        }
        text = rest[..mark];
        byte kind = rest[mark];
        int position = mark + 1;
        ulong low = 0, high = 0;
        if ((kind & LowFollows) != 0)
        {
            low = BinaryPrimitives.ReadUInt64LittleEndian(rest[position..]);
            position += 8;
        }
        if ((kind & HighFollows) != 0)
        {
            high = BinaryPrimitives.ReadUInt64LittleEndian(rest[position..]);
            position += 8;
        }
        renditions = new Renditions(low, high);
        rest = rest[position..];
        return true;
    }

    /// <summary>Writes the mark for <paramref name="renditions"/> at <paramref name="destination"/>; returns its length.</summary>
    internal static int WriteMark(Span<byte> destination, ulong low, ulong high)
    {
        int position = 1;
        byte kind = Mark;
        if (low != 0)
        {
            kind |= LowFollows;
            BinaryPrimitives.WriteUInt64LittleEndian(destination[position..], low);
            position += 8;
        }
        if (high != 0)
        {
            kind |= HighFollows;
            BinaryPrimitives.WriteUInt64LittleEndian(destination[position..], high);
            position += 8;
        }
        destination[0] = kind;
        return position;
    }
}
