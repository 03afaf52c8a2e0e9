namespace MoshAot.Server;

/// <summary>
/// mosh-server's command line, parsed as upstream 1.4.0 parses it (protocol §6.1):
/// <c>new [-s] [-v] [-i IP] [-p PORT[:PORT2]] [-c COLORS] [-l NAME=VALUE]… [-- COMMAND…]</c>,
/// the legacy forms <c>[IP [PORT]]</c>, and --help/--version anywhere before <c>--</c>.
/// </summary>
internal sealed class ServerOptions
{
    public string? BindIp { get; private set; }
    public PortRange? Port { get; private set; }
    public int Colors { get; private set; }
    public int Verbose { get; private set; }
    public List<string> LocaleAssignments { get; } = new();

    /// <summary>The command and its arguments after <c>--</c>; null means the user's login shell.</summary>
    public string[]? Command { get; private set; }

    public static string UsageLine(string argv0) =>
        $"Usage: {argv0} new [-s] [-v] [-i LOCALADDR] [-p PORT[:PORT2]] [-c COLORS] [-l NAME=VALUE] [-- COMMAND...]\n";

    /// <summary>Our additions (protocol §14.2), shown by --help after upstream's line.</summary>
    public static string SessionsUsage(string argv0) =>
        $"       {argv0} list            list your sessions on this machine (attached or detached)\n" +
        $"       {argv0} attach [ID]     give session ID (default: the only detached one, else the\n" +
        "                               only one) a fresh key and print MOSH CONNECT <port> <key>\n" +
        "                               as new does; a client still attached is told and exits\n";

    /// <summary>
    /// Parses <paramref name="args"/>. Returns null with <paramref name="exitCode"/> set when the
    /// program must stop (help, version, or a fatal error — messages already written).
    /// </summary>
    public static ServerOptions? Parse(string argv0, string[] args, TextWriter stdout, TextWriter stderr,
        Func<string, string?> getEnvironment, out int exitCode)
    {
        exitCode = 0;
        var options = new ServerOptions();

        int optionCount = args.Length;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                stdout.Write(UsageLine(argv0) + SessionsUsage(argv0));
                return null;
            }
            if (args[i] == "--version")
            {
                stdout.Write(Usage.Version("mosh-server"));
                return null;
            }
            if (args[i] == "--")
            {
                if (i != args.Length - 1) options.Command = args[(i + 1)..];
                optionCount = i;
                break;
            }
        }

        string? portText = null;
        if (optionCount >= 1 && args[0] == "new")
        {
            // getopt sees the arguments after "new", with "new" as its program name: upstream's
            // messages therefore read "new: invalid option -- 'x'".
            var parser = new Cli.ShortOptionParser("new", "@:i:p:c:svl:", args[1..optionCount]);
            while (parser.Next(out char option, out string? argument, out string? error))
            {
                switch (option)
                {
                    case '@':
                        break; // eats its argument: lets scripts neutralise a repeated "new"
                    case 'i':
                        options.BindIp = argument;
                        break;
                    case 'p':
                        portText = argument;
                        break;
                    case 's':
                        options.BindIp = SshConnectionLocalAddress(getEnvironment("SSH_CONNECTION"), stderr);
                        break;
                    case 'c':
                        if (!Cli.CStyleNumber.TryParseWholeInt(argument!, out int colors))
                        {
                            stderr.Write($"{argv0}: Bad number of colors ({argument})\n");
                            stderr.Write(UsageLine(argv0));
                            exitCode = 1;
                            return null;
                        }
                        options.Colors = colors;
                        break;
                    case 'v':
                        options.Verbose++;
                        break;
                    case 'l':
                        options.LocaleAssignments.Add(argument!);
                        break;
                    default:
                        // Unknown options are reported but not fatal, as upstream.
                        stderr.Write(error + "\n");
                        stderr.Write(UsageLine(argv0));
                        break;
                }
            }
        }
        else if (optionCount == 0)
        {
            // legacy: no arguments at all
        }
        else if (optionCount == 1)
        {
            options.BindIp = args[0];
        }
        else if (optionCount == 2)
        {
            options.BindIp = args[0];
            portText = args[1];
        }
        else
        {
            stderr.Write(UsageLine(argv0));
            exitCode = 1;
            return null;
        }

        if (portText is not null)
        {
            if (!PortRange.TryParse(portText, out var range, out string portError))
            {
                stderr.Write(portError + "\n");
                stderr.Write($"{argv0}: Bad UDP port range ({portText})\n");
                stderr.Write(UsageLine(argv0));
                exitCode = 1;
                return null;
            }
            options.Port = range;
        }
        return options;
    }

    /// <summary>
    /// -s: the server's own address of the ssh connection (third field of SSH_CONNECTION), with an
    /// IPv4-mapped "::ffff:" prefix removed so that it binds as plain IPv4.
    /// </summary>
    internal static string? SshConnectionLocalAddress(string? sshConnection, TextWriter stderr)
    {
        if (sshConnection is null)
        {
            stderr.Write("Warning: SSH_CONNECTION not found; binding to any interface.\n");
            return null;
        }
        string[] words = sshConnection.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3)
        {
            stderr.Write("Warning: Could not parse SSH_CONNECTION; binding to any interface.\n");
            return null;
        }
        string local = words[2];
        const string mappedPrefix = "::ffff:";
        if (local.Length > mappedPrefix.Length && local.StartsWith(mappedPrefix, StringComparison.OrdinalIgnoreCase))
            return local[mappedPrefix.Length..];
        return local;
    }
}
