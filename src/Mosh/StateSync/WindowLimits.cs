namespace Mosh.StateSync;

/// <summary>
/// The largest terminal either side will hold. Real terminals are far smaller; the limits exist
/// because a window size comes from outside (a peer's resize, the ssh pty, the local tty's
/// TIOCGWINSZ, which may say 65535×65535) and a screen of that many 16-byte cells would be tens
/// of gigabytes. Upstream trusts every size and crashes on such a one.
/// </summary>
public static class WindowLimits
{
    /// <summary>The most columns, and the most rows.</summary>
    public const int MaxDimension = 10_000;

    /// <summary>The most cells (columns × rows): 64 MiB of cells.</summary>
    public const int MaxCells = 1 << 22;

    /// <summary>Whether a terminal may have this size as it is.</summary>
    public static bool IsAllowed(long columns, long rows) =>
        columns is >= 1 and <= MaxDimension && rows is >= 1 and <= MaxDimension && columns * rows <= MaxCells;

    /// <summary>
    /// The allowed size nearest to a requested one: each side within 1 … <see cref="MaxDimension"/>,
    /// then rows cut so that the cells fit <see cref="MaxCells"/> (the columns, what lines wrap at,
    /// are kept). An allowed size is returned unchanged.
    /// </summary>
    public static (int Columns, int Rows) Clamp(long columns, long rows)
    {
        int c = (int)Math.Clamp(columns, 1, MaxDimension);
        int r = (int)Math.Clamp(rows, 1, MaxDimension);
        if ((long)c * r > MaxCells) r = MaxCells / c;
        return (c, r);
    }
}
