using System.Globalization;
using System.Text;

namespace Mosh.Tests.Terminal.Differential;

/// <summary>
/// Compares two tmux captures cell by cell, with the attributes each cell has, rather than
/// byte by byte: tmux writes a palette colour in the form it was set (<c>91</c>,
/// <c>38;5;9</c>, <c>33</c> or <c>38;5;3</c> for the same colour), while mosh keeps only the
/// palette index and re-emits 0–7 as 30–37 and 8–255 as <c>38;5;n</c> (§8.7). A capture is
/// therefore decoded into cells with canonical colours before comparing.
/// </summary>
public static class ScreenComparison
{
    /// <summary>
    /// Known, explained differences a corpus case may declare (tests/data/terminal-corpus/cases.txt).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Quirks = new Dictionary<string, string>
    {
        // mosh 1.4.0 has no alternate screen (§8.11): full-screen programs draw on the one
        // screen it has, and the renderer has no sequence to switch screens. The grid is the
        // same; tmux's alternate_on flag differs.
        ["alternate-screen"] = "ignore tmux's alternate-screen flag",
        // tmux shows a pending wrap (a character printed in the last column) as the cursor
        // one column past the edge. The pending-wrap flag is not part of mosh's synchronized
        // state (§5.4), and the renderer always finishes with the cursor on a real column
        // (§5.6 quirk), so the replay leaves the cursor in the last column itself.
        ["pending-wrap"] = "a direct cursor one past the last column counts as the last column",
        // A 1.4.0 peer stores no faint, strikethrough, overline, underline style or underline
        // colour (§8.7); for streams replayed the way upstream would show them.
        ["no-faint-strike"] = "drop SGR 2, 9, 53, underline styles and colours from the direct capture",
        // tmux has no UK character set (ESC ( A, ESC ) A): it shows # where xterm shows £.
        ["no-uk-charset"] = "a £ in the replay counts as the # tmux shows",
        // tmux differs from xterm: after a character printed in the last column, BS takes
        // tmux's cursor back to the last column itself, xterm's to the column before it, so the
        // next character lands elsewhere (vttest's "autowrap, mixing control and print
        // characters" screen fails in tmux). The reference is then NAME.xterm.txt: the text
        // xterm shows, as the test program itself describes the correct screen.
        ["xterm-reference"] = "compare the replay's text with NAME.xterm.txt instead of with tmux",
    };

    /// <summary>The screen's characters only, one line per row, trailing blanks and blank rows removed.</summary>
    public static string PlainText(TmuxScreen screen)
    {
        string text = System.Text.RegularExpressions.Regex.Replace(screen.Grid, "\u001b\\[[0-9;:]*m|[\u000e\u000f]", "");
        string[] lines = text.Split('\n').Select(l => l.TrimEnd()).ToArray();
        int count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0)
            count--;
        return string.Join('\n', lines[..count]);
    }

    /// <summary>Returns null when equal, otherwise a description of the first differences.</summary>
    public static string? Compare(TmuxScreen direct, TmuxScreen replayed, IReadOnlyCollection<string> quirks)
    {
        var problems = new StringBuilder();
        bool dropFaint = quirks.Contains("no-faint-strike");
        List<List<string>> a = Decode(direct.Grid, dropFaint);
        List<List<string>> b = Decode(replayed.Grid, dropFaint: false);
        bool noUkCharset = quirks.Contains("no-uk-charset");
        int rows = Math.Max(a.Count, b.Count);
        int reported = 0;
        for (int y = 0; y < rows && reported < 5; y++)
        {
            List<string> ra = y < a.Count ? a[y] : [];
            List<string> rb = y < b.Count ? b[y] : [];
            int cols = Math.Max(ra.Count, rb.Count);
            for (int x = 0; x < cols; x++)
            {
                string ca = x < ra.Count ? ra[x] : "(none)";
                string cb = x < rb.Count ? rb[x] : "(none)";
                if (noUkCharset && ca.StartsWith("#|", StringComparison.Ordinal) && cb.StartsWith("£|", StringComparison.Ordinal) && ca[1..] == cb[1..])
                    continue;
                if (ca != cb)
                {
                    problems.Append(CultureInfo.InvariantCulture, $"row {y} col {x}: direct {ca} replayed {cb}\n");
                    reported++;
                    break;
                }
            }
        }

        int directX = direct.CursorX;
        if (quirks.Contains("pending-wrap") && directX == Columns(direct) && replayed.CursorX == directX - 1)
            directX--;
        if (directX != replayed.CursorX || direct.CursorY != replayed.CursorY)
            problems.Append(CultureInfo.InvariantCulture, $"cursor: direct ({direct.CursorX},{direct.CursorY}) replayed ({replayed.CursorX},{replayed.CursorY})\n");
        if (direct.CursorVisible != replayed.CursorVisible)
            problems.Append(CultureInfo.InvariantCulture, $"cursor visible: direct {direct.CursorVisible} replayed {replayed.CursorVisible}\n");
        if (direct.Title != replayed.Title)
            problems.Append(CultureInfo.InvariantCulture, $"title: direct '{direct.Title}' replayed '{replayed.Title}'\n");
        if (direct.MouseFlags != replayed.MouseFlags)
            problems.Append(CultureInfo.InvariantCulture, $"mouse flags: direct {direct.MouseFlags} replayed {replayed.MouseFlags}\n");
        if (direct.AlternateScreen != replayed.AlternateScreen && !quirks.Contains("alternate-screen"))
            problems.Append(CultureInfo.InvariantCulture, $"alternate screen: direct {direct.AlternateScreen} replayed {replayed.AlternateScreen}\n");

        return problems.Length == 0 ? null : problems.ToString();
    }

    private static int Columns(TmuxScreen screen) => screen.Width;

    /// <summary>
    /// Decodes <c>capture-pane -p -e</c> output into rows of "text|attributes" cells. Characters
    /// tmux keeps in the DEC Special Graphics set come between SO and SI; they are read as xterm
    /// draws them (tmux itself also turns <c>+ , - . 0</c> into arrows and a block, which xterm
    /// and we do not: a tmux quirk).
    /// </summary>
    internal static List<List<string>> Decode(string capture, bool dropFaint)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var sgr = new SgrState();
        bool graphics = false;
        int i = 0;
        while (i < capture.Length)
        {
            char c = capture[i];
            if (c == '\e' && i + 1 < capture.Length && capture[i + 1] == '[')
            {
                int end = i + 2;
                while (end < capture.Length && capture[end] is (>= '0' and <= '9') or ';' or ':')
                    end++;
                if (end < capture.Length && capture[end] == 'm')
                    sgr.Apply(capture[(i + 2)..end], dropFaint);
                i = end + 1;
                continue;
            }
            if (c is '\u000e' or '\u000f')
            {
                graphics = c == '\u000e';
                i++;
                continue;
            }
            if (c == '\n')
            {
                TrimTrailingBlanks(row);
                rows.Add(row);
                row = [];
                i++;
                continue;
            }
            int length = char.IsHighSurrogate(c) && i + 1 < capture.Length ? 2 : 1;
            string text = capture.Substring(i, length);
            i += length;
            if (graphics && c is >= '_' and <= '~')
                text = char.ConvertFromUtf32(Mosh.Terminal.Screen.CharacterSets.Map(Mosh.Terminal.Screen.CharacterSet.DecSpecialGraphics, c));
            // Combining marks belong to the cell before them.
            if (row.Count > 0 && CharUnicodeInfo.GetUnicodeCategory(text, 0) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                string previous = row[^1];
                int bar = previous.IndexOf('|', StringComparison.Ordinal);
                row[^1] = previous[..bar] + text + previous[bar..];
                continue;
            }
            // A space shows nothing of its foreground, bold, italic or blink, and capture-pane
            // trims trailing spaces depending on how the line was written (erased cells count,
            // untouched ones do not): such a space is compared as a plain blank.
            row.Add(text == " " && sgr.SpaceLooksBlank ? " |" + SgrState.DefaultText : text + "|" + sgr);
        }
        if (row.Count > 0)
        {
            TrimTrailingBlanks(row);
            rows.Add(row);
        }
        while (rows.Count > 0 && rows[^1].Count == 0)
            rows.RemoveAt(rows.Count - 1);
        return rows;
    }

    private static void TrimTrailingBlanks(List<string> row)
    {
        // A space with default attributes and no cell at all look the same.
        while (row.Count > 0 && row[^1] == " |" + SgrState.DefaultText)
            row.RemoveAt(row.Count - 1);
    }

    private sealed class SgrState
    {
        public const string DefaultText = "fg=d bg=d a=0";

        private string _fg = "d";
        private string _bg = "d";
        private string _underlineColor = "d";
        private int _attributes;
        // 0 none, 1 single, 2 double, 3 curly, 4 dotted, 5 dashed (tmux writes 4:n; bit 4 of _attributes mirrors "any").
        private int _underline;

        public override string ToString() =>
            $"fg={_fg} bg={_bg} a={_attributes}" + (_underline > 1 ? $" u={_underline}" : "") + (_underlineColor != "d" ? $" ul={_underlineColor}" : "");

        /// <summary>Default background and no attribute that draws on a blank (underline, inverse, strike, overline).</summary>
        public bool SpaceLooksBlank => _bg == "d" && (_attributes & ((1 << 4) | (1 << 7) | (1 << 9) | (1 << 10) | (1 << 20))) == 0;

        public void Apply(string parameters, bool dropFaint)
        {
            string[] p = parameters.Length == 0 ? ["0"] : parameters.Split(';');
            for (int k = 0; k < p.Length; k++)
            {
                // tmux 3.3 writes overline as "5:3" and underline styles as "4:n".
                string token = p[k] == "5:3" ? "53" : p[k];
                if (token.StartsWith("4:", StringComparison.Ordinal) && int.TryParse(token[2..], out int style) && style is >= 0 and <= 5)
                {
                    if (!dropFaint || style <= 1)
                        SetUnderline(style);
                    continue;
                }
                if (token.Contains(':'))
                {
                    _attributes |= 1 << 20;
                    continue;
                }
                int n = token.Length == 0 ? 0 : int.Parse(token, CultureInfo.InvariantCulture);
                switch (n)
                {
                    case 0:
                        _fg = _bg = _underlineColor = "d";
                        _attributes = 0;
                        _underline = 0;
                        break;
                    case 4:
                        SetUnderline(1);
                        break;
                    case >= 1 and <= 9:
                        if (!(dropFaint && n is 2 or 9))
                            _attributes |= 1 << n;
                        break;
                    case 21:
                        if (!dropFaint)
                            SetUnderline(2);
                        break;
                    case 22:
                        _attributes &= ~((1 << 1) | (1 << 2));
                        break;
                    case 24:
                        SetUnderline(0);
                        break;
                    case >= 23 and <= 29:
                        _attributes &= ~(1 << (n - 20));
                        break;
                    case >= 30 and <= 37:
                        _fg = (n - 30).ToString(CultureInfo.InvariantCulture);
                        break;
                    case >= 40 and <= 47:
                        _bg = (n - 40).ToString(CultureInfo.InvariantCulture);
                        break;
                    case >= 90 and <= 97:
                        _fg = (n - 90 + 8).ToString(CultureInfo.InvariantCulture);
                        break;
                    case >= 100 and <= 107:
                        _bg = (n - 100 + 8).ToString(CultureInfo.InvariantCulture);
                        break;
                    case 39:
                        _fg = "d";
                        break;
                    case 49:
                        _bg = "d";
                        break;
                    case 38 or 48 or 58 when k + 2 < p.Length && p[k + 1] == "5":
                        SetColor(n, p[k + 2], dropFaint);
                        k += 2;
                        break;
                    case 38 or 48 or 58 when k + 4 < p.Length && p[k + 1] == "2":
                        SetColor(n, $"#{p[k + 2]},{p[k + 3]},{p[k + 4]}", dropFaint);
                        k += 4;
                        break;
                    case 59:
                        _underlineColor = "d";
                        break;
                    case 53:
                        if (!dropFaint)
                            _attributes |= 1 << 10;
                        break;
                    case 55:
                        _attributes &= ~(1 << 10);
                        break;
                    default:
                        _attributes |= 1 << 20; // something we do not model: make it visible
                        break;
                }
            }
        }

        private void SetUnderline(int style)
        {
            _underline = style;
            if (style == 0)
                _attributes &= ~(1 << 4);
            else
                _attributes |= 1 << 4;
        }

        private void SetColor(int which, string value, bool dropFaint)
        {
            if (which == 38)
                _fg = value;
            else if (which == 48)
                _bg = value;
            else if (!dropFaint)
                _underlineColor = value;
        }
    }
}
