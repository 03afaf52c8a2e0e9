using Mosh.Posix;

namespace MoshAot.Server;

/// <summary>
/// Binding the server's one UDP socket (protocol §3.1): the requested address first (-i, or -s's ssh
/// address), then any address, each over the port range, with upstream's messages on failure.
/// </summary>
internal static class ServerBinding
{
    public static UdpSocket? Bind(string? desiredIp, PortRange range, TextWriter stderr, out int port, out string? fatal)
    {
        port = 0;
        fatal = null;
        if (desiredIp is not null)
        {
            if (!NetAddress.TryParse(desiredIp, 0, out NetAddress address))
            {
                stderr.Write($"Error binding to IP {desiredIp}: Bad IP address ({desiredIp}): Name or service not known\n");
            }
            else
            {
                UdpSocket? s = TryRange(address, range, stderr, out port, out Errno error);
                if (s is not null) return s;
                stderr.Write($"Error binding to IP {desiredIp}: bind: {error.Message}\n");
            }
        }

        // Like getaddrinfo(NULL, AI_PASSIVE) on glibc: the IPv4 wildcard.
        UdpSocket? any = TryRange(NetAddress.AnyIPv4(0), range, stderr, out port, out Errno anyError);
        if (any is not null) return any;
        stderr.Write($"Error binding to any interface: bind: {anyError.Message}\n");
        fatal = $"bind: {anyError.Message}";
        return null;
    }

    private static UdpSocket? TryRange(NetAddress address, PortRange range, TextWriter stderr, out int port, out Errno error)
    {
        port = 0;
        UdpSocket? socket = UdpSocket.Create(address.Family, out error);
        if (socket is null) return null;
        BindResult r = socket.BindInRange(address, range.Low, range.High);
        if (r.Success)
        {
            port = r.Port;
            // -p 0: the kernel chose; ask which.
            if (port == 0 && socket.GetLocalAddress(out NetAddress bound) == Errno.None) port = bound.Port;
            return socket;
        }
        error = r.Error;
        stderr.Write($"Failed binding to {address.Host}:{r.Port}\n");
        socket.Dispose();
        return null;
    }
}
