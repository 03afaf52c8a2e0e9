namespace MoshAot.Server;

/// <summary>
/// The server's UDP port request: one port, a LOW:HIGH range to search, or 0 for one the
/// kernel picks. Without a request the server searches 60001–60999 (the code's range; upstream's
/// documentation says 60000–61000).
/// </summary>
internal readonly record struct PortRange(int Low, int High)
{
    public const int DefaultLow = 60001;
    public const int DefaultHigh = 60999;

    public static PortRange Default => new(DefaultLow, DefaultHigh);

    /// <summary>Parses like upstream's Connection::parse_portrange, with its messages.</summary>
    public static bool TryParse(string text, out PortRange range, out string error)
    {
        range = default;
        error = "";
        long low = Cli.CStyleNumber.StrToL(text, 0, out int end, out bool overflow);
        // Like strtol, no digits at all reads as 0 (so "" and ":N" parse); junk after them does not.
        if (overflow || (end < text.Length && text[end] != ':'))
        {
            error = $"Invalid (low) port number ({text})";
            return false;
        }
        if (low < 0 || low > 65535)
        {
            error = $"(Low) port number {low} outside valid range [0..65535]";
            return false;
        }
        if (end == text.Length)
        {
            range = new PortRange((int)low, (int)low);
            return true;
        }

        string highText = text[(end + 1)..];
        long high = Cli.CStyleNumber.StrToL(highText, 0, out int highEnd, out bool highOverflow);
        if (highOverflow || highEnd != highText.Length)
        {
            error = $"Invalid high port number ({highText})";
            return false;
        }
        if (high < 0 || high > 65535)
        {
            error = $"High port number {high} outside valid range [0..65535]";
            return false;
        }
        if (low > high)
        {
            error = $"Low port {low} greater than high port {high}";
            return false;
        }
        if (low == 0)
        {
            error = "Low port 0 incompatible with port ranges";
            return false;
        }
        range = new PortRange((int)low, (int)high);
        return true;
    }
}
