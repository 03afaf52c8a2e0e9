using System.Text;
using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class PtyTests
{
    [Fact]
    public void ShellOnPtyAnswersAnEcho()
    {
        (PtyPair pty, int pid) = PtyTestSupport.SpawnShell("exec /bin/sh -i");
        try
        {
            // The shell's own arithmetic proves a real shell read our line: "hi-$((6*7))" never contains "hi-42".
            FileDescriptor.WriteAll(pty.Master, "echo hi-$((6*7))\n"u8).ThrowIfError("write");
            string output = PtyTestSupport.ReadUntil(pty.Master, "hi-42");
            Assert.Contains("hi-42", output);
        }
        finally
        {
            PtyTestSupport.Reap(pid);
            FileDescriptor.Close(pty.Master);
        }
    }

    [Fact]
    public void WindowSizeRoundTripsAndTheChildSeesIt()
    {
        (PtyPair pty, int pid) = PtyTestSupport.SpawnShell("stty size; trap 'stty size' WINCH; echo ready; while :; do sleep 0.05; done", 100, 30);
        try
        {
            var seen = new StringBuilder();
            Assert.Contains("30 100", PtyTestSupport.ReadUntil(pty.Master, "ready", seen));
            Assert.True(Pty.GetWindowSize(pty.Master, out WindowSize initial) == Errno.None);
            Assert.Equal((100, 30), (initial.Columns, initial.Rows));

            // The kernel sends SIGWINCH to the pty's foreground group: proof it is the child's controlling tty.
            Pty.SetWindowSize(pty.Master, new WindowSize(123, 45)).ThrowIfError("TIOCSWINSZ");
            Assert.True(Pty.GetWindowSize(pty.Master, out WindowSize changed) == Errno.None);
            Assert.Equal((123, 45), (changed.Columns, changed.Rows));
            Assert.Contains("45 123", PtyTestSupport.ReadUntil(pty.Master, "45 123", seen));
        }
        finally
        {
            PtyTestSupport.Reap(pid);
            FileDescriptor.Close(pty.Master);
        }
    }

    [Fact]
    public void ChildHasThePtyAsControllingTerminal()
    {
        Pty.Open(new WindowSize(80, 24), out PtyPair pty).ThrowIfError("openpty");
        string slaveName = Pty.TerminalName(pty.Slave, out _)!;
        Assert.StartsWith("/dev/pts/", slaveName);
        int pid = ChildProcess.SpawnOnPty(pty, "sh", ["sh", "-c", "tty; echo ctty=$(ps -o tty= -p $$); echo sid=$(ps -o sid= -p $$ | tr -d \" \") pid=$$; read x < /dev/tty && echo got-$x"],
            PtyTestSupport.Environment(), "/", searchPath: true, out Errno error);
        error.ThrowIfError("posix_spawnp");
        FileDescriptor.Close(pty.Slave);
        try
        {
            FileDescriptor.WriteAll(pty.Master, "abc\n"u8);
            string all = PtyTestSupport.ReadUntil(pty.Master, "got-abc");
            Assert.Contains(slaveName + "\r\n", all);
            Assert.Contains("ctty=" + slaveName["/dev/".Length..], all);
            Assert.Contains($"sid={pid} pid={pid}", all);
            Assert.Contains("got-abc", all);
        }
        finally
        {
            PtyTestSupport.Reap(pid);
            FileDescriptor.Close(pty.Master);
        }
    }

    [Fact]
    public void Utf8InputFlagCanBeSet()
    {
        Pty.Open(new WindowSize(80, 24), out PtyPair pty).ThrowIfError("openpty");
        try
        {
            Termios.Get(pty.Slave, out TerminalMode mode).ThrowIfError("tcgetattr");
            mode.Utf8Input = false;
            Termios.Set(pty.Slave, mode).ThrowIfError("tcsetattr");
            Termios.Get(pty.Slave, out mode).ThrowIfError("tcgetattr");
            Assert.False(mode.Utf8Input);
            Termios.SetUtf8Input(pty.Slave).ThrowIfError("IUTF8");
            Termios.Get(pty.Slave, out mode).ThrowIfError("tcgetattr");
            Assert.True(mode.Utf8Input);
            Assert.True(FileDescriptor.IsCloseOnExec(pty.Master));
            Assert.True(Termios.IsTerminal(pty.Slave));
        }
        finally
        {
            FileDescriptor.Close(pty.Master);
            FileDescriptor.Close(pty.Slave);
        }
    }
}
