using System.Globalization;
using System.Text;

namespace MoshAot.Sessions;

/// <summary>
/// What a running session tells <c>mosh-server list</c> about itself (protocol §14.2): one line of
/// tab-separated fields. Times are Unix seconds (0: never); the command has tabs and line breaks
/// replaced by spaces.
/// </summary>
internal sealed record SessionInfo(
    string Id,
    bool Attached,
    long StartedUnix,
    long LastSeenUnix,
    string LastAddress,
    int Columns,
    int Rows,
    int Pid,
    string Command)
{
    private const int FieldCount = 9;

    public string ToLine() => string.Join('\t',
        Id, Attached ? "attached" : "detached",
        StartedUnix.ToString(CultureInfo.InvariantCulture), LastSeenUnix.ToString(CultureInfo.InvariantCulture),
        Clean(LastAddress.Length == 0 ? "-" : LastAddress),
        Columns.ToString(CultureInfo.InvariantCulture), Rows.ToString(CultureInfo.InvariantCulture),
        Pid.ToString(CultureInfo.InvariantCulture), Clean(Command));

    public static SessionInfo? Parse(string line)
    {
        string[] f = line.TrimEnd('\n').Split('\t');
        if (f.Length != FieldCount || f[1] is not ("attached" or "detached")) return null;
        if (!long.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long started)
            || !long.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out long seen)
            || !int.TryParse(f[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out int columns)
            || !int.TryParse(f[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out int rows)
            || !int.TryParse(f[7], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid))
            return null;
        return new SessionInfo(f[0], f[1] == "attached", started, seen, f[4] == "-" ? "" : f[4], columns, rows, pid, f[8]);
    }

    private static string Clean(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (char c in text) b.Append(c is '\t' or '\n' or '\r' || char.IsControl(c) ? ' ' : c);
        return b.ToString();
    }
}
