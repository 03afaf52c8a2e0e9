using System.IO.Hashing;
using Mosh.Terminal.Screen;

namespace Mosh.Overlays.Prediction;

/// <summary>
/// What a cell shows, reduced to what upstream's "contents match" compares: all blank cells
/// (empty, space, no-break space) are alike; otherwise the base code point and the combining
/// marks (kept as a 32-bit hash so the value stays 8 bytes) must agree. Renditions are ignored.
/// </summary>
internal readonly record struct CellContents(int CodePoint, uint MarksHash)
{
    private const int BlankCodePoint = -1;

    public static CellContents Blank => new(BlankCodePoint, 0);

    public bool IsBlank => CodePoint == BlankCodePoint;

    public static CellContents Of(in Cell cell, ReadOnlySpan<byte> marks) =>
        cell.IsBlank ? Blank : new CellContents(cell.CodePoint, cell.HasCombiningMarks ? XxHash32.HashToUInt32(marks) : 0);

    public static CellContents Of(Row row, int column) => Of(row[column], row.GetCombiningMarks(column));
}
