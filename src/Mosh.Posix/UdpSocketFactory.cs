using Mosh.Network;

namespace Mosh.Posix;

/// <summary>Opens mosh-configured UDP sockets of one family: a client's fresh source ports (§3.3).</summary>
public sealed class UdpSocketFactory(IpFamily family) : IDatagramSocketFactory<UdpSocket>
{
    public UdpSocket? Open(out int errno)
    {
        UdpSocket? socket = UdpSocket.Create(family, out Errno error);
        errno = error.Value;
        return socket;
    }
}
