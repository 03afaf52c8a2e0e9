using System.Text;

namespace Mosh.Bench.Terminal;

/// <summary>Deterministic terminal output samples (about 1 MiB each) for the terminal benchmarks.</summary>
public static class ParserInputs
{
    public enum Kind
    {
        /// <summary>Plain text lines, like `cat` of a source file.</summary>
        PlainAscii,
        /// <summary>Colourful `ls --color` output: short names, each wrapped in SGR.</summary>
        LsColors,
        /// <summary>Chinese text: three-byte UTF-8, wide characters.</summary>
        Cjk,
        /// <summary>A full-screen TUI redraw (htop/vim-like): CUP, SGR 256/true colour, box drawing, EL.</summary>
        TuiRedraw,
    }

    public const int Size = 1 << 20;

    public static byte[] Create(Kind kind)
    {
        var rng = new Random(20240601 + (int)kind);
        var sb = new StringBuilder(Size + 4096);
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < Size)
        {
            switch (kind)
            {
                case Kind.PlainAscii: AppendPlainLines(sb, rng); break;
                case Kind.LsColors: AppendLsLines(sb, rng); break;
                case Kind.Cjk: AppendCjkLines(sb, rng); break;
                case Kind.TuiRedraw: AppendTuiScreen(sb, rng); break;
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static readonly string[] s_words =
    [
        "the", "parser", "state", "of", "terminal", "return", "int", "public", "static", "void", "if", "else",
        "for", "while", "value", "buffer", "length", "count", "index", "=", "+", "{", "}", "(", ");", "//",
    ];

    private static void AppendPlainLines(StringBuilder sb, Random rng)
    {
        for (int line = 0; line < 200; line++)
        {
            sb.Append(' ', rng.Next(0, 4) * 4);
            int words = rng.Next(3, 14);
            for (int w = 0; w < words; w++)
                sb.Append(s_words[rng.Next(s_words.Length)]).Append(' ');
            sb.Append("\r\n");
        }
    }

    private static void AppendLsLines(StringBuilder sb, Random rng)
    {
        string[] colours = ["01;34", "01;32", "01;36", "00", "01;31", "01;35", "40;33;01", "30;42"];
        for (int line = 0; line < 100; line++)
        {
            for (int col = 0; col < 5; col++)
            {
                sb.Append("\e[0m\e[").Append(colours[rng.Next(colours.Length)]).Append('m');
                int len = rng.Next(3, 12);
                for (int i = 0; i < len; i++)
                    sb.Append((char)('a' + rng.Next(26)));
                sb.Append("\e[0m").Append(' ', rng.Next(1, 4));
            }
            sb.Append("\r\n");
        }
    }

    private static void AppendCjkLines(StringBuilder sb, Random rng)
    {
        for (int line = 0; line < 100; line++)
        {
            int chars = rng.Next(10, 39);
            for (int i = 0; i < chars; i++)
            {
                sb.Append((char)(0x4E00 + rng.Next(0x5000)));
                if (rng.Next(12) == 0)
                    sb.Append(rng.Next(2) == 0 ? '\uFF0C' : '\u3002');
            }
            sb.Append("\r\n");
        }
    }

    private static void AppendTuiScreen(StringBuilder sb, Random rng)
    {
        const int rows = 50, cols = 160;
        sb.Append("\e[?25l\e[H");
        for (int row = 1; row <= rows; row++)
        {
            sb.Append("\e[").Append(row).Append(";1H");
            if (row == 1 || row == rows)
            {
                sb.Append("\e[38;5;244m").Append(row == 1 ? '┌' : '└').Append('─', cols - 2).Append(row == 1 ? '┐' : '┘');
                continue;
            }
            sb.Append("\e[38;5;244m│\e[0m");
            int x = 1;
            while (x < cols - 12)
            {
                int kind = rng.Next(4);
                if (kind == 0)
                    sb.Append("\e[38;5;").Append(rng.Next(256)).Append('m');
                else if (kind == 1)
                    sb.Append("\e[1;38;2;").Append(rng.Next(256)).Append(';').Append(rng.Next(256)).Append(';').Append(rng.Next(256)).Append('m');
                else if (kind == 2)
                    sb.Append("\e[0;7m");
                int len = rng.Next(2, 10);
                for (int i = 0; i < len; i++)
                    sb.Append((char)('!' + rng.Next(94)));
                x += len;
            }
            sb.Append("\e[0m\e[K\e[").Append(row).Append(';').Append(cols).Append("H\e[38;5;244m│");
        }
        sb.Append("\e[0m\e]2;htop - host\a\e[").Append(rows / 2).Append(";10H\e[?25h");
    }
}
