using System.Text;
using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class ChildProcessTests
{
    private static int SpawnWithStdout(string script, int stdoutFd, ReadOnlySpan<int> extraFds = default)
    {
        int devNull = FileDescriptor.OpenDevNull(out Errno error);
        error.ThrowIfError("open /dev/null");
        try
        {
            var fds = new List<int> { devNull, stdoutFd, devNull };
            fds.AddRange(extraFds.ToArray());
            int pid = ChildProcess.SpawnDetached("/bin/sh", ["sh", "-c", script], PtyTestSupport.Environment(), fds.ToArray(), out error);
            error.ThrowIfError("posix_spawn");
            return pid;
        }
        finally
        {
            FileDescriptor.Close(devNull);
        }
    }

    private static string ReadAll(int fd)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        var poller = new Poller(1);
        poller.Add(fd, PollEvents.Readable);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < PtyTestSupport.Deadline && poller.Wait(1000, out _) >= 0)
        {
            IoResult r = FileDescriptor.Read(fd, buffer);
            if (r.WouldBlock)
            {
                continue;
            }
            if (r.Count == 0)
            {
                break;
            }
            text.Append(Encoding.UTF8.GetString(buffer, 0, r.Count));
        }
        return text.ToString();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(255)]
    public void ExitCodesAreDecoded(int code)
    {
        int pid = SpawnWithStdout($"exit {code}", 1);
        ExitStatus status = PtyTestSupport.Reap(pid, kill: false);
        Assert.True(status.Exited);
        Assert.False(status.Signaled);
        Assert.Equal(code, status.ExitCode);
    }

    [Fact]
    public void KilledChildReportsItsSignalAndNoHangWaitReturnsZeroWhileRunning()
    {
        int pid = SpawnWithStdout("exec sleep 30", 1);
        Assert.Equal(0, ChildProcess.Wait(pid, noHang: true, out _, out Errno error));
        Assert.False(error.IsError);
        Signals.Kill(pid, Signals.SIGTERM).ThrowIfError("kill");
        ExitStatus status = PtyTestSupport.Reap(pid, kill: false);
        Assert.True(status.Signaled);
        Assert.Equal(Signals.SIGTERM, status.TerminatingSignal);
        Assert.Equal(-1, ChildProcess.Wait(pid, noHang: true, out _, out error));
        Assert.Equal(10, error.Value); // ECHILD
    }

    /// <summary>
    /// Runs <paramref name="body"/> as on a C library without <c>posix_spawn_file_actions_addclosefrom_np</c>
    /// (glibc &lt; 2.34) and <c>posix_spawn_file_actions_addchdir_np</c> (glibc &lt; 2.29), or as found here.
    /// Other tests spawning meanwhile take the same path, which must work as well.
    /// </summary>
    private static void AsOnOldGlibc(bool oldGlibc, Action body)
    {
        if (oldGlibc)
        {
            ChildProcess.HasCloseFromAction = false;
            ChildProcess.HasChdirAction = false;
        }
        try
        {
            body();
        }
        finally
        {
            ChildProcess.HasCloseFromAction = null;
            ChildProcess.HasChdirAction = null;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DetachedChildLeadsANewSessionAndGetsOnlyTheChosenFds(bool oldGlibc) =>
        AsOnOldGlibc(oldGlibc, SpawnDetachedWithAStrayDescriptor);

    private static void SpawnDetachedWithAStrayDescriptor()
    {
        FileDescriptor.CreatePipe(out int r, out int w, nonBlocking: true).ThrowIfError("pipe");
        // A descriptor without close-on-exec that is not in the list must still be closed in the child.
        int stray = FileDescriptor.DuplicateAtLeast(w, 200, out Errno error);
        error.ThrowIfError("dup");
        FileDescriptor.SetCloseOnExec(stray, false);
        int pid;
        try
        {
            pid = SpawnWithStdout(
                $"echo sid=$(ps -o sid= -p $$ | tr -d ' ') pid=$$; [ -e /proc/$$/fd/3 ] && echo has3; [ -e /proc/$$/fd/{stray} ] || echo no-stray; echo to3 >&3",
                w, [w]);
        }
        finally
        {
            FileDescriptor.Close(stray);
            FileDescriptor.Close(w);
        }
        string output = ReadAll(r);
        FileDescriptor.Close(r);
        Assert.Equal(0, PtyTestSupport.Reap(pid, kill: false).ExitCode);
        Assert.Contains($"sid={pid} pid={pid}", output);
        Assert.Contains("has3", output);
        Assert.Contains("no-stray", output);
        Assert.Contains("to3", output);
    }

    [Fact]
    public void IgnoredSignalsAreResetAndEnvironmentIsExplicit()
    {
        FileDescriptor.CreatePipe(out int r, out int w, nonBlocking: true).ThrowIfError("pipe");
        Signals.Ignore(Signals.SIGHUP).ThrowIfError("signal");
        int pid;
        try
        {
            // SigIgn in /proc/self/status lists ignored signals as a hex mask; bit 0 is SIGHUP.
            pid = SpawnWithStdout("grep SigIgn /proc/self/status; echo term=$TERM", w);
        }
        finally
        {
            Signals.SetDefault(Signals.SIGHUP);
            FileDescriptor.Close(w);
        }
        string output = ReadAll(r);
        FileDescriptor.Close(r);
        PtyTestSupport.Reap(pid, kill: false);
        Assert.Contains("term=xterm", output);
        string mask = output.Split('\n')[0].Split('\t')[1];
        Assert.Equal(0UL, Convert.ToUInt64(mask, 16) & 1UL);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoginShellArgv0AndWorkingDirectory(bool oldGlibc) => AsOnOldGlibc(oldGlibc, () =>
    {
        string before = Directory.GetCurrentDirectory();
        Pty.Open(new WindowSize(80, 24), out PtyPair pty).ThrowIfError("openpty");
        int pid = ChildProcess.SpawnOnPty(pty, "/bin/sh", ["-sh", "-c", "echo argv0=$0 cwd=$(pwd)"], PtyTestSupport.Environment(), "/tmp", false, out Errno error);
        error.ThrowIfError("spawn");
        FileDescriptor.Close(pty.Slave);
        try
        {
            Assert.Contains("argv0=-sh cwd=/tmp", PtyTestSupport.ReadUntil(pty.Master, "cwd=/tmp"));
            Assert.Equal(before, Directory.GetCurrentDirectory());
        }
        finally
        {
            PtyTestSupport.Reap(pid);
            FileDescriptor.Close(pty.Master);
        }
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MissingWorkingDirectoryFailsTheSpawnAndLeavesOursAlone(bool oldGlibc) => AsOnOldGlibc(oldGlibc, () =>
    {
        string before = Directory.GetCurrentDirectory();
        Pty.Open(new WindowSize(80, 24), out PtyPair pty).ThrowIfError("openpty");
        try
        {
            int pid = ChildProcess.SpawnOnPty(pty, "/bin/true", ["true"], PtyTestSupport.Environment(), "/nonexistent/directory", false, out Errno error);
            if (pid > 0) PtyTestSupport.Reap(pid);
            Assert.Equal(-1, pid);
            Assert.Equal(2, error.Value); // ENOENT
            Assert.Equal(before, Directory.GetCurrentDirectory());
        }
        finally
        {
            FileDescriptor.Close(pty.Master);
            FileDescriptor.Close(pty.Slave);
        }
    });

    /// <summary>
    /// The session's program gets its terminal on 0, 1 and 2 and nothing else: not the pty's two
    /// ends, and not a descriptor the server holds without close-on-exec (as sshd's can be).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SessionProgramGetsOnlyItsTerminal(bool oldGlibc) => AsOnOldGlibc(oldGlibc, () =>
    {
        FileDescriptor.CreatePipe(out int r, out int w, nonBlocking: false).ThrowIfError("pipe");
        int stray = FileDescriptor.DuplicateAtLeast(w, 150, out Errno error);
        error.ThrowIfError("dup");
        FileDescriptor.SetCloseOnExec(stray, false);
        Pty.Open(new WindowSize(80, 24), out PtyPair pty).ThrowIfError("openpty");
        int pid = -1;
        try
        {
            // ls inherits what the shell got, and adds its own directory descriptor (to /proc/…).
            pid = ChildProcess.SpawnOnPty(pty, "/bin/sh", ["sh", "-c", "ls -l /proc/self/fd; echo listed"],
                PtyTestSupport.Environment(), null, false, out error);
            error.ThrowIfError("spawn");
            FileDescriptor.Close(pty.Slave);
            string seen = PtyTestSupport.ReadUntil(pty.Master, "\nlisted");
            var fds = System.Text.RegularExpressions.Regex.Matches(seen, @" (\d+) -> (\S+)")
                .Where(m => !m.Groups[2].Value.StartsWith("/proc/", StringComparison.Ordinal))
                .Select(m => int.Parse(m.Groups[1].Value)).Order().ToArray();
            Assert.True(fds.SequenceEqual([0, 1, 2]), seen);
        }
        finally
        {
            if (pid > 0) PtyTestSupport.Reap(pid);
            FileDescriptor.Close(pty.Master);
            FileDescriptor.Close(stray);
            FileDescriptor.Close(r);
            FileDescriptor.Close(w);
        }
    });

    [Fact]
    public void SelfExecutablePathIsTheRealBinaryNotTheProcLink()
    {
        string path = ChildProcess.SelfExecutablePath;
        Assert.NotEqual("/proc/self/exe", path);
        Assert.True(Path.IsPathRooted(path) && File.Exists(path), path);
        Assert.Equal(Environment.ProcessPath, path);
    }

    /// <summary>
    /// glibc before 2.34 has openpty only in libutil. That library must load on a machine without
    /// the development package (no unversioned libutil.so, as here since 2.34 and on servers).
    /// </summary>
    [Fact]
    public unsafe void OpenPtyThroughLibUtilLoadsWithoutTheDevelopmentPackage()
    {
        int master, slave;
        Assert.Equal(0, Mosh.Posix.Native.LibC.OpenPtyLibUtil(&master, &slave, null, null, null));
        FileDescriptor.Close(master);
        FileDescriptor.Close(slave);
    }

    [Fact]
    public void MissingProgramFailsWithEnoent()
    {
        Pty.Open(new WindowSize(80, 24), out PtyPair pty).ThrowIfError("openpty");
        try
        {
            int pid = ChildProcess.SpawnOnPty(pty, "/nonexistent/program", ["x"], [], null, false, out Errno error);
            Assert.Equal(-1, pid);
            Assert.Equal(2, error.Value);
        }
        finally
        {
            FileDescriptor.Close(pty.Master);
            FileDescriptor.Close(pty.Slave);
        }
    }

    [Fact]
    public void IdentityQueries()
    {
        Assert.Equal(Environment.ProcessId, ProcessInfo.ProcessId);
        Assert.False(string.IsNullOrEmpty(ProcessInfo.HostName));
        Assert.StartsWith(Environment.MachineName, ProcessInfo.HostName);
        Assert.Equal(ProcessInfo.SessionId(), ProcessInfo.SessionId(ProcessInfo.ProcessId));
        UserAccount account = UserAccount.Current!;
        Assert.Equal(ProcessInfo.UserId, account.Uid);
        Assert.Equal(Environment.UserName, account.Name);
        Assert.StartsWith("/", account.Home);
        Assert.StartsWith("/", account.Shell);
    }
}
