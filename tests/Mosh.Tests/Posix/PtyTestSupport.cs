using System.Diagnostics;
using System.Text;
using Mosh.Posix;

namespace Mosh.Tests.Posix;

/// <summary>Bounded-time helpers for tests that talk to a child through a pty.</summary>
internal static class PtyTestSupport
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Reads from <paramref name="fd"/> until the accumulated text contains <paramref name="needle"/> or time runs out.</summary>
    public static string ReadUntil(int fd, string needle, StringBuilder? seen = null, TimeSpan? timeout = null)
    {
        seen ??= new StringBuilder();
        var poller = new Poller(1);
        poller.Add(fd, PollEvents.Readable);
        var clock = Stopwatch.StartNew();
        var buffer = new byte[4096];
        TimeSpan limit = timeout ?? Deadline;
        while (!seen.ToString().Contains(needle, StringComparison.Ordinal))
        {
            int left = (int)(limit - clock.Elapsed).TotalMilliseconds;
            if (left <= 0)
            {
                break;
            }
            if (poller.Wait(left, out _) == 0)
            {
                continue;
            }
            IoResult r = FileDescriptor.Read(fd, buffer);
            if (!r.IsSuccess || r.Count == 0)
            {
                break; // EIO: the slave side is gone
            }
            seen.Append(Encoding.UTF8.GetString(buffer, 0, r.Count));
        }
        return seen.ToString();
    }

    public static string[] Environment(string term = "xterm") =>
        ChildProcess.BuildEnvironment([new("TERM", term), new("PS1", "$ "), new("ENV", null)]);

    /// <summary>Spawns /bin/sh -c <paramref name="script"/> on a new pty of the given size.</summary>
    public static (PtyPair Pty, int Pid) SpawnShell(string script, int columns = 80, int rows = 24)
    {
        Pty.Open(new WindowSize(columns, rows), out PtyPair pty).ThrowIfError("openpty");
        int pid = ChildProcess.SpawnOnPty(pty, "/bin/sh", ["sh", "-c", script], Environment(), null, searchPath: false, out Errno error);
        error.ThrowIfError("posix_spawn");
        FileDescriptor.Close(pty.Slave);
        return (pty, pid);
    }

    /// <summary>Kills (if needed) and reaps a child, bounded in time.</summary>
    public static ExitStatus Reap(int pid, bool kill = true)
    {
        if (kill)
        {
            Signals.Kill(pid, Signals.SIGKILL);
        }
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            int r = ChildProcess.Wait(pid, noHang: true, out ExitStatus status, out _);
            if (r != 0)
            {
                return status;
            }
            Thread.Sleep(5);
        }
        throw new TimeoutException("child did not exit");
    }
}
