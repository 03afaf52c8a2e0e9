using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class TermiosRawModeTests
{
    [Fact]
    public void RawModeDeliversBytesWithoutNewlineAndRestoreBringsBackCanonicalMode()
    {
        Pty.Open(new WindowSize(80, 24), out PtyPair pty).ThrowIfError("openpty");
        try
        {
            SavedTerminal saved = SavedTerminal.Capture(pty.Slave, out Errno error)!;
            Assert.False(error.IsError);
            Termios.Get(pty.Slave, out TerminalMode original).ThrowIfError("tcgetattr");
            var poller = new Poller(1);
            poller.Add(pty.Slave, PollEvents.Readable);
            var buffer = new byte[64];

            // Canonical: a byte without a newline is not readable yet, and is echoed back.
            FileDescriptor.WriteAll(pty.Master, "q"u8);
            Assert.Equal(0, poller.Wait(100, out _));
            Termios.FlushInput(pty.Slave).ThrowIfError("tcflush");
            DrainMaster(pty.Master);

            saved.EnterRaw().ThrowIfError("raw");
            Termios.Get(pty.Slave, out TerminalMode raw).ThrowIfError("tcgetattr");
            Assert.True(raw.Utf8Input);
            FileDescriptor.WriteAll(pty.Master, "x"u8);
            Assert.Equal(1, poller.Wait(2000, out _));
            IoResult r = FileDescriptor.Read(pty.Slave, buffer);
            Assert.Equal("x"u8.ToArray(), buffer[..r.Count]);
            Assert.Equal(0, DrainMaster(pty.Master)); // no echo in raw mode

            // Restore is idempotent and yields exactly the captured settings.
            saved.Restore().ThrowIfError("restore");
            saved.Restore().ThrowIfError("restore");
            Termios.Get(pty.Slave, out TerminalMode restored).ThrowIfError("tcgetattr");
            Assert.True(original.AsBytes().SequenceEqual(restored.AsBytes()));
            FileDescriptor.WriteAll(pty.Master, "y"u8);
            Assert.Equal(0, poller.Wait(100, out _));
        }
        finally
        {
            FileDescriptor.Close(pty.Master);
            FileDescriptor.Close(pty.Slave);
        }
    }

    [Fact]
    public void CaptureFailsOnANonTerminal()
    {
        FileDescriptor.CreatePipe(out int r, out int w, nonBlocking: false).ThrowIfError("pipe");
        try
        {
            Assert.Null(SavedTerminal.Capture(r, out Errno error));
            Assert.Equal(25, error.Value); // ENOTTY
            Assert.False(Termios.IsTerminal(r));
        }
        finally
        {
            FileDescriptor.Close(r);
            FileDescriptor.Close(w);
        }
    }

    private static int DrainMaster(int master)
    {
        var poller = new Poller(1);
        poller.Add(master, PollEvents.Readable);
        int total = 0;
        var buffer = new byte[256];
        while (poller.Wait(50, out _) > 0)
        {
            IoResult r = FileDescriptor.Read(master, buffer);
            if (r.Count <= 0)
            {
                break;
            }
            total += r.Count;
        }
        return total;
    }
}
