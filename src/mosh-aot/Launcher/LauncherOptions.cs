namespace MoshAot.Launcher;

/// <summary>
/// The <c>mosh</c> launcher's command line, read the way upstream's Perl script reads it with
/// Getopt::Long: long options with <c>=value</c> or a separate value, one or two leading dashes,
/// unique abbreviations, <c>--no-</c> negations, options anywhere before <c>--</c>.
/// </summary>
internal sealed class LauncherOptions
{
    public string Client { get; private set; } = "mosh-client";
    public string Server { get; private set; } = "mosh-server";
    public string? Predict { get; private set; }
    public bool PredictOverwrite { get; private set; }
    public string? PortRequest { get; private set; }
    public string Family { get; private set; } = "prefer-inet";
    public List<string> Ssh { get; private set; } = ["ssh"];
    public bool SshPty { get; private set; } = true;
    public bool TermInit { get; private set; } = true;
    public bool Local { get; private set; }
    public bool Help { get; private set; }
    public bool Version { get; private set; }
    public bool FakeProxy { get; private set; }
    public string? BindServer { get; private set; }
    public string RemoteIpMode { get; private set; } = "proxy";
    /// <summary>Ours: --scrollback=N, the history retention the client asks for (§14.3); null when not given.</summary>
    public string? Scrollback { get; private set; }

    /// <summary>--list (ours, protocol §14.2): print the user's sessions on the host instead of starting one.</summary>
    public bool List { get; private set; }

    /// <summary>--attach[=ID] (ours): attach to a running session; "" means the only detached one; null: start a new session.</summary>
    public string? Attach { get; private set; }

    /// <summary>Arguments left after the options: [user@]host and the command (or, for --fake-proxy, host and port).</summary>
    public List<string> Rest { get; } = new();

    private enum Kind { Flag, Negatable, Value, OptionalInlineValue }

    private readonly record struct Spec(string Name, Kind Kind);

    private static readonly Spec[] s_long =
    [
        new("client", Kind.Value), new("server", Kind.Value), new("predict", Kind.Value),
        new("predict-overwrite", Kind.Negatable), new("port", Kind.Value), new("family", Kind.Value),
        new("ssh", Kind.Value), new("ssh-pty", Kind.Negatable), new("init", Kind.Negatable),
        new("local", Kind.Flag), new("help", Kind.Flag), new("version", Kind.Flag),
        new("fake-proxy", Kind.Negatable), new("bind-server", Kind.Value),
        new("experimental-remote-ip", Kind.Value), new("scrollback", Kind.Value),
        new("list", Kind.Flag), new("attach", Kind.OptionalInlineValue),
    ];

    /// <summary>Parses; on a syntax error returns null with the message in <paramref name="error"/>.</summary>
    public static LauncherOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var o = new LauncherOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                for (int j = i + 1; j < args.Length; j++) o.Rest.Add(args[j]);
                break;
            }
            if (a.Length < 2 || a[0] != '-')
            {
                o.Rest.Add(a);
                continue;
            }

            string body = a.StartsWith("--", StringComparison.Ordinal) ? a[2..] : a[1..];
            // Single letters: -a -n -4 -6 -o and -p VALUE (also -pVALUE is not Getopt::Long's default; -p=VALUE is).
            if (a[1] != '-' && body.Length >= 1 && IsShortOption(body, out char letter, out string? attached))
            {
                if (letter == 'p')
                {
                    string? value = attached;
                    if (value is null)
                    {
                        if (i + 1 >= args.Length) { error = "Option p requires an argument"; return null; }
                        value = args[++i];
                    }
                    o.PortRequest = value;
                }
                else
                {
                    if (attached is not null) { error = $"Option {letter} does not take an argument"; return null; }
                    o.ApplyShort(letter);
                }
                continue;
            }

            string name = body;
            string? inlineValue = null;
            int eq = body.IndexOf('=');
            if (eq >= 0)
            {
                name = body[..eq];
                inlineValue = body[(eq + 1)..];
            }
            bool negated = false;
            Spec? spec = Find(name);
            if (spec is null && (name.StartsWith("no-", StringComparison.Ordinal) || name.StartsWith("no", StringComparison.Ordinal)))
            {
                string positive = name.StartsWith("no-", StringComparison.Ordinal) ? name[3..] : name[2..];
                Spec? candidate = Find(positive);
                if (candidate is { Kind: Kind.Negatable })
                {
                    spec = candidate;
                    negated = true;
                }
            }
            if (spec is null)
            {
                error = Ambiguous(name) ? $"Option {name} is ambiguous" : $"Unknown option: {name}";
                return null;
            }

            Spec s = spec.Value;
            if (s.Kind == Kind.OptionalInlineValue)
            {
                // Only --attach=ID takes a value: "--attach host" must leave the host alone.
                o.Attach = inlineValue ?? "";
            }
            else if (s.Kind == Kind.Value)
            {
                string? value = inlineValue;
                if (value is null)
                {
                    if (i + 1 >= args.Length) { error = $"Option {s.Name} requires an argument"; return null; }
                    value = args[++i];
                }
                o.ApplyValue(s.Name, value);
            }
            else
            {
                if (inlineValue is not null) { error = $"Option {s.Name} does not take an argument"; return null; }
                o.ApplyFlag(s.Name, !negated);
            }
        }
        return o;
    }

    private static bool IsShortOption(string body, out char letter, out string? attached)
    {
        letter = body[0];
        attached = null;
        if (body.Length > 1)
        {
            if (body[1] != '=') return false;
            attached = body[2..];
        }
        return letter is 'a' or 'n' or '4' or '6' or 'o' or 'p';
    }

    private void ApplyShort(char letter)
    {
        switch (letter)
        {
            case 'a': Predict = "always"; break;
            case 'n': Predict = "never"; break;
            case '4': Family = "inet"; break;
            case '6': Family = "inet6"; break;
            case 'o': PredictOverwrite = true; break;
        }
    }

    private void ApplyValue(string name, string value)
    {
        switch (name)
        {
            case "client": Client = value; break;
            case "server": Server = value; break;
            case "predict": Predict = value; break;
            case "port": PortRequest = value; break;
            case "family": Family = value; break;
            case "ssh": Ssh = ShellWords.Split(value); break;
            case "bind-server": BindServer = value; break;
            case "experimental-remote-ip": RemoteIpMode = value; break;
            case "scrollback": Scrollback = value; break;
        }
    }

    private void ApplyFlag(string name, bool on)
    {
        switch (name)
        {
            case "predict-overwrite": PredictOverwrite = on; break;
            case "ssh-pty": SshPty = on; break;
            case "init": TermInit = on; break;
            case "local": Local = on; break;
            case "help": Help = on; break;
            case "version": Version = on; break;
            case "fake-proxy": FakeProxy = on; break;
            case "list": List = on; break;
        }
    }

    // Getopt::Long accepts any unique prefix of an option name (and an exact name even when it prefixes others).
    private static Spec? Find(string name)
    {
        if (name.Length == 0) return null;
        Spec? found = null;
        int matches = 0;
        foreach (var s in s_long)
        {
            if (s.Name == name) return s;
            if (s.Name.StartsWith(name, StringComparison.Ordinal))
            {
                found = s;
                matches++;
            }
        }
        return matches == 1 ? found : null;
    }

    private static bool Ambiguous(string name)
    {
        int matches = 0;
        foreach (var s in s_long)
            if (name.Length > 0 && s.Name.StartsWith(name, StringComparison.Ordinal)) matches++;
        return matches > 1;
    }
}
