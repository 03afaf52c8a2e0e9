using System.Net;
using System.Net.Sockets;
using Mosh.Posix;

namespace MoshAot.Launcher;

/// <summary>
/// <c>mosh --fake-proxy -- HOST PORT</c>, run by ssh as its ProxyCommand: resolves the host,
/// connects to the first address that answers, reports it on stderr as <c>MOSH IP addr</c> (so
/// the launcher learns exactly which address ssh reached), then relays bytes like netcat.
/// </summary>
internal static class FakeProxy
{
    public static int Run(IReadOnlyList<string> rest, string family, TextWriter stderr)
    {
        if (rest.Count < 2 || !int.TryParse(rest[1], out int port))
        {
            stderr.Write("mosh: --fake-proxy needs HOST PORT\n");
            return 255;
        }
        string host = rest[0];
        Socket? socket = null;
        string lastTried = "";
        string lastError = "";
        try
        {
            foreach (IPAddress address in Resolve(host, family.ToLowerInvariant()))
            {
                lastTried = address.ToString();
                var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    s.Connect(new IPEndPoint(address, port));
                    socket = s;
                    break;
                }
                catch (SocketException e)
                {
                    lastError = e.Message;
                    s.Dispose();
                }
            }
        }
        catch (Exception e) when (e is SocketException or LauncherException)
        {
            stderr.Write($"mosh: could not resolve {host}: {e.Message}\n");
            return 255;
        }
        if (socket is null)
        {
            stderr.Write($"mosh: Could not connect to {host}, last tried {lastTried}: {lastError}\n");
            return 255;
        }

        stderr.Write($"MOSH IP {((IPEndPoint)socket.RemoteEndPoint!).Address}\n");
        using (socket)
        {
            var upstream = new Thread(() => Pump(socket, toSocket: true)) { IsBackground = true };
            upstream.Start();
            Pump(socket, toSocket: false);
        }
        return 0;
    }

    /// <summary>Addresses of <paramref name="host"/> ordered by the --family policy (numeric hosts need no lookup).</summary>
    public static List<IPAddress> Resolve(string host, string family)
    {
        IPAddress[] all = IPAddress.TryParse(host, out IPAddress? literal) ? [literal] : Dns.GetHostAddresses(host);
        var v4 = all.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList();
        var v6 = all.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList();
        switch (family)
        {
            case "inet": return v4;
            case "inet6": return v6;
            case "prefer-inet6": return [.. v6, .. v4];
            case "auto":
                if (v4.Count > 0 && v6.Count > 0)
                    throw new LauncherException("host has both IPv4 and IPv6 addresses, use --family to specify behavior");
                return [.. all];
            case "all": return [.. all];
            default: return [.. v4, .. v6];
        }
    }

    /// <summary>Copies stdin to the socket, or the socket to stdout, until either side ends.</summary>
    private static void Pump(Socket socket, bool toSocket)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                if (toSocket)
                {
                    IoResult r = FileDescriptor.Read(0, buffer);
                    if (!r.IsSuccess || r.Count == 0) break;
                    socket.Send(buffer.AsSpan(0, r.Count));
                }
                else
                {
                    int n = socket.Receive(buffer);
                    if (n <= 0) break;
                    if (FileDescriptor.WriteAll(1, buffer.AsSpan(0, n)) != Errno.None) break;
                }
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        try
        {
            socket.Shutdown(toSocket ? SocketShutdown.Send : SocketShutdown.Receive);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
