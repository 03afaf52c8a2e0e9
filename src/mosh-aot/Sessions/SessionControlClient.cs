using System.Security.Cryptography;
using System.Text;
using Mosh.Posix;

namespace MoshAot.Sessions;

/// <summary>What asking one registry entry gave.</summary>
internal enum EntryStatus
{
    /// <summary>The session answered.</summary>
    Live,

    /// <summary>Nobody listens (the session crashed, or the machine rebooted): the entry was removed.</summary>
    Stale,

    /// <summary>The entry vanished meanwhile (the session ended).</summary>
    Gone,

    /// <summary>The session refused or did not answer; the error says why.</summary>
    Failed,
}

/// <summary>
/// The asking end of a session's registry socket (<c>mosh-server list</c> and <c>attach</c>,
/// protocol §14.2). It checks the listener's user id too: a socket someone else managed to
/// place in the directory is never sent a request.
/// </summary>
internal static class SessionControlClient
{
    private const int ReplyTimeoutMs = 5000;

    /// <summary>Asks the session <paramref name="id"/> for its <see cref="SessionInfo"/>.</summary>
    public static EntryStatus Query(string directory, string id, out SessionInfo? info, out string? error)
    {
        info = null;
        Span<byte> reply = stackalloc byte[4096];
        EntryStatus status = Request(directory, id, "info\n", reply, out int length, out error);
        if (status != EntryStatus.Live) return status;
        string line = Encoding.UTF8.GetString(reply[..length]);
        info = SessionInfo.Parse(line);
        if (info is null)
        {
            error = line.StartsWith("ERR ", StringComparison.Ordinal) ? line[4..].TrimEnd('\n') : "malformed answer";
            return EntryStatus.Failed;
        }
        return EntryStatus.Live;
    }

    /// <summary>
    /// Asks the session <paramref name="id"/> for a fresh key for a client attaching from
    /// <paramref name="from"/>; writes the <c>MOSH CONNECT</c> line into <paramref name="line"/>
    /// (which the caller zeroes) and returns its length, or 0 with <paramref name="error"/> set.
    /// </summary>
    public static int Attach(string directory, string id, string from, Span<byte> line, out string? error)
    {
        EntryStatus status = Request(directory, id, $"attach {from}\n", line, out int length, out error);
        if (status == EntryStatus.Stale) error = $"session {id} is not running (stale entry removed)";
        else if (status == EntryStatus.Gone) error = $"no session {id}";
        if (status != EntryStatus.Live) return 0;
        if (!line[..length].StartsWith("MOSH CONNECT "u8))
        {
            error = line[..length].StartsWith("ERR "u8) ? Encoding.UTF8.GetString(line[4..length]).TrimEnd('\n') : "malformed answer";
            return 0;
        }
        return length;
    }

    private static EntryStatus Request(string directory, string id, string request, Span<byte> reply, out int length, out string? error)
    {
        length = 0;
        error = null;
        string path = SessionRegistry.SocketPath(directory, id);
        int fd = LocalSocket.Connect(path, out Errno e);
        if (fd < 0)
        {
            if (LocalSocket.IsRefused(e))
            {
                // Nobody listens: a crashed session or a reboot left it. Only sockets are removed.
                if (PrivateDirectory.IsSocket(path)) PrivateDirectory.Unlink(path);
                return EntryStatus.Stale;
            }
            if (LocalSocket.IsMissing(e)) return EntryStatus.Gone;
            error = $"{path}: {e.Message}";
            return EntryStatus.Failed;
        }
        try
        {
            uint me = PrivateDirectory.EffectiveUid;
            if (LocalSocket.PeerUid(fd, out uint owner, out _).IsError || owner != me)
            {
                error = $"{path} is served by uid {owner}, not by uid {me}: not asked";
                return EntryStatus.Failed;
            }
            FileDescriptor.WriteAll(fd, Encoding.UTF8.GetBytes(request));
            var poller = new Poller(1);
            int slot = poller.Add(fd, PollEvents.Readable);
            long deadline = MonotonicClock.NowMs + ReplyTimeoutMs;
            while (length < reply.Length)
            {
                poller.Wait((int)Math.Max(0, deadline - MonotonicClock.NowMs), out _);
                if (!poller.IsReadable(slot)) break;
                IoResult r = FileDescriptor.Read(fd, reply[length..]);
                if (!r.IsSuccess || r.Count == 0) break;
                length += r.Count;
                if (reply[..length].Contains((byte)'\n')) break;
            }
            if (length == 0 || reply[length - 1] != (byte)'\n')
            {
                CryptographicOperations.ZeroMemory(reply);
                length = 0;
                error = $"session {id} did not answer";
                return EntryStatus.Failed;
            }
            return EntryStatus.Live;
        }
        finally
        {
            FileDescriptor.Close(fd);
        }
    }
}
