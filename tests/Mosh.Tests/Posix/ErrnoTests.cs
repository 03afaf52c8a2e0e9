using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class ErrnoTests
{
    [Fact]
    public void MessagesAreStrerrorText()
    {
        Assert.Equal("Network is unreachable", new Errno(101).Message);
        Assert.Equal("Address already in use", Errno.EADDRINUSE.Message);
        Span<byte> buffer = stackalloc byte[64];
        int n = Errno.EMSGSIZE.WriteMessage(buffer);
        Assert.Equal("Message too long"u8.ToArray(), buffer[..n].ToArray());
        Assert.Same(Errno.EIO.Message, Errno.EIO.Message);
    }

    [Fact]
    public void ThrowIfErrorReadsLikePerror()
    {
        var ex = Assert.Throws<PosixException>(() => Errno.EADDRINUSE.ThrowIfError("bind"));
        Assert.Equal("bind: Address already in use", ex.Message);
        Errno.None.ThrowIfError("never");
    }

    [Fact]
    public void DevNullRedirectionTargetsAreUsable()
    {
        int fd = FileDescriptor.OpenDevNull(out Errno error);
        Assert.True(fd >= 0, error.Message);
        Assert.True(FileDescriptor.IsCloseOnExec(fd));
        Assert.Equal(5, FileDescriptor.Write(fd, "hello"u8).Count);
        Assert.True(FileDescriptor.Read(fd, new byte[4]).IsEndOfFile);
        FileDescriptor.SetCloseOnExec(fd, false).ThrowIfError("fcntl");
        Assert.False(FileDescriptor.IsCloseOnExec(fd));
        Assert.False(FileDescriptor.Close(fd).IsError);
        Assert.Equal(Errno.EBADF, FileDescriptor.Close(fd));
    }

    [Fact]
    public void WriteToAClosedPipeIsEpipeNotDeath()
    {
        FileDescriptor.CreatePipe(out int r, out int w, nonBlocking: false).ThrowIfError("pipe");
        FileDescriptor.Close(r);
        IoResult result = FileDescriptor.Write(w, "x"u8);
        FileDescriptor.Close(w);
        Assert.False(result.IsSuccess);
        Assert.Equal("Broken pipe", result.Error.Message);
    }
}
