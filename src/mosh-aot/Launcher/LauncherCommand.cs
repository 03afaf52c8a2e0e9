using System.Globalization;
using System.Text;
using Mosh.Posix;
using MoshAot.Cli;

namespace MoshAot.Launcher;

/// <summary>
/// mosh, the launcher (protocol §6.9): ask the client for the colour count, start mosh-server through
/// ssh (or locally with --local), read its MOSH CONNECT line, then become the client.
/// </summary>
internal static class LauncherCommand
{
    public const string UsageText =
        "Usage: mosh [options] [--] [user@]host [command...]\n" +
        "        --client=PATH        mosh client on local machine\n" +
        "                                (default: \"mosh-client\")\n" +
        "        --server=COMMAND     mosh server on remote machine\n" +
        "                                (default: \"mosh-server\")\n" +
        "\n" +
        "        --predict=adaptive      local echo for slower links [default]\n" +
        "-a      --predict=always        use local echo even on fast links\n" +
        "-n      --predict=never         never use local echo\n" +
        "        --predict=experimental  aggressively echo even when incorrect\n" +
        "\n" +
        "-o      --predict-overwrite     prediction overwrites instead of inserting\n" +
        "\n" +
        "-4      --family=inet        use IPv4 only\n" +
        "-6      --family=inet6       use IPv6 only\n" +
        "        --family=auto        autodetect network type for single-family hosts only\n" +
        "        --family=all         try all network types\n" +
        "        --family=prefer-inet use all network types, but try IPv4 first [default]\n" +
        "        --family=prefer-inet6 use all network types, but try IPv6 first\n" +
        "-p PORT[:PORT2]\n" +
        "        --port=PORT[:PORT2]  server-side UDP port or range\n" +
        "                                (No effect on server-side SSH port)\n" +
        "        --bind-server={ssh|any|IP}  ask the server to reply from an IP address\n" +
        "                                       (default: \"ssh\")\n" +
        "\n" +
        "        --ssh=COMMAND        ssh command to run when setting up session\n" +
        "                                (example: \"ssh -p 2222\")\n" +
        "                                (default: \"ssh\")\n" +
        "\n" +
        "        --no-ssh-pty         do not allocate a pseudo tty on ssh connection\n" +
        "\n" +
        "        --no-init            do not send terminal initialization string\n" +
        "\n" +
        "        --scrollback=N       keep the last N lines of the session's history in\n" +
        "                             this terminal's scrollback (default: 10000,\n" +
        "                             0: off; needs mosh-aot's client and server)\n" +
        "\n" +
        "        --local              run mosh-server locally without using ssh\n" +
        "\n" +
        "        --list               list your sessions on the host (attached or detached)\n" +
        "        --attach[=ID]        reattach to session ID, or to the only detached one\n" +
        "                             (else the only one);\n" +
        "                             a client still attached to it is told and exits\n" +
        "                             (Ctrl-^ d detaches a session of a mosh-aot server)\n" +
        "\n" +
        "        --experimental-remote-ip=(local|remote|proxy)  select the method for\n" +
        "                             discovering the remote IP address to use for mosh\n" +
        "                             (default: \"proxy\")\n" +
        "\n" +
        "        --help               this message\n" +
        "        --version            version and copyright information\n";

    /// <summary>Perl's die exits with 255; scripts that wrap mosh may look at it.</summary>
    private const int DieStatus = 255;

    public static int Run(string argv0, string[] args)
    {
        TextWriter stdout = StdIo.Out, stderr = StdIo.Error;
        LauncherOptions? o = LauncherOptions.Parse(args, out string? parseError);
        if (o is null)
        {
            stderr.Write(parseError + "\n" + UsageText);
            return DieStatus;
        }
        if (o.Help)
        {
            stdout.Write(UsageText);
            return 0;
        }
        if (o.Version)
        {
            stdout.Write(Usage.Version("mosh"));
            return 0;
        }
        if (o.FakeProxy)
            return FakeProxy.Run(o.Rest, o.Family, stderr);

        try
        {
            return Launch(argv0, args, o, stdout, stderr);
        }
        catch (LauncherException e)
        {
            if (e.Message.Length > 0) stderr.Write(e.Format(argv0) + (e.Message.EndsWith('\n') ? "" : "\n"));
            if (e.Usage) stderr.Write(UsageText);
            return DieStatus;
        }
    }

    private static int Launch(string argv0, string[] args, LauncherOptions o, TextWriter stdout, TextWriter stderr)
    {
        LauncherPlan plan = LauncherPlan.Create(o, Environment.GetEnvironmentVariable);
        // Changes to our environment for the programs we start, applied in order.
        var env = new List<KeyValuePair<string, string?>> { new("MOSH_PREDICTION_DISPLAY", null) };
        if (o.PredictOverwrite) env.Add(new("MOSH_PREDICTION_OVERWRITE", "yes"));

        int colors = CountColors(o.Client, ChildProcess.BuildEnvironment([.. env]));
        env.Add(new("MOSH_CLIENT_PID", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));

        var reader = new ConnectMessageReader();
        string userHost = plan.UserHost;
        if (o.RemoteIpMode == "local" && !o.Local)
        {
            int at = userHost.LastIndexOf('@');
            string user = at >= 0 ? userHost[..(at + 1)] : "";
            string host = at >= 0 ? userHost[(at + 1)..] : userHost;
            string ip = FakeProxy.Resolve(host, plan.Family).FirstOrDefault()?.ToString()
                ?? throw new LauncherException($"could not find address for {host}", bare: true);
            reader.Accept("MOSH IP " + ip, false, TextWriter.Null);
            userHost = user + ip;
        }

        List<string> serverArgs = o.List ? ["list"]
            : o.Attach is { } attachId ? (attachId.Length > 0 ? ["attach", attachId] : ["attach"])
            : plan.ServerArguments(o, colors, Environment.GetEnvironmentVariable);
        if ((o.List || o.Attach is not null) && plan.Command.Count > 0)
            throw new LauncherException("--list and --attach take no command: the session runs its own.");
        Errno error = FileDescriptor.CreatePipe(out int pipeRead, out int pipeWrite, nonBlocking: false);
        if (error != Errno.None) throw new LauncherException($"pipe: {error.Message}");

        int pid;
        if (o.Local)
        {
            // No ssh: run the server here, from the home directory, as the remote login would.
            reader.Accept("MOSH IP " + userHost, false, TextWriter.Null);
            string[] serverEnv = ChildProcess.BuildEnvironment([.. env, new("SSH_CONNECTION", null)]);
            string command = "cd \"$HOME\" 2>/dev/null; exec " + o.Server + " " + ShellWords.Quote(serverArgs);
            pid = ChildProcess.SpawnWithDescriptors("/bin/sh", ["sh", "-c", command], serverEnv,
                [0, pipeWrite, pipeWrite], newSession: false, searchPath: false, out error);
            if (pid < 0) throw new LauncherException($"Cannot exec {o.Server}: {error.Message}", bare: true);
        }
        else
        {
            // Non-standard shells and broken rc files break the ProxyCommand in mysterious ways.
            string[] sshEnv = ChildProcess.BuildEnvironment(
                o.RemoteIpMode == "proxy" ? [.. env, new("SHELL", "/bin/sh")] : [.. env]);
            List<string> sshArgs = plan.SshArguments(o, serverArgs, SelfCommand());
            if (o.RemoteIpMode == "local")
                sshArgs[sshArgs.IndexOf(plan.UserHost)] = userHost;
            pid = ChildProcess.SpawnWithDescriptors(sshArgs[0], sshArgs.ToArray(), sshEnv,
                [0, pipeWrite, pipeWrite], newSession: false, searchPath: true, out error);
            if (pid < 0) throw new LauncherException($"Cannot exec ssh: {error.Message}", bare: true);
        }
        FileDescriptor.Close(pipeWrite);

        bool rangeRequested = o.PortRequest?.Contains(':') == true;
        ExitStatus serverStatus;
        try
        {
            var lines = new BoundedLineReader(pipeRead);
            while (lines.TryRead(out string line, out bool overlong, out bool endsLine))
            {
                if (overlong)
                {
                    // Too long to be a line we look for: the user sees it, we keep none of it.
                    stdout.Write(endsLine ? line + "\n" : line);
                    continue;
                }
                if (!reader.Accept(line, rangeRequested, stdout)) break;
            }
        }
        finally
        {
            FileDescriptor.Close(pipeRead);
            ChildProcess.Wait(pid, noHang: false, out serverStatus, out _);
        }
        if (o.List) return serverStatus.Exited ? serverStatus.ExitCode : 1;
        if (o.Attach is not null && reader.Key is null)
        {
            // mosh-server attach said why (no such session, several detached ones); nothing to connect to.
            return serverStatus.Exited && serverStatus.ExitCode != 0 ? serverStatus.ExitCode : 1;
        }

        string? serverIp = reader.Ip;
        if (serverIp is null)
        {
            if (reader.SshConnectionIp is null)
                throw new LauncherException("Did not find remote IP address (is SSH ProxyCommand disabled?).");
            stderr.Write($"{argv0}: Using remote IP address {reader.SshConnectionIp} from $SSH_CONNECTION for hostname {userHost}\n");
            serverIp = reader.SshConnectionIp;
        }
        if (reader.Key is null || reader.Port is null)
        {
            if (reader.SawBadUdpPort) throw new LauncherException("Server does not support UDP port range option.");
            throw new LauncherException("Did not find mosh server startup message. (Have you installed mosh on your server?)");
        }

        env.Add(new("MOSH_KEY", reader.Key));
        env.Add(new("MOSH_PREDICTION_DISPLAY", plan.Predict));
        if (!o.TermInit) env.Add(new("MOSH_NO_TERM_INIT", "1"));
        // Ours: the client asks the server for history in the protocol itself (§14.3), so an
        // upstream server, which would refuse an option it does not know, is never told.
        if (plan.Scrollback is { } scrollback)
            env.Add(new(Client.ClientCommand.ScrollbackVariable, scrollback.ToString(CultureInfo.InvariantCulture)));
        string[] clientArgv = [o.Client, "-# " + string.Join(' ', args) + " |", serverIp, reader.Port];
        error = ChildProcess.ReplaceProcess(o.Client, clientArgv, ChildProcess.BuildEnvironment([.. env]), searchPath: !o.Client.Contains('/'));
        throw new LauncherException($"Cannot exec {o.Client}: {error.Message}", bare: true);
    }

    /// <summary>Runs `client -c`; anything but a non-negative number counts as 0 colours, as upstream.</summary>
    private static int CountColors(string client, string[] env)
    {
        if (FileDescriptor.CreatePipe(out int read, out int write, nonBlocking: false) != Errno.None) return 0;
        int devNull = FileDescriptor.OpenDevNull(out _);
        int pid = ChildProcess.SpawnWithDescriptors(client, [client, "-c"], env, [devNull, write, 2],
            newSession: false, searchPath: !client.Contains('/'), out Errno error);
        FileDescriptor.Close(write);
        if (devNull >= 0) FileDescriptor.Close(devNull);
        if (pid < 0)
        {
            FileDescriptor.Close(read);
            throw new LauncherException($"Can't count colors: {error.Message}", bare: true);
        }
        // One short line is expected; anything longer is not a number anyway.
        var lines = new BoundedLineReader(read, 64);
        string text = lines.TryRead(out string first, out bool overlong, out _) && !overlong ? first.Trim() : "";
        FileDescriptor.Close(read);
        ChildProcess.Wait(pid, noHang: false, out _, out _);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int colors) ? colors : 0;
    }

    /// <summary>How ssh's ProxyCommand can run this launcher again: the binary, plus the role when it is not named mosh.</summary>
    private static List<string> SelfCommand()
    {
        string exe = Environment.ProcessPath ?? "mosh";
        return Path.GetFileName(exe) == "mosh" ? [exe] : [exe, "mosh"];
    }
}
