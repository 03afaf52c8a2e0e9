using Mosh.Terminal.Screen;
using Mosh.Terminal.Unicode;

namespace Mosh.Terminal.Display;

/// <summary>
/// One row as a terminal line of its own (protocol §14.3): its characters from the first column
/// with the SGR changes between them, up to the last cell that shows anything, then back to
/// default renditions. No control characters and no cursor movement, so the bytes can be
/// printed at the start of any line. Hyperlinks are left out: a line of history is text.
/// </summary>
public static class RowTextWriter
{
    /// <summary>Appends <paramref name="row"/>'s cells, at most <paramref name="maxColumns"/> columns of them.</summary>
    public static void Write(Row row, in DisplayCapabilities capabilities, ByteBuffer output, int maxColumns = int.MaxValue)
    {
        ReadOnlySpan<Cell> cells = row.Cells;
        int end = Math.Min(HistoryLineEncoder.VisibleWidth(cells), maxColumns);
        Renditions current = default;
        int x = 0;
        while (x < end)
        {
            ref readonly Cell cell = ref cells[x];
            // A wide character that would not fit is cut with the rest.
            if (cell.IsWide && x + 1 >= maxColumns)
                break;
            Renditions r = cell.Renditions;
            if (r != current)
            {
                SgrWriter.Write(output, r, capabilities);
                current = r;
            }
            if (cell.IsEmpty)
            {
                output.Append((byte)' ');
                x++;
                continue;
            }
            if (cell.IsFallback)
                output.Append("\u00A0"u8);
            Span<byte> destination = output.GetSpan(Row.MaxContentsBytes);
            output.Advance(cell.HasCombiningMarks ? row.GetContentsUtf8(x, destination) : Utf8Encoder.Encode(cell.CodePoint, destination));
            x += cell.Width;
        }
        if (current != default)
            output.Append("\e[0m"u8);
    }

    /// <summary>Appends a kept line of history: the same bytes as its row gave when it left the screen.</summary>
    public static void Write(in HistoryLine line, in DisplayCapabilities capabilities, ByteBuffer output)
    {
        ReadOnlySpan<byte> rest = line.Encoded;
        Renditions current = default;
        while (true)
        {
            bool marked = HistoryLine.NextRun(ref rest, out ReadOnlySpan<byte> text, out Renditions renditions);
            output.Append(text);
            if (!marked)
                break;
            SgrWriter.Write(output, renditions, capabilities);
            current = renditions;
        }
        if (current != default)
            output.Append("\e[0m"u8);
    }
}
