using MoshAot.Client;
using MoshAot.Launcher;
using MoshAot.Server;

namespace MoshAot;

/// <summary>
/// One executable, several programs: the role comes from the name it was called by
/// (mosh, mosh-server, mosh-client — usually symlinks) or from a subcommand of mosh-aot.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string invokedAs = Path.GetFileName(Environment.GetCommandLineArgs()[0]);
        return Run(invokedAs, args);
    }

    internal static int Run(string invokedAs, string[] args)
    {
        switch (invokedAs)
        {
            case "mosh-server": return ServerCommand.Run(invokedAs, args);
            case "mosh-client": return ClientCommand.Run(invokedAs, args);
            case "mosh": return LauncherCommand.Run(invokedAs, args);
        }

        if (args.Length == 0)
        {
            Cli.StdIo.Error.Write(Usage.MoshAot);
            return 1;
        }

        string[] rest = args[1..];
        switch (args[0])
        {
            case "server": return ServerCommand.Run("mosh-server", rest);
            case "client": return ClientCommand.Run("mosh-client", rest);
            case "mosh": return LauncherCommand.Run("mosh", rest);
            // A JIT build started through its apphost sees "mosh-aot.dll" as argv[0] whatever link
            // it was called by, so the daemon the server re-executes lands here (make bench's
            // allocation count runs the server that way; the Native AOT binary never does).
            case ServerHandoff.DaemonArgument: return ServerCommand.Run("mosh-server", args);
            case "probe": return Probe.ProbeCommand.Run(rest);
            case "replay": return ReplayCommand.Run(rest);
            case "selftest-posix": return PosixSelfTestCommand.Run(rest); // hidden: checks the libc layer in the AOT binary
            case "selftest-crypto": return CryptoSelfTestCommand.Run(); // checks this CPU's AES paths
            case "--version":
            case "version":
                Cli.StdIo.Out.Write(Usage.Version("mosh-aot"));
                return 0;
            case "--help":
            case "-h":
            case "help":
                Cli.StdIo.Out.Write(Usage.MoshAot);
                return 0;
            default:
                Cli.StdIo.Error.Write($"mosh-aot: unknown command '{args[0]}'\n\n");
                Cli.StdIo.Error.Write(Usage.MoshAot);
                return 1;
        }
    }
}
