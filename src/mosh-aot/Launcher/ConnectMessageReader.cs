using System.Text.RegularExpressions;

namespace MoshAot.Launcher;

/// <summary>
/// Reads what ssh (or a local server) prints and picks out the lines the launcher needs:
/// <c>MOSH IP</c> (from the fake proxy or --local), <c>MOSH SSH_CONNECTION</c> (remote-ip mode),
/// and <c>MOSH CONNECT &lt;port&gt; &lt;key&gt;</c>, which ends the conversation. Every other line
/// (motd, warnings, the server's banner) is passed through to the user.
/// </summary>
internal sealed partial class ConnectMessageReader
{
    public string? Ip { get; private set; }
    public string? SshConnectionIp { get; private set; }
    public string? Port { get; private set; }
    public string? Key { get; private set; }
    public bool SawBadUdpPort { get; private set; }

    /// <summary>Handles one line (without its newline). Returns false once the CONNECT line has been seen.</summary>
    /// <exception cref="LauncherException">on a malformed MOSH line, as upstream dies on them</exception>
    public bool Accept(string line, bool portRangeRequested, TextWriter passthrough)
    {
        line = line.TrimEnd('\r');
        if (line.StartsWith("MOSH IP ", StringComparison.Ordinal))
        {
            if (Ip is not null) throw new LauncherException("error: detected attempt to redefine MOSH IP.", prefixOnly: true);
            var m = IpLine().Match(line);
            if (!m.Success) throw new LauncherException($"Bad MOSH IP string: {line}", bare: true);
            Ip = m.Groups[1].Value;
            return true;
        }
        if (line.StartsWith("MOSH SSH_CONNECTION ", StringComparison.Ordinal))
        {
            string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 6) throw new LauncherException($"Bad MOSH SSH_CONNECTION string: {line}", bare: true);
            SshConnectionIp = words[4];
            return true;
        }
        if (line.StartsWith("MOSH CONNECT ", StringComparison.Ordinal))
        {
            var m = ConnectLine().Match(line);
            if (!m.Success) throw new LauncherException($"Bad MOSH CONNECT string: {line}", bare: true);
            Port = m.Groups[1].Value;
            Key = m.Groups[2].Value;
            return false;
        }
        if (portRangeRequested && line.Contains("Bad UDP port", StringComparison.Ordinal)) SawBadUdpPort = true;
        passthrough.Write(line + "\n");
        return true;
    }

    [GeneratedRegex(@"^MOSH IP (\S+)\s*$")]
    private static partial Regex IpLine();

    [GeneratedRegex(@"^MOSH CONNECT (\d+?) ([A-Za-z0-9/+]{22})\s*$")]
    private static partial Regex ConnectLine();
}

/// <summary>A launcher failure with upstream's message; printed as "&lt;argv0&gt;: message" unless bare.</summary>
internal sealed class LauncherException(string message, bool bare = false, bool prefixOnly = false, bool usage = false) : Exception(message)
{
    public bool Bare { get; } = bare;

    /// <summary>The usage text follows the message, as upstream's <c>die $usage</c>.</summary>
    public bool Usage { get; } = usage;

    /// <summary>Upstream writes "$0 error: …" for the redefinition case (no colon after $0).</summary>
    public bool PrefixOnly { get; } = prefixOnly;

    public string Format(string argv0) => Bare ? Message : PrefixOnly ? $"{argv0} {Message}" : $"{argv0}: {Message}";
}
