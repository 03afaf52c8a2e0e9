using System.Globalization;
using System.Security.Cryptography;
using Mosh.Posix;

namespace MoshAot.Sessions;

/// <summary>
/// <c>mosh-server list</c> and <c>mosh-server attach [ID]</c> (protocol §14.2): the user's
/// running sessions on this machine, and a fresh key for one of them, printed as the same
/// <c>MOSH CONNECT &lt;port&gt; &lt;key&gt;</c> line as <c>new</c> so any mosh client can attach.
/// </summary>
internal static class SessionsCommand
{
    public const string ListUsage = "Usage: mosh-server list\n";
    public const string AttachUsage = "Usage: mosh-server attach [ID]\n";
    // Without ID: the only detached session, or else the only session.

    public static int List(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 0)
        {
            stderr.Write(ListUsage);
            return 1;
        }
        if (!Collect(stderr, out List<SessionInfo> sessions)) return 1;
        if (sessions.Count == 0)
        {
            stdout.Write("No mosh sessions.\n");
            return 0;
        }
        WriteTable(sessions, stdout);
        return 0;
    }

    public static int Attach(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 1 || args.Length == 1 && args[0].StartsWith('-'))
        {
            stderr.Write(AttachUsage);
            return 1;
        }
        string directory = SessionRegistry.DirectoryPath;
        string? id = args.Length == 1 ? args[0] : null;
        if (id is null)
        {
            if (!Collect(stderr, out List<SessionInfo> sessions)) return 1;
            List<SessionInfo> detached = sessions.FindAll(s => !s.Attached);
            if (detached.Count == 1)
            {
                id = detached[0].Id;
            }
            else if (detached.Count == 0 && sessions.Count == 1)
            {
                // The only session, still counted as attached: most likely its client died a moment
                // ago (the server notices only after 40 s of silence). If not, that client is told.
                id = sessions[0].Id;
            }
            else
            {
                if (sessions.Count > 0) WriteTable(sessions, stderr);
                stderr.Write(sessions.Count == 0
                    ? "mosh-server: no session to attach to\n"
                    : "mosh-server: several sessions; name the one to attach to (mosh --attach=ID, mosh-server attach ID)\n");
                return 1;
            }
        }
        else
        {
            if (!SessionRegistry.IsId(id))
            {
                stderr.Write($"mosh-server: no session {id}\n");
                return 1;
            }
            if (PrivateDirectory.Check(directory) is { } problem)
            {
                stderr.Write($"mosh-server: {problem}\n");
                return 1;
            }
        }

        Span<byte> line = stackalloc byte[96];
        try
        {
            int n = SessionControlClient.Attach(directory, id, AttachingFrom(), line, out string? error);
            if (n == 0)
            {
                stderr.Write($"mosh-server: cannot attach to session {id}: {error}\n");
                return 1;
            }
            // As `new`: typed-ahead input echoed by an ssh pty must not run into the line.
            if (FileDescriptor.IsTerminal(0)) stdout.Write("\r\n\n");
            stdout.Flush();
            FileDescriptor.WriteAll(1, line[..n]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(line);
        }
        stderr.Write($"[mosh-server: attached to session {id}]\n");
        return 0;
    }

    /// <summary>Where the attaching client is: the ssh client's address, else this machine.</summary>
    private static string AttachingFrom()
    {
        string? ssh = Environment.GetEnvironmentVariable("SSH_CONNECTION");
        string[] words = ssh?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return words.Length >= 1 ? words[0] : "localhost";
    }

    /// <summary>Every live session in the registry; stale entries are removed on the way.</summary>
    private static bool Collect(TextWriter stderr, out List<SessionInfo> sessions)
    {
        sessions = new List<SessionInfo>();
        string directory = SessionRegistry.DirectoryPath;
        if (!Directory.Exists(directory) && !File.Exists(directory)) return true;
        if (PrivateDirectory.Check(directory) is { } problem)
        {
            stderr.Write($"mosh-server: {problem}\n");
            return false;
        }
        foreach (string id in SessionRegistry.Ids(directory))
        {
            switch (SessionControlClient.Query(directory, id, out SessionInfo? info, out string? error))
            {
                case EntryStatus.Live:
                    sessions.Add(info!);
                    break;
                case EntryStatus.Stale:
                    stderr.Write($"mosh-server: removed stale entry {id} (no session behind it)\n");
                    break;
                case EntryStatus.Failed:
                    stderr.Write($"mosh-server: session {id}: {error}\n");
                    break;
            }
        }
        return true;
    }

    private static void WriteTable(List<SessionInfo> sessions, TextWriter output)
    {
        output.Write(string.Format(CultureInfo.InvariantCulture, "{0,-7} {1,-9} {2,-16} {3,-16} {4,-16} {5,-9} {6}\n",
            "ID", "STATE", "STARTED", "LAST CLIENT", "FROM", "SIZE", "COMMAND"));
        foreach (SessionInfo s in sessions)
        {
            output.Write(string.Format(CultureInfo.InvariantCulture, "{0,-7} {1,-9} {2,-16} {3,-16} {4,-16} {5,-9} {6}\n",
                s.Id, s.Attached ? "attached" : "detached", Time(s.StartedUnix), Time(s.LastSeenUnix),
                s.LastAddress.Length == 0 ? "-" : s.LastAddress, $"{s.Columns}x{s.Rows}", s.Command));
        }
    }

    private static string Time(long unixSeconds) => unixSeconds <= 0
        ? "-"
        : DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
