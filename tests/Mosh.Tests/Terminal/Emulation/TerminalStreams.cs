using System.Text;

namespace Mosh.Tests.Terminal.Emulation;

/// <summary>Deterministic synthetic terminal output (shared shape with the benchmarks).</summary>
internal static class TerminalStreams
{
    /// <summary>
    /// Mixed output: ASCII, SGR colours and the extended forms, CJK, combining marks, cursor
    /// motion, scrolling, titles, line drawing, REP, hyperlinks (a few, repeated), screen switches.
    /// </summary>
    public static byte[] Mixed(int approximateBytes)
    {
        var sb = new StringBuilder(approximateBytes + 256);
        var rng = new Random(12345);
        int i = 0;
        while (sb.Length < approximateBytes)
        {
            switch (i++ % 13)
            {
                case 0:
                    sb.Append("drwxr-xr-x  2 user user  4096 Nov 25 12:00 \e[01;34mdirectory").Append(i).Append("\e[0m\r\n");
                    break;
                case 1:
                    sb.Append("\e[38;5;").Append(rng.Next(256)).Append('m').Append("colour text ").Append("\e[48;2;10;20;30mtrue\e[m\r\n");
                    break;
                case 2:
                    sb.Append("中文字符测试，宽字符。日本語のテキスト\r\n");
                    break;
                case 3:
                    sb.Append("\e[").Append(rng.Next(1, 25)).Append(';').Append(rng.Next(1, 81)).Append("Hmoved\e[K");
                    break;
                case 4:
                    sb.Append("e\u0301a\u0308 combining\r\n");
                    break;
                case 5:
                    sb.Append("\e[2;20r\e[20;1H\n\n\e[r\e[3L\e[2M\e[4@\e[2P\e[5X");
                    break;
                case 6:
                    sb.Append("\e]0;title ").Append(i % 10).Append('\a');
                    break;
                case 8:
                    sb.Append("\e[2;9;53mfaint\e[4:3;58:2::255:0:0mcurly\e[38:5:").Append(rng.Next(256)).Append("mcolon\e[0m\r\n");
                    break;
                case 9:
                    sb.Append("\e(0lqqqqk\e(B box \e)0\u000exqx\u000f\r\n");
                    break;
                case 10:
                    sb.Append("=\e[").Append(rng.Next(1, 300)).Append("b\r\n");
                    break;
                case 11:
                    sb.Append("\e]8;id=").Append(i % 5).Append(";https://example.com/").Append(i % 5).Append("\e\\link\e]8;;\e\\\r\n");
                    break;
                case 12:
                    sb.Append("\e[?1049h\e[Halternate\e[?1049l");
                    break;
                default:
                    sb.Append("plain ASCII line with some words in it, long enough to wrap around the edge of the screen once\r\n");
                    break;
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
