using System.Globalization;
using Mosh.Crypto;
using Mosh.Overlays.Prediction;
using Mosh.Posix;
using MoshAot.Server;

namespace MoshAot.Client;

/// <summary>mosh-client: command line and environment (protocol §6.6), then the session, then the exit messages.</summary>
internal static class ClientCommand
{
    public static int Run(string argv0, string[] args)
    {
        var stdout = Cli.StdIo.Out;
        var stderr = Cli.StdIo.Error;
        ClientOptions? options = ClientOptions.Parse(argv0, args, stdout, stderr, out var action, out int exitCode);
        if (action == ClientOptions.Action.PrintColors) return PrintColors(stdout, stderr);
        if (options is null) return exitCode;

        string? keyText = Environment.GetEnvironmentVariable("MOSH_KEY");
        if (keyText is null)
        {
            stderr.Write("MOSH_KEY environment variable not found.\n");
            return 1;
        }
        // The key must not leak into anything we might start (the variable is visible to the same user).
        Environment.SetEnvironmentVariable("MOSH_KEY", null);

        var mode = PredictionDisplayMode.Adaptive;
        string? predict = Environment.GetEnvironmentVariable("MOSH_PREDICTION_DISPLAY");
        if (predict is not null && !PredictionDisplayModes.TryParse(predict, out mode))
        {
            stderr.Write($"Unknown prediction mode {predict}.\n");
            return 1;
        }
        bool overwrite = Environment.GetEnvironmentVariable("MOSH_PREDICTION_OVERWRITE") == "yes";

        if (!LocaleCheck.IsNativeLocaleUtf8())
        {
            stderr.Write("mosh-client needs a UTF-8 native locale to run.\n\n");
            stderr.Write($"Unfortunately, the client's environment ({LocaleCheck.DescribeCtype()}) specifies\nthe character set \"{LocaleCheck.Charset()}\".\n\n");
            return 1;
        }

        if (!SessionKey.TryParse(keyText, out SessionKey key, out string? keyError))
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

        int status;
        bool everConnected;
        using (var session = new ClientSession(server, options.PortText, key, local, mode, overwrite, MonotonicClock.NowMs))
        {
            try
            {
                status = session.Run();
            }
            finally
            {
                local.Restore();
            }
            everConnected = session.EverConnected;
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
