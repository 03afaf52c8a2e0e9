using Mosh.StateSync;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mosh.Crypto;
using Mosh.Posix;

namespace MoshAot.Server;

/// <summary>
/// mosh-server: parse the command line, bind the UDP port, print <c>MOSH CONNECT</c>, and detach
/// a daemon that runs the session (protocol §6.1–§6.4). The process that ssh started exits at once.
/// </summary>
internal static class ServerCommand
{
    public static int Run(string argv0, string[] args)
    {
        // For security, no core file (it could hold the key); the session's program gets the limit back.
        if (!Cli.CoreDumpGuard.Apply(out ulong coreLimit)) return 1;

        if (args.Length >= 1 && args[0] == ServerHandoff.DaemonArgument)
        {
            NameProcess("mosh-server");
            return ServerDaemon.RunFromHandoff();
        }

        var stdout = Cli.StdIo.Out;
        var stderr = Cli.StdIo.Error;
        // Ours (protocol §14.2): the user's running sessions, and a fresh key for one of them.
        if (args.Length >= 1 && args[0] == "list") return Sessions.SessionsCommand.List(args[1..], stdout, stderr);
        if (args.Length >= 1 && args[0] == "attach") return Sessions.SessionsCommand.Attach(args[1..], stdout, stderr);
        ServerOptions? options = ServerOptions.Parse(argv0, args, stdout, stderr, Environment.GetEnvironmentVariable, out int exitCode);
        if (options is null) return exitCode;

        long networkTimeout = ReadTimeout("MOSH_SERVER_NETWORK_TMOUT", stderr);
        long signalTimeout = ReadTimeout("MOSH_SERVER_SIGNAL_TMOUT", stderr);

        if (!LocaleCheck.EnsureUtf8(options.LocaleAssignments, stderr)) return 1;

        (int columns, int rows) = InitialSize(0);

        UdpSocket? socket = ServerBinding.Bind(options.BindIp, options.Port ?? PortRange.Default, stderr, out int port, out string? fatal);
        if (socket is null)
        {
            stderr.Write($"Network exception: {fatal}\n");
            return 1;
        }

        using SessionKey key = SessionKey.Generate();
        var handoff = new ServerHandoff
        {
            Key = key,
            Columns = columns,
            Rows = rows,
            Colors = options.Colors,
            Verbose = options.Verbose,
            NetworkTimeoutSeconds = networkTimeout,
            SignalTimeoutSeconds = signalTimeout,
            Family = socket.Family,
            CoreLimit = coreLimit,
            Command = options.Command,
        };

        // Typed-ahead input echoed by an ssh pty could otherwise corrupt the line the launcher reads.
        if (FileDescriptor.IsTerminal(0)) stdout.Write("\r\n\n");
        WriteConnectLine(port, key);

        int pid = SpawnDaemon(handoff, socket, options.Verbose > 0, out Errno spawnError);
        socket.Dispose();
        if (pid < 0)
        {
            stderr.Write($"mosh-server: cannot start the session: {spawnError.Message}\n");
            return 1;
        }

        stderr.Write("\n" + Usage.Version("mosh-server") + "\n");
        stderr.Write($"[mosh-server detached, pid = {pid.ToString(CultureInfo.InvariantCulture)}]\n");
        stderr.Flush();
        return 0;
    }

    /// <summary><c>MOSH CONNECT &lt;port&gt; &lt;key&gt;</c>, written from a buffer that is zeroed after, not from a string.</summary>
    /// <summary>
    /// The session's initial size: the pty's on <paramref name="fd"/> (the launcher runs ssh with
    /// -tt), else 80×24, clamped as resizes are (a pty may say 65535×65535); the client sends its
    /// own size first anyway.
    /// </summary>
    internal static (int Columns, int Rows) InitialSize(int fd) =>
        Pty.GetWindowSize(fd, out WindowSize size) == Errno.None && size.Columns > 0 && size.Rows > 0
            ? WindowLimits.Clamp(size.Columns, size.Rows)
            : (80, 24);

    private static void WriteConnectLine(int port, SessionKey key)
    {
        Span<byte> line = stackalloc byte[64];
        int n = Encoding.ASCII.GetBytes($"MOSH CONNECT {port.ToString(CultureInfo.InvariantCulture)} ", line);
        key.WritePrintable(line[n..]);
        n += SessionKey.PrintableLength;
        line[n++] = (byte)'\n';
        FileDescriptor.WriteAll(1, line[..n]);
        CryptographicOperations.ZeroMemory(line);
    }

    /// <summary>Upstream's validation of the two timeout variables: invalid or negative values are ignored with a message.</summary>
    internal static long ReadTimeout(string name, TextWriter stderr)
    {
        string? text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text)) return 0;
        long value = Cli.CStyleNumber.StrToL(text, 0, out int end, out bool overflow);
        if (end != text.Length || overflow)
        {
            stderr.Write($"{name} not a valid integer, ignoring\n");
            return 0;
        }
        if (value < 0)
        {
            stderr.Write($"{name} is negative, ignoring\n");
            return 0;
        }
        return value;
    }

    /// <summary>
    /// Started through /proc/self/exe, the daemon would be named "exe" by the kernel; users look
    /// for their sessions with `pkill mosh-server`, `killall mosh-server` and `ps`.
    /// </summary>
    private static void NameProcess(string name)
    {
        if (!OperatingSystem.IsLinux()) return;
        try { File.WriteAllText("/proc/self/comm", name); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static int SpawnDaemon(ServerHandoff handoff, UdpSocket socket, bool verbose, out Errno error)
    {
        error = FileDescriptor.CreatePipe(out int pipeRead, out int pipeWrite, nonBlocking: false);
        if (error != Errno.None) return -1;
        int devNull = FileDescriptor.OpenDevNull(out error);
        if (devNull < 0) return -1;
        try
        {
            // Without -v the daemon's stdio is /dev/null, so ssh sees the session's end of output at once.
            int stdin = devNull;
            int stdout = verbose ? 1 : devNull;
            int stderr = verbose ? 2 : devNull;
            ReadOnlySpan<int> fds = [stdin, stdout, stderr, socket.Fd, pipeRead];
            int pid = ChildProcess.SpawnDetached(ChildProcess.SelfExecutablePath,
                ["mosh-server", ServerHandoff.DaemonArgument], ChildProcess.BuildEnvironment([]), fds, out error);
            FileDescriptor.Close(pipeRead);
            pipeRead = -1;
            if (pid > 0)
            {
                byte[] data = handoff.Serialize();
                FileDescriptor.WriteAll(pipeWrite, data);
                CryptographicOperations.ZeroMemory(data);
            }
            return pid;
        }
        finally
        {
            if (pipeRead >= 0) FileDescriptor.Close(pipeRead);
            FileDescriptor.Close(pipeWrite);
            FileDescriptor.Close(devNull);
        }
    }
}
