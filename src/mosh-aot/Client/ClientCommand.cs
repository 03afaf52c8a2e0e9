using System.Globalization;
using System.Security.Cryptography;
using Mosh.Crypto;
using Mosh.Overlays.Prediction;
using Mosh.Posix;
using Mosh.Transport;
using MoshAot.Server;

namespace MoshAot.Client;

/// <summary>mosh-client: command line and environment (protocol §6.6), then the session, then the exit messages.</summary>
internal static class ClientCommand
{
    /// <summary>A hidden variable for tests: with <see cref="FaultUnhandledExceptionOnSigusr1"/>, SIGUSR1 crashes the session loop.</summary>
    public const string FaultVariable = "MOSH_AOT_FAULT";

    /// <summary>The history retention the client asks for (§14.3); the launcher's --scrollback sets it.</summary>
    public const string ScrollbackVariable = "MOSH_SCROLLBACK";

    /// <summary>Lines of history asked for when <see cref="ScrollbackVariable"/> is not set.</summary>
    public const int DefaultScrollback = 10_000;

    /// <summary>The most a client may ask for (the server keeps at most this many lines too).</summary>
    public const int MaxScrollback = Mosh.StateSync.CompleteTerminal.MaxHistoryLinesPerDiff;

    /// <summary>A retention from 0 to <see cref="MaxScrollback"/>, in decimal digits.</summary>
    public static bool TryParseScrollback(string text, out int lines)
    {
        lines = 0;
        if (text.Length is 0 or > 9) return false;
        foreach (char c in text)
            if (c is < '0' or > '9') return false;
        lines = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return lines <= MaxScrollback;
    }

    public const string FaultUnhandledExceptionOnSigusr1 = "unhandled-exception-on-sigusr1";

    public static int Run(string argv0, string[] args)
    {
        // For security, no core file (it could hold the key).
        if (!Cli.CoreDumpGuard.Apply(out _)) return 1;

        var stdout = Cli.StdIo.Out;
        var stderr = Cli.StdIo.Error;
        ClientOptions? options = ClientOptions.Parse(argv0, args, stdout, stderr, out var action, out int exitCode);
        if (action == ClientOptions.Action.PrintColors) return PrintColors(stdout, stderr);
        if (options is null) return exitCode;

        // Taken out of the C library's environment as upstream does (getenv, then unsetenv), so nothing
        // we might start inherits it, and parsed from bytes that are zeroed at once: no string holds it.
        Span<byte> keyText = stackalloc byte[SessionKey.PrintableLength];
        if (!SecretEnvironment.Take("MOSH_KEY", keyText, out int keyLength))
        {
            stderr.Write("MOSH_KEY environment variable not found.\n");
            return 1;
        }
        SessionKey? key = null;
        string? keyError = SessionKey.WrongLengthError;
        if (keyLength == SessionKey.PrintableLength)
            SessionKey.TryParse(keyText, out key, out keyError);
        CryptographicOperations.ZeroMemory(keyText);

        // Upstream's order: adopt the locale, check the terminal type (before the terminal is
        // touched), the prediction mode, then the locale's character set.
        LocaleCheck.SetNativeLocale(stderr);

        string? terminalTypeError = TerminalTypeError(Environment.GetEnvironmentVariable("TERM"));
        if (terminalTypeError is not null)
        {
            stderr.Write($"Error: {terminalTypeError}\r\n");
            stdout.Write("[mosh is exiting.]\n");
            return 1;
        }

        var mode = PredictionDisplayMode.Adaptive;
        string? predict = Environment.GetEnvironmentVariable("MOSH_PREDICTION_DISPLAY");
        if (predict is not null && !PredictionDisplayModes.TryParse(predict, out mode))
        {
            stderr.Write($"Unknown prediction mode {predict}.\n");
            return 1;
        }
        bool overwrite = Environment.GetEnvironmentVariable("MOSH_PREDICTION_OVERWRITE") == "yes";

        // Ours (§14.3): the history retention to ask the server for; 0 asks for none.
        int scrollback = DefaultScrollback;
        string? scrollbackText = Environment.GetEnvironmentVariable(ScrollbackVariable);
        if (scrollbackText is { Length: > 0 } && !TryParseScrollback(scrollbackText, out scrollback))
        {
            stderr.Write($"{ScrollbackVariable} must be a number of lines from 0 to {MaxScrollback}, not {scrollbackText}.\n");
            return 1;
        }

        if (!LocaleCheck.ClientLocaleIsUtf8(stderr)) return 1;

        if (key is null)
        {
            stderr.Write($"Crypto exception: {keyError}\r\n");
            stdout.Write("[mosh is exiting.]\n");
            return 1;
        }
        if (!NetAddress.TryParse(options.Ip, options.Port, out NetAddress server))
        {
            stderr.Write($"Error: Bad IP address ({options.Ip})\r\n");
            stdout.Write("[mosh is exiting.]\n");
            return 1;
        }

        LocalTerminal? local = LocalTerminal.Open(out string? terminalError);
        if (local is null)
        {
            stderr.Write(terminalError + "\n");
            return 1;
        }

        // Hidden, for tests of the last resort: SIGUSR1 makes the session loop throw.
        bool faultOnSigusr1 = Environment.GetEnvironmentVariable(FaultVariable) == FaultUnhandledExceptionOnSigusr1;
        using var lastResort = LastResortRestore.Install(local, faultOnSigusr1 ? [Signals.SIGUSR1] : []);

        int status;
        bool everConnected;
        using (var session = new ClientSession(server, options.PortText, key, local, mode, overwrite, MonotonicClock.NowMs,
            faultOnSigusr1, scrollback))
        {
            // The session's cipher holds the expanded key; the raw key goes now.
            key.Dispose();
            try
            {
                status = session.Run();
            }
            finally
            {
                local.Restore();
            }
            everConnected = session.EverConnected;
            RetirementNotice retirement = session.Retirement;
            if (retirement.Kind == RetirementKind.TakenOver)
            {
                // Ours (protocol §14.1): another client attached; this one leaves quietly.
                stdout.Write($"\n[mosh: session attached from {retirement.Address}]\n");
                stdout.Flush();
                return 0;
            }
            if (session.Detached)
            {
                string id = session.SessionId;
                stdout.Write(id.Length > 0
                    ? $"\n[mosh: detached from session {id}; it keeps running. Reattach with: mosh --attach={id} [user@]host]\n"
                    : "\n[mosh: detached; the session keeps running. Reattach with: mosh --attach [user@]host]\n");
                if (retirement.Kind != RetirementKind.Detached)
                    stderr.Write("(the server did not confirm the detach in time; `mosh --list` shows whether it did)\n");
                stdout.Flush();
                return 0;
            }
            if (!everConnected)
            {
                stderr.Write($"\nmosh did not make a successful connection to {options.Ip}:{options.PortText}.\n" +
                             $"Please verify that UDP port {options.PortText} is not firewalled and can reach the server.\n\n" +
                             "(By default, mosh uses a UDP port between 60000 and 61000. The -p option\n" +
                             "selects a specific UDP port number.)\n");
            }
            else if (!session.CleanExit)
            {
                stderr.Write("\nmosh did not shut down cleanly. Please note that the\nmosh-server process may still be running on the server.\n");
            }
        }
        stdout.Write("[mosh is exiting.]\n");
        stdout.Flush();
        return status;
    }

    /// <summary>
    /// Upstream's display refuses a terminal it cannot drive, with ncurses' verdict in its own
    /// words (terminaldisplayinit.cc); null when the terminal is usable.
    /// </summary>
    internal static string? TerminalTypeError(string? term) => TerminfoDatabase.Setup(term, out _) switch
    {
        TerminfoSetup.Ok => null,
        TerminfoSetup.Hardcopy => "Terminal is hardcopy and cannot be used by curses applications.",
        TerminfoSetup.UnknownTerminal => "Unknown terminal type.",
        _ => "Terminfo database could not be found.",
    };

    /// <summary>-c: the terminfo colour count for $TERM, which the launcher passes to the server.</summary>
    private static int PrintColors(TextWriter stdout, TextWriter stderr)
    {
        string? term = Environment.GetEnvironmentVariable("TERM");
        if (string.IsNullOrEmpty(term))
        {
            // ncurses' setupterm words an unset or empty TERM differently from an unknown one.
            stderr.Write("TERM environment variable not set.\n");
            return 1;
        }
        TerminfoEntry? info = TerminfoDatabase.Load(term);
        if (info is null)
        {
            stderr.Write($"'{term}': unknown terminal type.\n");
            return 1;
        }
        stdout.Write(info.Colors.ToString(CultureInfo.InvariantCulture) + "\n");
        return 0;
    }
}
