using System.Text;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation;

/// <summary>A terminal (parser + emulator + framebuffer) fed from test strings, with readable views of the screen.</summary>
internal sealed class TerminalHarness
{
    public readonly VirtualTerminal Terminal;

    public TerminalHarness(int width = 80, int height = 24) => Terminal = new VirtualTerminal(width, height);

    public Framebuffer Fb => Terminal.Framebuffer;

    public ReplyBuffer Replies => Terminal.Replies;

    public TerminalHarness Feed(string s)
    {
        Terminal.Write(Encoding.UTF8.GetBytes(s));
        return this;
    }

    public void Resize(int w, int h) => Terminal.Resize(w, h);

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
