using System.Security.Cryptography;
using System.Text;
using Mosh.Crypto;
using Mosh.Posix;

namespace MoshAot.Probe;

/// <summary>
/// A mosh-server the probe starts for itself with the user's command (<c>ssh host mosh-server new</c>,
/// or <c>mosh-server new</c> here): the port and key come from its <c>MOSH CONNECT</c> line, which
/// is read from a pipe and never printed, so no client but the probe ever has that key. Every other
/// line the command prints (the motd, ssh's warnings) goes to <paramref name="passthrough"/>.
/// </summary>
internal sealed class ProbeServer : IDisposable
{
    /// <summary>Longer lines are not mosh-server's; they are passed through in pieces.</summary>
    private const int MaxLineLength = 4096;

    private readonly int _pid;

    private ProbeServer(int port, SessionKey key, int pid)
    {
        Port = port;
        Key = key;
        _pid = pid;
    }

    public int Port { get; }

    /// <summary>The fresh key; disposed with the server object.</summary>
    public SessionKey Key { get; }

    /// <summary>
    /// Runs <paramref name="command"/> (searched in PATH unless it has a slash) with its output on a pipe
    /// and waits up to <paramref name="timeout"/> for the <c>MOSH CONNECT</c> line. Null, with
    /// <paramref name="error"/>, if it cannot start or exits without one.
    /// </summary>
    public static ProbeServer? Start(string[] command, TimeSpan timeout, TextWriter passthrough, out string error)
    {
        Errno e = FileDescriptor.CreatePipe(out int pipeRead, out int pipeWrite, nonBlocking: false);
        if (e.IsError)
        {
            error = $"pipe: {e.Message}";
            return null;
        }
        // Our stdin and stderr stay the command's, so ssh can still ask for a password.
        string[] environment = ChildProcess.BuildEnvironment([]);
        int pid = ChildProcess.SpawnWithDescriptors(command[0], command, environment, [0, pipeWrite, 2],
            newSession: false, searchPath: !command[0].Contains('/'), out e);
        FileDescriptor.Close(pipeWrite);
        if (pid < 0)
        {
            FileDescriptor.Close(pipeRead);
            error = $"cannot run {command[0]}: {e.Message}";
            return null;
        }

        byte[] line = new byte[MaxLineLength];
        int length = 0;
        byte[] chunk = new byte[512];
        var poller = new Poller(1);
        int slot = poller.Add(pipeRead, PollEvents.Readable);
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        try
        {
            while (true)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    error = $"no MOSH CONNECT line from '{string.Join(' ', command)}' within {timeout.TotalSeconds:0} s";
                    break;
                }
                poller.Wait((int)Math.Min(left, 1000), out _);
                if (!poller.IsReadable(slot)) continue;
                IoResult r = FileDescriptor.Read(pipeRead, chunk);
                if (!r.IsSuccess || r.Count == 0)
                {
                    if (length > 0) passthrough.Write(Encoding.UTF8.GetString(line, 0, length) + "\n");
                    error = $"'{string.Join(' ', command)}' printed no MOSH CONNECT line (is mosh-server installed there?)";
                    break;
                }
                for (int i = 0; i < r.Count; i++)
                {
                    byte b = chunk[i];
                    if (b != (byte)'\n' && length < line.Length)
                    {
                        line[length++] = b;
                        continue;
                    }
                    if (TryParseConnect(line.AsSpan(0, length), out int port, out SessionKey? key))
                    {
                        error = "";
                        return new ProbeServer(port, key, pid);
                    }
                    passthrough.Write(Encoding.UTF8.GetString(line, 0, length) + "\n");
                    length = 0;
                    if (b != (byte)'\n') line[length++] = b;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(line);
            CryptographicOperations.ZeroMemory(chunk);
            FileDescriptor.Close(pipeRead);
        }
        Reap(pid);
        return null;
    }

    /// <summary><c>MOSH CONNECT &lt;port&gt; &lt;key&gt;</c>, optionally followed by white space (as the launcher accepts it).</summary>
    internal static bool TryParseConnect(ReadOnlySpan<byte> line, out int port, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SessionKey? key)
    {
        port = 0;
        key = null;
        ReadOnlySpan<byte> prefix = "MOSH CONNECT "u8;
        if (!line.StartsWith(prefix)) return false;
        line = line[prefix.Length..];
        int digits = 0;
        while (digits < line.Length && line[digits] is >= (byte)'0' and <= (byte)'9' && digits < 6)
        {
            port = port * 10 + (line[digits] - '0');
            digits++;
        }
        if (digits == 0 || port is < 1 or > 65535 || digits >= line.Length || line[digits] != (byte)' ') return false;
        line = line[(digits + 1)..];
        if (line.Length < SessionKey.PrintableLength) return false;
        foreach (byte trailing in line[SessionKey.PrintableLength..])
            if (trailing is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return SessionKey.TryParse(line[..SessionKey.PrintableLength], out key, out _);
    }

    /// <summary>Collects the command's exit status if it ends soon (ssh does once mosh-server has detached).</summary>
    private static void Reap(int pid)
    {
        for (int i = 0; i < 40; i++)
        {
            if (ChildProcess.Wait(pid, noHang: true, out _, out _) != 0) return;
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        Key.Dispose();
        Reap(_pid);
    }
}
