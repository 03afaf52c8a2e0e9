using System.Text;

namespace Mosh.Tests.Terminal.Display;

/// <summary>
/// Random but plausible terminal output: text, colours and every SGR form, wide and combining
/// characters, scroll regions, wrapping, cursor motion, erasing and editing, REP, character
/// sets, alternate screen, titles, hyperlinks, modes. Deterministic for a seed.
/// </summary>
internal sealed class RandomTerminalOutput(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] s_words = ["alpha", "beta", "gamma", "x", "hello world", "the quick brown fox", "0123456789", "-", "~$ ls -l"];
    private static readonly string[] s_wide = ["日", "本", "語", "中", "文", "한", "글", "😀", "🎉", "ｗ", "世界"];
    private static readonly string[] s_marks = ["\u0301", "\u0308", "\u0323", "\u0332", "\u20DD"];

    public string Next(int width, int height)
    {
        var sb = new StringBuilder();
        int pieces = _random.Next(1, 12);
        for (int i = 0; i < pieces; i++)
            AppendPiece(sb, width, height);
        return sb.ToString();
    }

    private int Row(int height) => _random.Next(1, height + 2);

    private int Col(int width) => _random.Next(1, width + 2);

    private void AppendPiece(StringBuilder sb, int width, int height)
    {
        switch (_random.Next(48))
        {
            case < 8:
                sb.Append(s_words[_random.Next(s_words.Length)]);
                break;
            case 8:
                sb.Append(new string((char)_random.Next('a', 'z' + 1), _random.Next(1, width * 2 + 3)));
                break;
            case 9:
                sb.Append(s_wide[_random.Next(s_wide.Length)]);
                break;
            case 10:
                sb.Append(s_marks[_random.Next(s_marks.Length)]);
                break;
            case 11:
                sb.Append("\r\n");
                break;
            case 12:
                sb.Append(_random.Next(4) switch { 0 => "\n", 1 => "\r", 2 => "\b", _ => "\t" });
                break;
            case 13:
                sb.Append($"\e[{Row(height)};{Col(width)}H");
                break;
            case 14:
                sb.Append($"\e[{_random.Next(0, 5)}{"ABCDGd"[_random.Next(6)]}");
                break;
            case 15:
            case 16:
                AppendSgr(sb);
                break;
            case 17:
                sb.Append($"\e[{_random.Next(0, 3)}{"JK"[_random.Next(2)]}");
                break;
            case 18:
                sb.Append($"\e[{_random.Next(0, width + 2)}{"X@P"[_random.Next(3)]}");
                break;
            case 19:
                sb.Append($"\e[{_random.Next(0, 4)}{"LMST"[_random.Next(4)]}");
                break;
            case 20:
                sb.Append(_random.Next(3) == 0 ? "\e[r" : $"\e[{Row(height)};{Row(height)}r");
                break;
            case 21:
                sb.Append(_random.Next(4) switch { 0 => "\eM", 1 => "\eD", 2 => "\eE", _ => "\e7" });
                break;
            case 22:
                sb.Append("\e8");
                break;
            case 23:
                sb.Append(_random.Next(4) switch { 0 => "\e[?1049h", 1 => "\e[?1049l", 2 => "\e[?47h", _ => "\e[?47l" });
                break;
            case 24:
                sb.Append($"\e]{_random.Next(3)};{s_words[_random.Next(s_words.Length)]}{(_random.Next(2) == 0 ? "ü" : "")}\a");
                break;
            case 25:
                sb.Append($"\e]52;{(_random.Next(2) == 0 ? "c" : "p")};{Convert.ToBase64String(Encoding.UTF8.GetBytes(s_words[_random.Next(s_words.Length)]))}\a");
                break;
            case 26:
                int[] modes = [5, 25, 2004, 9, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1015, 1007, 6, 7, 3];
                sb.Append($"\e[?{modes[_random.Next(modes.Length)]}{(_random.Next(2) == 0 ? 'h' : 'l')}");
                break;
            case 27:
                sb.Append(_random.Next(2) == 0 ? "\e[4h" : "\e[4l");
                break;
            case 28:
                sb.Append('\a');
                break;
            case 29:
                sb.Append(_random.Next(8) == 0 ? "\ec" : "\e#8");
                break;
            case 30:
                sb.Append($"\e[{Row(height)};{width}H{s_wide[_random.Next(s_wide.Length)]}");
                break;
            case 31:
                sb.Append($"\e[{Row(height)};{Math.Max(1, width - 2)}H{s_words[_random.Next(s_words.Length)]}");
                break;
            case 32:
                sb.Append(_random.Next(3) switch { 0 => "\e[3g", 1 => "\eH", _ => $"\e[{_random.Next(3)}I" });
                break;
            case 33:
                sb.Append("\e[!p");
                break;
            case 34:
                sb.Append($"\e[{height};1H" + new string('=', width) + s_words[_random.Next(s_words.Length)]);
                break;
            case 35:
                // REP after a character, a wide character, or something that leaves nothing to repeat.
                sb.Append(_random.Next(3) switch { 0 => "q", 1 => s_wide[_random.Next(s_wide.Length)], _ => "" });
                sb.Append($"\e[{_random.Next(0, width * height * 3 + 2)}b");
                break;
            case 36:
                sb.Append(_random.Next(6) switch { 0 => "\e(0", 1 => "\e)0", 2 => "\x0e", 3 => "\x0f", 4 => "\e(B", _ => "\e(A" });
                break;
            case 37:
            {
                // OSC 8, ended by BEL or ST; sometimes an id, sometimes the end of the link.
                string end = _random.Next(2) == 0 ? "\a" : "\e\\";
                string id = _random.Next(3) == 0 ? $"id={_random.Next(4)}" : "";
                string uri = _random.Next(4) == 0 ? "" : $"http://example.com/{s_words[_random.Next(s_words.Length)].Replace(' ', '_')}";
                sb.Append($"\e]8;{id};{uri}{end}");
                break;
            }
            case 38:
                sb.Append($"\e]{_random.Next(1, 3)};{s_words[_random.Next(s_words.Length)]}\a");
                break;
            case 39:
                AppendColonSgr(sb);
                break;
            default:
                sb.Append((char)_random.Next(0x20, 0x7F));
                break;
        }
    }

    private void AppendSgr(StringBuilder sb)
    {
        sb.Append("\e[");
        int n = _random.Next(1, 4);
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
                sb.Append(';');
            switch (_random.Next(8))
            {
                case 0: sb.Append(_random.Next(0, 10)); break;
                case 1: sb.Append(_random.Next(21, 30)); break;
                case 2: sb.Append(30 + _random.Next(10)); break;
                case 3: sb.Append(40 + _random.Next(10)); break;
                case 4: sb.Append(90 + _random.Next(8)); break;
                case 5: sb.Append(100 + _random.Next(8)); break;
                case 6: sb.Append(_random.Next(2) == 0 ? "38;5;" : "48;5;").Append(_random.Next(256)); break;
                default: sb.Append(_random.Next(2) == 0 ? "38;2;" : "48;2;").Append($"{_random.Next(256)};{_random.Next(256)};{_random.Next(256)}"); break;
            }
        }
        sb.Append('m');
    }

    /// <summary>SGR beyond 1.4.0: colon forms, underline styles and colour, faint, overline.</summary>
    private void AppendColonSgr(StringBuilder sb)
    {
        sb.Append(_random.Next(10) switch
        {
            0 => $"\e[4:{_random.Next(0, 7)}m",
            1 => $"\e[38:2::{_random.Next(256)}:{_random.Next(256)}:{_random.Next(256)}m",
            2 => $"\e[48:2:{_random.Next(256)}:{_random.Next(256)}:{_random.Next(256)}m",
            3 => $"\e[38:5:{_random.Next(300)}m",
            4 => $"\e[58:5:{_random.Next(256)}m",
            5 => $"\e[58;2;{_random.Next(256)};{_random.Next(256)};{_random.Next(256)}m",
            6 => "\e[59m",
            7 => _random.Next(2) == 0 ? "\e[53m" : "\e[55m",
            8 => "\e[1;2;21m",
            _ => $"\e[{_random.Next(2)};4:{_random.Next(6)};58:2::1:2:3;9m",
        });
    }
}
