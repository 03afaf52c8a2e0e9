using System.Globalization;
using System.Security.Cryptography;
using Mosh.Posix;

namespace MoshAot.Sessions;

/// <summary>
/// The per-user session registry (protocol §14.2): a directory of mode 0700 holding one
/// Unix-domain socket per running session, named by the session's id. Nothing else is stored:
/// what a session is (and its key) is asked of the session itself over its socket.
/// <para>
/// The directory is <c>$MOSH_AOT_SESSION_DIR</c> if set, else <c>/tmp/mosh-aot-&lt;uid&gt;</c>.
/// Not <c>$XDG_RUNTIME_DIR</c>: logind removes that directory when the user's last login ends,
/// which is exactly when detached sessions must stay reachable.
/// </para>
/// </summary>
internal static class SessionRegistry
{
    public const string DirectoryVariable = "MOSH_AOT_SESSION_DIR";

    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    public const int IdLength = 6;

    public static string DirectoryPath =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } custom
            ? custom
            : "/tmp/mosh-aot-" + PrivateDirectory.EffectiveUid.ToString(CultureInfo.InvariantCulture);

    public static string SocketPath(string directory, string id) => Path.Combine(directory, id);

    /// <summary>A fresh random id: short enough to type, unlikely to collide (32^6).</summary>
    public static string NewId() => RandomNumberGenerator.GetString(IdAlphabet, IdLength);

    /// <summary>Whether <paramref name="name"/> can be a session id (anything else in the directory is ignored).</summary>
    public static bool IsId(string name)
    {
        if (name.Length != IdLength) return false;
        foreach (char c in name)
            if (!IdAlphabet.Contains(c)) return false;
        return true;
    }

    /// <summary>The ids of the sockets in <paramref name="directory"/>, sorted.</summary>
    public static List<string> Ids(string directory)
    {
        var ids = new List<string>();
        try
        {
            foreach (string path in Directory.EnumerateFileSystemEntries(directory))
            {
                string name = Path.GetFileName(path);
                if (IsId(name)) ids.Add(name);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }
}
