using System.Security.Cryptography;
using System.Text;
using Mosh.Posix;

namespace MoshAot.Sessions;

/// <summary>
/// The running session's end of its registry socket (protocol §14.2). Each connection carries
/// one request line and gets one reply line: <c>info</c> → the <see cref="SessionInfo"/> line;
/// <c>attach FROM</c> → <c>MOSH CONNECT &lt;port&gt; &lt;key&gt;</c>. A peer of another user id
/// (as the kernel reports it) gets <c>ERR</c> and nothing else, whatever its privileges.
/// </summary>
internal sealed class SessionControlListener : IDisposable
{
    /// <summary>How long a connected peer may take to send its request: the session's loop waits meanwhile.</summary>
    private const int RequestTimeoutMs = 1000;

    private const int MaxRequestLength = 512;

    private readonly string _path;

    private SessionControlListener(string id, string path, int fd)
    {
        Id = id;
        _path = path;
        Fd = fd;
    }

    public string Id { get; }

    /// <summary>The listening socket, for the session's poll loop.</summary>
    public int Fd { get; private set; }

    /// <summary>Creates the registry (or checks it) and listens under a fresh id; null, with the reason, when it cannot.</summary>
    public static SessionControlListener? Open(out string? error)
    {
        string directory = SessionRegistry.DirectoryPath;
        error = PrivateDirectory.Ensure(directory);
        if (error is not null) return null;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            string id = SessionRegistry.NewId();
            string path = SessionRegistry.SocketPath(directory, id);
            int fd = LocalSocket.Listen(path, out Errno e);
            if (fd >= 0) return new SessionControlListener(id, path, fd);
            if (e != Errno.EADDRINUSE)
            {
                error = $"cannot listen on {path}: {e.Message}";
                return null;
            }
        }
        error = $"no free session id in {directory}";
        return null;
    }

    /// <summary>Serves every connection waiting on the listening socket.</summary>
    public void ServeWaiting(ISessionControlTarget target)
    {
        for (int i = 0; i < 16; i++)
        {
            int fd = LocalSocket.Accept(Fd, out _);
            if (fd < 0) return;
            try
            {
                Serve(fd, target);
            }
            finally
            {
                FileDescriptor.Close(fd);
            }
        }
    }

    private void Serve(int fd, ISessionControlTarget target)
    {
        uint me = PrivateDirectory.EffectiveUid;
        bool allowed = !LocalSocket.PeerUid(fd, out uint peer, out _).IsError && peer == me;
        // Read the request even from a refused peer: closing with it unread would reset the
        // connection and lose the refusal. Nothing of it is looked at.
        string? request = ReadRequest(fd);
        if (!allowed)
        {
            Reply(fd, $"ERR permission denied: session {Id} belongs to uid {me}; uid {peer} may not list or attach it\n");
            return;
        }
        if (request is null) return;
        if (request == "info")
        {
            Reply(fd, target.Describe().ToLine() + "\n");
        }
        else if (request.StartsWith("attach ", StringComparison.Ordinal))
        {
            Span<byte> line = stackalloc byte[96];
            int n = target.Attach(request[7..], line, out string? error);
            if (n > 0) FileDescriptor.WriteAll(fd, line[..n]);
            else Reply(fd, $"ERR {error}\n");
            CryptographicOperations.ZeroMemory(line);
        }
        else
        {
            Reply(fd, "ERR unknown request\n");
        }
    }

    private static string? ReadRequest(int fd)
    {
        Span<byte> buffer = stackalloc byte[MaxRequestLength];
        int length = 0;
        var poller = new Poller(1);
        int slot = poller.Add(fd, PollEvents.Readable);
        long deadline = MonotonicClock.NowMs + RequestTimeoutMs;
        while (length < buffer.Length)
        {
            int wait = (int)Math.Max(0, deadline - MonotonicClock.NowMs);
            poller.Wait(wait, out _);
            if (!poller.IsReadable(slot)) return null;
            IoResult r = FileDescriptor.Read(fd, buffer[length..]);
            if (!r.IsSuccess || r.Count == 0) return null;
            int newline = buffer.Slice(length, r.Count).IndexOf((byte)'\n');
            if (newline >= 0) return Encoding.UTF8.GetString(buffer[..(length + newline)]);
            length += r.Count;
        }
        return null;
    }

    private static void Reply(int fd, string text) => FileDescriptor.WriteAll(fd, Encoding.UTF8.GetBytes(text));

    /// <summary>Stops listening and removes the registry entry: the session is over.</summary>
    public void Dispose()
    {
        if (Fd < 0) return;
        FileDescriptor.Close(Fd);
        Fd = -1;
        PrivateDirectory.Unlink(_path);
    }
}
