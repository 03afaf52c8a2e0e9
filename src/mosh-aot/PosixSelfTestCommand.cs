using System.Diagnostics;
using System.Text;
using Mosh.Posix;

namespace MoshAot;

/// <summary>
/// Hidden <c>mosh-aot selftest-posix</c>: exercises the libc layer inside the Native AOT binary,
/// where imports are resolved and marshalled differently from the JIT-hosted unit tests.
/// Prints one line per check; exit status 0 only if all pass.
/// </summary>
internal static class PosixSelfTestCommand
{
    public static int Run(string[] args)
    {
        if (args is ["exec-child", .. var rest])
        {
            // Second stage of the "exec" check: become /bin/sh, which exits with a known status.
            Errno e = ChildProcess.ReplaceProcess("sh", ["sh", "-c", "exit " + rest[0]], ChildProcess.BuildEnvironment([]), searchPath: true);
            Cli.StdIo.Error.Write("exec failed: " + e.Message + "\n");
            return 1;
        }
        int failures = 0;
        failures += Check("errno text", () => Errno.EMSGSIZE.Message == "Message too long");
        failures += Check("identity", () => ProcessInfo.ProcessId == Environment.ProcessId && ProcessInfo.HostName is { Length: > 0 } && UserAccount.Current is { Home.Length: > 0 });
        failures += Check("terminfo", () => TerminfoDatabase.Load("xterm-256color") is not { } e || (e.Colors == 256 && e.BackColorErase && e.HasEraseChars));
        failures += Check("udp loopback", UdpLoopback);
        failures += Check("pty shell", PtyShell);
        failures += Check("raw mode", RawMode);
        failures += Check("signals", SignalDelivery);
        failures += Check("waitpid", WaitStatus);
        failures += Check("re-exec self, then exec", ReExec);
        failures += Check("ignored SIGHUP/SIGPIPE", IgnoredSignals);
        return failures == 0 ? 0 : 1;
    }

    private static int Check(string name, Func<bool> test)
    {
        bool ok;
        string detail = string.Empty;
        try
        {
            ok = test();
        }
        catch (Exception e)
        {
            ok = false;
            detail = ": " + e.GetType().Name + ": " + e.Message;
        }
        Cli.StdIo.Out.Write((ok ? "ok   " : "FAIL ") + name + detail + "\n");
        return ok ? 0 : 1;
    }

    private static bool UdpLoopback()
    {
        using UdpSocket a = UdpSocket.Create(IpFamily.IPv4, out Errno e1) ?? throw new PosixException("socket", e1);
        using UdpSocket b = UdpSocket.Create(IpFamily.IPv4, out Errno e2) ?? throw new PosixException("socket", e2);
        NetAddress.TryParse("127.0.0.1", 0, out NetAddress loopback);
        a.Bind(loopback).ThrowIfError("bind");
        b.Bind(loopback).ThrowIfError("bind");
        b.GetLocalAddress(out NetAddress target).ThrowIfError("getsockname");
        a.GetLocalAddress(out NetAddress source).ThrowIfError("getsockname");
        a.SendTo(new byte[100], target);
        var poller = new Poller(1);
        poller.Add(b.Fd, PollEvents.Readable);
        poller.Wait(2000, out _);
        UdpReceiveResult r = b.Receive(new byte[50], out NetAddress from);
        bool tooBig = a.SendTo(new byte[70000], target).Error == Errno.EMSGSIZE;
        return r.IsSuccess && r.Count == 50 && r.Truncated && r.Tos == 2 && from == source && tooBig;
    }

    private static bool PtyShell()
    {
        Pty.Open(new WindowSize(90, 33), out PtyPair pty).ThrowIfError("openpty");
        string[] env = ChildProcess.BuildEnvironment([new("TERM", "xterm"), new("ENV", null)]);
        int pid = ChildProcess.SpawnOnPty(pty, "sh", ["-sh", "-c", "read x; echo hi-$((6*7)) $(stty size) $x $(ps -o tty= -p $$)"], env, "/", searchPath: true, out Errno error);
        error.ThrowIfError("posix_spawn");
        string slave = Pty.TerminalName(pty.Slave, out _) ?? "?";
        FileDescriptor.Close(pty.Slave);
        FileDescriptor.WriteAll(pty.Master, "go\n"u8);
        string text = ReadFor(pty.Master, "pts/", 5000);
        text += ReadFor(pty.Master, "\n", 1000);
        ChildProcess.Wait(pid, noHang: false, out ExitStatus status, out _);
        FileDescriptor.Close(pty.Master);
        return text.Contains("hi-42 33 90 go " + slave["/dev/".Length..], StringComparison.Ordinal) && status.Exited && status.ExitCode == 0;
    }

    private static bool RawMode()
    {
        Pty.Open(new WindowSize(80, 24), out PtyPair pty).ThrowIfError("openpty");
        try
        {
            Termios.Get(pty.Slave, out TerminalMode before).ThrowIfError("tcgetattr");
            SavedTerminal saved = SavedTerminal.Capture(pty.Slave, out Errno error) ?? throw new PosixException("tcgetattr", error);
            saved.EnterRaw().ThrowIfError("tcsetattr");
            FileDescriptor.WriteAll(pty.Master, "x"u8);
            string raw = ReadFor(pty.Slave, "x", 2000); // readable without a newline: non-canonical
            saved.Restore().ThrowIfError("tcsetattr");
            Termios.Get(pty.Slave, out TerminalMode after).ThrowIfError("tcgetattr");
            if (raw != "x")
            {
                throw new InvalidOperationException("raw read gave '" + raw + "'");
            }
            return before.AsBytes().SequenceEqual(after.AsBytes());
        }
        finally
        {
            FileDescriptor.Close(pty.Master);
            FileDescriptor.Close(pty.Slave);
        }
    }

    private static bool SignalDelivery()
    {
        using var pipe = new SignalPipe();
        pipe.Watch(Signals.SIGUSR1);
        pipe.Watch(Signals.SIGWINCH);
        pipe.Watch(Signals.SIGTERM);
        var poller = new Poller(1);
        poller.Add(pipe.ReadFd, PollEvents.Readable);
        ulong seen = 0;
        Signals.Raise(Signals.SIGUSR1);
        Signals.Kill(ProcessInfo.ProcessId, Signals.SIGWINCH);
        Signals.Raise(Signals.SIGTERM);
        var clock = Stopwatch.StartNew();
        ulong wanted = (1UL << Signals.SIGUSR1) | (1UL << Signals.SIGWINCH) | (1UL << Signals.SIGTERM);
        while ((seen & wanted) != wanted && clock.ElapsedMilliseconds < 5000)
        {
            poller.Wait(500, out _);
            seen |= pipe.TakePending();
        }
        return (seen & wanted) == wanted;
    }

    private static bool WaitStatus()
    {
        int devNull = FileDescriptor.OpenDevNull(out Errno error);
        int pid = ChildProcess.SpawnDetached("/bin/sh", ["sh", "-c", "exit 9"], [], [devNull, devNull, devNull], out error);
        FileDescriptor.Close(devNull);
        error.ThrowIfError("posix_spawn");
        ChildProcess.Wait(pid, noHang: false, out ExitStatus status, out _);
        return status.Exited && status.ExitCode == 9;
    }

    private static bool ReExec()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            return true; // only meaningful in the native binary, where /proc/self/exe is mosh-aot itself
        }
        int devNull = FileDescriptor.OpenDevNull(out Errno error);
        int pid = ChildProcess.SpawnDetached(ChildProcess.SelfExecutablePath, ["mosh-aot", "selftest-posix", "exec-child", "23"], ChildProcess.BuildEnvironment([]),
            [devNull, devNull, 2], out error);
        FileDescriptor.Close(devNull);
        error.ThrowIfError("posix_spawn");
        ChildProcess.Wait(pid, noHang: false, out ExitStatus status, out _);
        return status.Exited && status.ExitCode == 23;
    }

    private static bool IgnoredSignals()
    {
        // The server's dispositions: both signals must neither kill us nor reach a handler.
        Signals.Ignore(Signals.SIGHUP).ThrowIfError("signal");
        Signals.Ignore(Signals.SIGPIPE).ThrowIfError("signal");
        Signals.Raise(Signals.SIGHUP);
        Signals.Raise(Signals.SIGPIPE);
        FileDescriptor.CreatePipe(out int r, out int w, nonBlocking: false).ThrowIfError("pipe2");
        FileDescriptor.Close(r);
        IoResult result = FileDescriptor.Write(w, "x"u8);
        FileDescriptor.Close(w);
        Thread.Sleep(50);
        return result.Error.Value == 32; // EPIPE instead of death
    }

    private static string ReadFor(int fd, string needle, int timeoutMs)
    {
        var text = new StringBuilder();
        var poller = new Poller(1);
        poller.Add(fd, PollEvents.Readable);
        var buffer = new byte[1024];
        var clock = Stopwatch.StartNew();
        while (!text.ToString().Contains(needle, StringComparison.Ordinal) && clock.ElapsedMilliseconds < timeoutMs)
        {
            if (poller.Wait(100, out _) > 0)
            {
                IoResult r = FileDescriptor.Read(fd, buffer);
                if (r.Count <= 0)
                {
                    break;
                }
                text.Append(Encoding.UTF8.GetString(buffer, 0, r.Count));
            }
        }
        return text.ToString();
    }
}
