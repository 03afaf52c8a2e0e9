using System.Text.RegularExpressions;

namespace MoshAot.Launcher;

/// <summary>
/// What the launcher will run, computed from its options before anything is started: the
/// validated settings, the mosh-server argument list and the ssh command line (protocol §6.9).
/// </summary>
internal sealed partial class LauncherPlan
{
    private static readonly string[] s_predictModes = ["adaptive", "always", "never", "experimental"];
    private static readonly string[] s_families = ["inet", "inet6", "auto", "all", "prefer-inet", "prefer-inet6"];

    public required string Predict { get; init; }
    public required string Family { get; init; }
    public required string UserHost { get; init; }
    public required IReadOnlyList<string> Command { get; init; }
    public required IReadOnlyList<string> BindArguments { get; init; }

    /// <summary>The --scrollback value for the client (MOSH_SCROLLBACK, §14.3); null leaves the client's default.</summary>
    public int? Scrollback { get; init; }

    /// <summary>Validates the options (with upstream's messages) and fixes the settings derived from them.</summary>
    /// <exception cref="LauncherException">invalid prediction mode, family, port request, bind option, or no host</exception>
    public static LauncherPlan Create(LauncherOptions o, Func<string, string?> getEnvironment)
    {
        string predict;
        if (o.Predict is not null)
        {
            predict = o.Predict;
            CheckPredict(predict, fromEnvironment: false);
        }
        else if (getEnvironment("MOSH_PREDICTION_DISPLAY") is { } fromEnv)
        {
            predict = fromEnv;
            CheckPredict(predict, fromEnvironment: true);
        }
        else
        {
            predict = "adaptive";
        }

        if (o.RemoteIpMode is not ("local" or "remote" or "proxy"))
            throw new LauncherException($"Unknown parameter {o.RemoteIpMode}", bare: true);

        string family = o.Family.ToLowerInvariant();
        if (Array.IndexOf(s_families, family) < 0)
            throw new LauncherException($"Invalid family {o.Family}");

        if (o.PortRequest is { } port) ValidatePort(port);

        int? scrollback = null;
        if (o.Scrollback is { } scrollbackText)
        {
            if (!Client.ClientCommand.TryParseScrollback(scrollbackText, out int lines))
                throw new LauncherException($"Invalid scrollback {scrollbackText} (a number of lines from 0 to {Client.ClientCommand.MaxScrollback})");
            scrollback = lines;
        }

        if (o.Rest.Count < 1) throw new LauncherException("", usage: true);
        string userHost = o.Rest[0];

        var bind = new List<string>();
        if (o.BindServer is null || o.BindServer.Equals("ssh", StringComparison.OrdinalIgnoreCase))
        {
            if (!o.Local) bind.Add("-s");
            else bind.AddRange(["-i", userHost]);
        }
        else if (!o.BindServer.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            bind.AddRange(["-i", o.BindServer]);
        }

        return new LauncherPlan
        {
            Predict = predict,
            Family = family,
            UserHost = userHost,
            Command = o.Rest.GetRange(1, o.Rest.Count - 1),
            BindArguments = bind,
            Scrollback = scrollback,
        };
    }

    /// <summary>The arguments after the server program: new, -c, bind, -p, -l…, -- command.</summary>
    public List<string> ServerArguments(LauncherOptions o, int colors, Func<string, string?> getEnvironment)
    {
        var args = new List<string> { "new", "-c", colors.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        args.AddRange(BindArguments);
        if (o.PortRequest is not null) args.AddRange(["-p", o.PortRequest]);
        foreach (string name in Cli.LocaleVariables.Names)
            if (getEnvironment(name) is { } value) args.AddRange(["-l", $"{name}={value}"]);
        if (Command.Count > 0)
        {
            args.Add("--");
            args.AddRange(Command);
        }
        return args;
    }

    /// <summary>
    /// The ssh command line: ssh -n [-tt] [-4|-6] [-S none -o ProxyCommand=…] user@host -- "server 'new' …".
    /// <paramref name="self"/> is how this launcher can be invoked again as the ProxyCommand.
    /// </summary>
    public List<string> SshArguments(LauncherOptions o, IReadOnlyList<string> serverArguments, IReadOnlyList<string> self)
    {
        var argv = new List<string>(o.Ssh) { "-n" };
        if (o.SshPty) argv.Add("-tt");
        string prefix = "";
        if (o.RemoteIpMode == "remote")
        {
            prefix = "sh -c " + ShellWords.Quote(["[ -n \"$SSH_CONNECTION\" ] && printf \"\\nMOSH SSH_CONNECTION %s\\n\" \"$SSH_CONNECTION\""]) + " ; ";
            if (Family == "inet") argv.Add("-4");
            else if (Family == "inet6") argv.Add("-6");
        }
        if (o.RemoteIpMode == "proxy")
        {
            string proxy = ShellWords.Quote([.. self, $"--family={Family}"]);
            argv.AddRange(["-S", "none", "-o", $"ProxyCommand={proxy} --fake-proxy -- %h %p"]);
        }
        argv.Add(UserHost);
        argv.Add("--");
        argv.Add(prefix + o.Server + " " + ShellWords.Quote(serverArguments));
        return argv;
    }

    private static void CheckPredict(string mode, bool fromEnvironment)
    {
        if (Array.IndexOf(s_predictModes, mode) >= 0) return;
        string why = fromEnvironment ? " (MOSH_PREDICTION_DISPLAY in environment)" : "";
        throw new LauncherException($"Unknown mode \"{mode}\"{why}.\n", usage: true);
    }

    /// <summary>Upstream's launcher checks of -p/--port (slightly different from the server's own).</summary>
    public static void ValidatePort(string request)
    {
        var m = PortPattern().Match(request);
        if (!m.Success) throw new LauncherException($"Server-side port or range ({request}) is not valid.");
        if (!long.TryParse(m.Groups[1].Value, out long low) || low > 65535)
            throw new LauncherException($"Server-side (low) port ({m.Groups[1].Value}) must be within valid range [0..65535].");
        if (m.Groups[3].Success)
        {
            string highText = m.Groups[3].Value;
            if (!long.TryParse(highText, out long high) || high <= 0 || high > 65535)
                throw new LauncherException($"Server-side high port ({highText}) must be within valid range [1..65535].");
            if (low == 0)
                throw new LauncherException($"Server-side port ranges may not be used with starting port 0 ({request}).");
            if (low > high)
                throw new LauncherException($"Server-side port range ({request}): low port greater than high port.");
        }
    }

    [GeneratedRegex(@"^(\d+)(:(\d+))?$")]
    private static partial Regex PortPattern();
}
