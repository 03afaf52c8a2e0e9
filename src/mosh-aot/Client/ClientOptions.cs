namespace MoshAot.Client;

/// <summary>
/// mosh-client's command line as upstream 1.4.0 reads it (getopt string "#:cv"):
/// <c>mosh-client [-# 'ARGS'] [-v] IP PORT</c> or <c>mosh-client -c</c>.
/// </summary>
internal sealed class ClientOptions
{
    public required string Ip { get; init; }
    public required int Port { get; init; }
    public required string PortText { get; init; }
    public int Verbose { get; init; }

    /// <summary>What the program should do after parsing.</summary>
    public enum Action { Connect, PrintColors, Exit }

    public static string UsageText(string argv0) =>
        Usage.Version("mosh-client") + "\n" +
        $"Usage: {argv0} [-# 'ARGS'] IP PORT\n" +
        $"       {argv0} -c\n";

    public static ClientOptions? Parse(string argv0, string[] args, TextWriter stdout, TextWriter stderr,
        out Action action, out int exitCode)
    {
        exitCode = 0;
        action = Action.Exit;
        foreach (string a in args)
        {
            if (a == "--") break;
            if (a is "--help" or "--version")
            {
                stdout.Write(UsageText(argv0));
                return null;
            }
        }

        int verbose = 0;
        var parser = new Cli.ShortOptionParser(argv0, "#:cv", args);
        while (parser.Next(out char option, out _, out string? error))
        {
            switch (option)
            {
                case '#':
                    break; // the launcher's original command line, shown only in `ps`
                case 'c':
                    action = Action.PrintColors;
                    return null;
                case 'v':
                    verbose++;
                    break;
                default:
                    stderr.Write(error + "\n");
                    stderr.Write(UsageText(argv0));
                    exitCode = 1;
                    return null;
            }
        }

        if (parser.Operands.Count != 2)
        {
            stderr.Write(UsageText(argv0));
            exitCode = 1;
            return null;
        }

        string portText = parser.Operands[1];
        if (!IsDigits(portText) || !int.TryParse(portText, out int port) || port > 65535)
        {
            stderr.Write($"{argv0}: Bad UDP port ({portText})\n\n");
            stderr.Write(UsageText(argv0));
            exitCode = 1;
            return null;
        }

        action = Action.Connect;
        return new ClientOptions { Ip = parser.Operands[0], Port = port, PortText = portText, Verbose = verbose };
    }

    private static bool IsDigits(string s)
    {
        if (s.Length == 0) return false;
        foreach (char c in s)
            if (c < '0' || c > '9') return false;
        return true;
    }
}
