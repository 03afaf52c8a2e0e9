using System.Globalization;
using System.Text;
using Mosh.Posix;

namespace MoshAot.Server;

/// <summary>
/// What the detaching mosh-server hands to its daemon. The daemon is our own binary started
/// again with posix_spawn (a managed process must not fork), inheriting the bound UDP socket;
/// everything else — the key included, which must not show in <c>ps</c> — travels through a
/// pipe as NUL-separated fields.
/// </summary>
internal sealed class ServerHandoff
{
    /// <summary>The hidden argument that makes mosh-server act as the daemon.</summary>
    public const string DaemonArgument = "--daemon-handoff";

    /// <summary>Descriptor numbers in the daemon: 0–2 stdio, then the socket and the pipe.</summary>
    public const int SocketFd = 3;
    public const int PipeFd = 4;

    public required string Key { get; init; }
    public required int Columns { get; init; }
    public required int Rows { get; init; }
    public required int Colors { get; init; }
    public required int Verbose { get; init; }
    public required long NetworkTimeoutSeconds { get; init; }
    public required long SignalTimeoutSeconds { get; init; }
    public required IpFamily Family { get; init; }

    /// <summary>null: the user's login shell (with the message of the day).</summary>
    public required string[]? Command { get; init; }

    public byte[] Serialize()
    {
        var fields = new List<string>
        {
            Key,
            Columns.ToString(CultureInfo.InvariantCulture),
            Rows.ToString(CultureInfo.InvariantCulture),
            Colors.ToString(CultureInfo.InvariantCulture),
            Verbose.ToString(CultureInfo.InvariantCulture),
            NetworkTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            SignalTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            Family == IpFamily.IPv6 ? "6" : "4",
            Command is null ? "-" : Command.Length.ToString(CultureInfo.InvariantCulture),
        };
        if (Command is not null) fields.AddRange(Command);
        return Encoding.UTF8.GetBytes(string.Join('\0', fields) + "\0");
    }

    public static ServerHandoff? Deserialize(byte[] data)
    {
        string[] f = Encoding.UTF8.GetString(data).Split('\0');
        if (f.Length < 10) return null;
        static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
        string[]? command = null;
        if (f[8] != "-")
        {
            int n = I(f[8]);
            if (f.Length < 9 + n) return null;
            command = f[9..(9 + n)];
        }
        return new ServerHandoff
        {
            Key = f[0],
            Columns = I(f[1]),
            Rows = I(f[2]),
            Colors = I(f[3]),
            Verbose = I(f[4]),
            NetworkTimeoutSeconds = L(f[5]),
            SignalTimeoutSeconds = L(f[6]),
            Family = f[7] == "6" ? IpFamily.IPv6 : IpFamily.IPv4,
            Command = command,
        };
    }

    /// <summary>Reads the whole pipe (the parent closes its end after writing).</summary>
    public static byte[] ReadAll(int fd)
    {
        var ms = new MemoryStream();
        Span<byte> buffer = stackalloc byte[4096];
        while (true)
        {
            IoResult r = FileDescriptor.Read(fd, buffer);
            if (!r.IsSuccess || r.Count == 0) break;
            ms.Write(buffer[..r.Count]);
        }
        return ms.ToArray();
    }
}
