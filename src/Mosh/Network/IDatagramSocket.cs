namespace Mosh.Network;

/// <summary>An address a datagram can be sent to and received from (an IP address and port in the programs).</summary>
public interface IPeerAddress<TAddress> : IEquatable<TAddress>
    where TAddress : struct, IPeerAddress<TAddress>
{
    /// <summary>Whether the address is IPv6, which allows larger datagrams (§2.4).</summary>
    bool IsIPv6 { get; }
}

/// <summary>How a send went: success, or the error number the system reported.</summary>
public readonly record struct SendStatus(int Errno, bool MessageTooLong)
{
    public static SendStatus Ok => default;

    public bool IsSuccess => Errno == 0;
}

/// <summary>One datagram read from a socket: its length in the caller's buffer, whether it was cut short, its TOS byte.</summary>
public readonly record struct SocketReceipt(int Length, bool Truncated, byte Tos)
{
    /// <summary>The IP header's ECN field said "congestion experienced" (§2.3).</summary>
    public bool CongestionExperienced => (Tos & 3) == 3;
}

/// <summary>
/// What a connection needs of a UDP socket: non-blocking send and receive on caller buffers.
/// The programs use a real socket; tests use an in-memory network with a virtual clock.
/// </summary>
public interface IDatagramSocket<TAddress> : IDisposable
    where TAddress : struct, IPeerAddress<TAddress>
{
    /// <summary>Sends one datagram without blocking; never throws.</summary>
    SendStatus SendTo(ReadOnlySpan<byte> datagram, in TAddress destination);

    /// <summary>Reads one waiting datagram; false when none is waiting (or the socket failed).</summary>
    bool TryReceive(Span<byte> buffer, out SocketReceipt receipt, out TAddress source);
}

/// <summary>Opens fresh sockets for a client that hops to a new source port (§3.3).</summary>
public interface IDatagramSocketFactory<TSocket>
{
    /// <summary>A new socket, or null with the system's error number.</summary>
    TSocket? Open(out int errno);
}
