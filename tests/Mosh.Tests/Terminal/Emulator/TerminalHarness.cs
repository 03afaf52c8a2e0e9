using System.Text;
using Mosh.Terminal;
using Mosh.Terminal.Parser;

namespace Mosh.Tests.Terminal.Emulator;

/// <summary>A framebuffer + emulator fed from test strings, with readable views of the screen.</summary>
internal sealed class TerminalHarness
{
    public readonly Framebuffer Fb;
    public readonly ReplyBuffer Replies = new();
    private Mosh.Terminal.Emulator _emulator;

    public TerminalHarness(int width = 80, int height = 24)
    {
        Fb = new Framebuffer(width, height);
        _emulator = new Mosh.Terminal.Emulator(Fb, Replies);
    }

    public Mosh.Terminal.Emulator Emulator => _emulator;

    public TerminalHarness Feed(string s)
    {
        MiniParser.Feed(ref _emulator, Encoding.UTF8.GetBytes(s));
        return this;
    }

    public void Resize(int w, int h) => _emulator.Resize(w, h);

    public (int Row, int Col) Cursor => (Fb.CursorRow, Fb.CursorColumn);

    /// <summary>Row text, empty cells as ' ', trailing blanks trimmed; wide cells once.</summary>
    public string Line(int y)
    {
        Row row = Fb.GetRow(y);
        var sb = new StringBuilder();
        Span<byte> buf = stackalloc byte[Row.MaxContentsBytes];
        for (int x = 0; x < row.Width; x++)
        {
            Cell c = row.Cells[x];
            if (c.IsEmpty)
            {
                sb.Append(' ');
                continue;
            }
            int n = row.GetContentsUtf8(x, buf);
            sb.Append(Encoding.UTF8.GetString(buf[..n]));
        }
        return sb.ToString().TrimEnd(' ');
    }

    public Cell CellAt(int y, int x) => Fb.GetRow(y).Cells[x];

    public string Reply => Encoding.ASCII.GetString(Replies.Pending);
}

/// <summary>
/// A small VT parser good enough to drive the emulator from test strings (CSI with marker,
/// params and intermediates; ESC; OSC ended by BEL or ESC \; UTF-8 text).
/// </summary>
internal static class MiniParser
{
    public static void Feed<T>(ref T p, ReadOnlySpan<byte> input) where T : struct, IPerformer
    {
        int i = 0;
        while (i < input.Length)
        {
            byte b = input[i];
            if (b == 0x1B && i + 1 < input.Length)
            {
                byte next = input[i + 1];
                if (next == (byte)'[')
                {
                    i = Csi(ref p, input, i + 2);
                    continue;
                }
                if (next == (byte)']')
                {
                    int start = i + 2;
                    int end = start;
                    while (end < input.Length && input[end] != 0x07 && input[end] != 0x1B)
                    {
                        end++;
                    }
                    p.OscDispatch(input[start..end]);
                    i = end < input.Length && input[end] == 0x07 ? end + 1 : end;
                    continue;
                }
                int j = i + 1;
                while (j < input.Length && input[j] is >= 0x20 and <= 0x2F)
                {
                    j++;
                }
                ReadOnlySpan<byte> inter = input[(i + 1)..j];
                byte final = input[j];
                if (inter.IsEmpty && final is >= 0x40 and <= 0x5F)
                {
                    p.Execute(final + 0x40);
                }
                else
                {
                    p.EscDispatch(inter, final);
                }
                i = j + 1;
                continue;
            }
            if (b < 0x20)
            {
                p.Execute(b);
                i++;
                continue;
            }
            if (b < 0x7F)
            {
                int j = i;
                while (j < input.Length && input[j] is >= 0x20 and < 0x7F)
                {
                    j++;
                }
                p.PrintAscii(input[i..j]);
                i = j;
                continue;
            }
            System.Text.Rune.DecodeFromUtf8(input[i..], out System.Text.Rune r, out int consumed);
            if (r.Value is >= 0x80 and <= 0x9F)
            {
                p.Execute(r.Value);
            }
            else
            {
                p.Print(r.Value);
            }
            i += consumed;
        }
    }

    private static int Csi<T>(ref T p, ReadOnlySpan<byte> input, int i) where T : struct, IPerformer
    {
        byte marker = 0;
        if (i < input.Length && input[i] is (byte)'<' or (byte)'=' or (byte)'>' or (byte)'?')
        {
            marker = input[i++];
        }
        var prm = new CsiParams();
        int value = -1;
        bool any = false;
        while (i < input.Length && input[i] is (>= (byte)'0' and <= (byte)'9') or (byte)';')
        {
            any = true;
            if (input[i] == (byte)';')
            {
                prm.Add(value);
                value = -1;
            }
            else
            {
                value = (value < 0 ? 0 : value) * 10 + (input[i] - '0');
                if (value > 65535)
                {
                    value = 65536;
                }
            }
            i++;
        }
        if (any)
        {
            prm.Add(value > 65535 ? -1 : value);
        }
        int interStart = i;
        while (i < input.Length && input[i] is >= 0x20 and <= 0x2F)
        {
            i++;
        }
        ReadOnlySpan<byte> inter = input[interStart..i];
        byte final = input[i];
        p.CsiDispatch(prm, marker, inter, final);
        return i + 1;
    }
}
