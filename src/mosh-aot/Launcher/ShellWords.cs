using System.Text;

namespace MoshAot.Launcher;

/// <summary>
/// Shell-style word handling for the launcher: splitting <c>--ssh="ssh -p 2222"</c> the way
/// Perl's Text::ParseWords::shellwords does, and quoting arguments for the remote shell with
/// single quotes, as upstream does.
/// </summary>
internal static class ShellWords
{
    /// <summary>Splits on unquoted white space; honours '…', "…" (with \ escapes) and \ outside quotes.</summary>
    public static List<string> Split(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else if (c == '\'')
            {
                int end = line.IndexOf('\'', i + 1);
                if (end < 0) end = line.Length;
                current.Append(line, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`') i++;
                    current.Append(line[i]);
                    i++;
                }
            }
            else
            {
                current.Append(c);
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }

    /// <summary>Each argument in single quotes (with ' written as '\''), joined by spaces.</summary>
    public static string Quote(IEnumerable<string> args)
    {
        var sb = new StringBuilder();
        foreach (string a in args)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append('\'').Append(a.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
        }
        return sb.ToString();
    }
}
