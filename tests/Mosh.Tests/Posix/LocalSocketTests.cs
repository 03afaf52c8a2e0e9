using Mosh.Posix;

namespace Mosh.Tests.Posix;

/// <summary>The session registry's OS side (protocol §14.2): the private directory's checks and Unix-domain sockets with peer credentials.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalSocketTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"moshaot-localsocket-{Guid.NewGuid():N}");

    public LocalSocketTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void EnsureCreatesADirectoryOfMode700AndAcceptsIt()
    {
        string dir = Path.Combine(_root, "registry");
        Assert.Null(PrivateDirectory.Ensure(dir));
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(dir));
        Assert.Null(PrivateDirectory.Ensure(dir));
        Assert.Equal(Errno.None, PrivateDirectory.Status(dir, out uint owner, out _));
        Assert.Equal(PrivateDirectory.EffectiveUid, owner);
    }

    [Fact]
    public void ADirectoryOthersCanEnterIsRefused()
    {
        string dir = Path.Combine(_root, "open");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0x1ED); // 0755
        Assert.Equal($"{dir} is accessible to other users (mode 755); it must be 700", PrivateDirectory.Ensure(dir));
    }

    [Fact]
    public void ASymbolicLinkIsRefusedEvenToAGoodDirectory()
    {
        string target = Path.Combine(_root, "real");
        Assert.Null(PrivateDirectory.Ensure(target));
        string link = Path.Combine(_root, "link");
        File.CreateSymbolicLink(link, target);
        Assert.Equal($"{link} is not a directory", PrivateDirectory.Check(link));
    }

    [Fact]
    public void ListenConnectAndPeerCredentials()
    {
        string path = Path.Combine(_root, "s");
        int listener = LocalSocket.Listen(path, out Errno error);
        Assert.True(listener >= 0, error.Message);
        try
        {
            Assert.True(PrivateDirectory.IsSocket(path));
            int client = LocalSocket.Connect(path, out error);
            Assert.True(client >= 0, error.Message);
            int server = LocalSocket.Accept(listener, out error);
            Assert.True(server >= 0, error.Message);
            Assert.Equal(Errno.None, LocalSocket.PeerUid(server, out uint uid, out int pid));
            Assert.Equal((PrivateDirectory.EffectiveUid, Environment.ProcessId), (uid, pid));
            Assert.Equal(Errno.None, LocalSocket.PeerUid(client, out uid, out _));
            Assert.Equal(PrivateDirectory.EffectiveUid, uid);
            Assert.True(FileDescriptor.IsCloseOnExec(client) && FileDescriptor.IsCloseOnExec(server) && FileDescriptor.IsCloseOnExec(listener));
            FileDescriptor.Close(client);
            FileDescriptor.Close(server);
            // Nothing else waits: a non-blocking accept returns at once.
            Assert.True(LocalSocket.Accept(listener, out error) < 0);
            Assert.True(error.IsWouldBlock);
        }
        finally
        {
            FileDescriptor.Close(listener);
        }
        // Nobody listens any more: the mark of a stale registry entry.
        Assert.True(LocalSocket.Connect(path, out error) < 0);
        Assert.True(LocalSocket.IsRefused(error), error.Message);
        Assert.Equal(Errno.None, PrivateDirectory.Unlink(path));
        Assert.True(LocalSocket.Connect(path, out error) < 0);
        Assert.True(LocalSocket.IsMissing(error), error.Message);
        Assert.Equal(Errno.None, PrivateDirectory.Unlink(path));
    }
}
