using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mosh.Crypto;
using Mosh.Posix;

namespace MoshAot.Server;

/// <summary>
/// What the detaching mosh-server hands to its daemon. The daemon is our own binary started
/// again with posix_spawn (a managed process must not fork), inheriting the bound UDP socket;
/// everything else — the key included, which must not show in <c>ps</c> — travels through a
/// pipe as NUL-separated fields. The key goes first as its 22 printable bytes and never becomes
/// a string; both ends zero the buffers that held it.
/// </summary>
internal sealed class ServerHandoff
{
    /// <summary>The hidden argument that makes mosh-server act as the daemon.</summary>
    public const string DaemonArgument = "--daemon-handoff";

    /// <summary>Descriptor numbers in the daemon: 0–2 stdio, then the socket and the pipe.</summary>
    public const int SocketFd = 3;
    public const int PipeFd = 4;

    /// <summary>The handoff is small; anything larger is not from our own parent.</summary>
    private const int MaxLength = 1 << 20;

    public required SessionKey Key { get; init; }
    public required int Columns { get; init; }
    public required int Rows { get; init; }
    public required int Colors { get; init; }
    public required int Verbose { get; init; }
    public required long NetworkTimeoutSeconds { get; init; }
    public required long SignalTimeoutSeconds { get; init; }
    public required IpFamily Family { get; init; }

    /// <summary>The user's soft core-file limit before mosh-server set it to 0; the session's program gets it back.</summary>
    public required ulong CoreLimit { get; init; }

    /// <summary>null: the user's login shell (with the message of the day).</summary>
    public required string[]? Command { get; init; }

    /// <summary>The bytes for the pipe; the caller zeroes them once written (they hold the key).</summary>
    public byte[] Serialize()
    {
        var fields = new List<string>
        {
            Columns.ToString(CultureInfo.InvariantCulture),
            Rows.ToString(CultureInfo.InvariantCulture),
            Colors.ToString(CultureInfo.InvariantCulture),
            Verbose.ToString(CultureInfo.InvariantCulture),
            NetworkTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            SignalTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            Family == IpFamily.IPv6 ? "6" : "4",
            CoreLimit.ToString(CultureInfo.InvariantCulture),
            Command is null ? "-" : Command.Length.ToString(CultureInfo.InvariantCulture),
        };
        if (Command is not null) fields.AddRange(Command);
        byte[] rest = Encoding.UTF8.GetBytes(string.Join('\0', fields) + "\0");
        var data = new byte[SessionKey.PrintableLength + 1 + rest.Length];
        Key.WritePrintable(data);
        rest.CopyTo(data, SessionKey.PrintableLength + 1);
        return data;
    }

    /// <summary>Parses what <see cref="Serialize"/> wrote; null if it is malformed. The caller zeroes <paramref name="data"/>.</summary>
    public static ServerHandoff? Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length <= SessionKey.PrintableLength || data[SessionKey.PrintableLength] != 0) return null;
        if (!SessionKey.TryParse(data[..SessionKey.PrintableLength], out SessionKey? key, out _)) return null;
        string[] f = Encoding.UTF8.GetString(data[(SessionKey.PrintableLength + 1)..]).Split('\0');
        string[]? command = null;
        try
        {
            if (f.Length < 10) throw new FormatException();
            static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
            static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
            if (f[8] != "-")
            {
                int n = I(f[8]);
                if (n < 0 || f.Length < 9 + n) throw new FormatException();
                command = f[9..(9 + n)];
            }
            return new ServerHandoff
            {
                Key = key,
                Columns = I(f[0]),
                Rows = I(f[1]),
                Colors = I(f[2]),
                Verbose = I(f[3]),
                NetworkTimeoutSeconds = L(f[4]),
                SignalTimeoutSeconds = L(f[5]),
                Family = f[6] == "6" ? IpFamily.IPv6 : IpFamily.IPv4,
                CoreLimit = ulong.Parse(f[7], CultureInfo.InvariantCulture),
                Command = command,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            key.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Reads the whole pipe (the parent closes its end after writing) into an array the caller
    /// zeroes after parsing; every array outgrown on the way is zeroed here.
    /// </summary>
    public static byte[] ReadAll(int fd)
    {
        var buffer = new byte[4096];
        int length = 0;
        while (length < MaxLength)
        {
            if (length == buffer.Length)
            {
                var larger = new byte[buffer.Length * 2];
                buffer.CopyTo(larger, 0);
                CryptographicOperations.ZeroMemory(buffer);
                buffer = larger;
            }
            IoResult r = FileDescriptor.Read(fd, buffer.AsSpan(length));
            if (!r.IsSuccess || r.Count == 0) break;
            length += r.Count;
        }
        byte[] data = buffer.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(buffer);
        return data;
    }
}
