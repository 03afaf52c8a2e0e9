namespace Mosh.Network;

/// <summary>
/// Datagram sizes (protocol §2.5). Mosh never relies on path-MTU discovery (DF is cleared); it
/// assumes the IPv6 minimum of 1280 bytes for both families so a datagram normally crosses any
/// path unfragmented, and falls back to 500 when the kernel says EMSGSIZE.
/// </summary>
public static class Mtu
{
    /// <summary>Before the socket family is known, and after sendto fails with EMSGSIZE.</summary>
    public const int DefaultSendMtu = 500;

    /// <summary>Path MTU assumed for IPv4: the IPv6 minimum, which every sane IPv4 path also carries.</summary>
    public const int DefaultIPv4Mtu = 1280;

    /// <summary>20-byte IPv4 header + 8-byte UDP header.</summary>
    public const int IPv4HeaderLength = 28;

    /// <summary>IPv6's guaranteed minimum link MTU.</summary>
    public const int DefaultIPv6Mtu = 1280;

    /// <summary>40-byte IPv6 header + 16 for two minimal extension headers + 8-byte UDP header.</summary>
    public const int IPv6HeaderLength = 64;

    /// <summary>Largest datagram sent over IPv4: 1252.</summary>
    public const int IPv4DatagramMtu = DefaultIPv4Mtu - IPv4HeaderLength;

    /// <summary>Largest datagram sent over IPv6: 1216.</summary>
    public const int IPv6DatagramMtu = DefaultIPv6Mtu - IPv6HeaderLength;

    /// <summary>Connection overhead: 8-byte nonce + two 2-byte timestamps.</summary>
    public const int NetworkOverhead = 12;

    /// <summary>Session overhead: the OCB tag.</summary>
    public const int CryptoOverhead = 16;

    /// <summary>Fragment header: 8-byte instruction id + 2-byte number/final flag.</summary>
    public const int FragmentHeaderLength = 10;

    /// <summary>Everything in a datagram that is not fragment contents: 38 bytes.</summary>
    public const int DatagramOverhead = NetworkOverhead + CryptoOverhead + FragmentHeaderLength;

    /// <summary>Receive buffer size: larger datagrams are rejected as oversize.</summary>
    public const int MaxDatagramLength = 2048;

    /// <summary>Fragment contents that fit a datagram of <paramref name="datagramMtu"/> bytes (1214 for IPv4).</summary>
    public static int MaxFragmentContents(int datagramMtu) => datagramMtu - DatagramOverhead;

    /// <summary>An instruction's fields other than the diff (numbers, version, chaff), at most.</summary>
    public const int InstructionOverhead = 64;

    /// <summary>
    /// The smallest diff of one piece of a large change (protocol §4.6.1): what fits one datagram
    /// even if it does not compress at all (1150 for IPv4). Pieces grow while they compress into one.
    /// </summary>
    public static int ChunkDiffBytes(int datagramMtu) => MaxFragmentContents(datagramMtu) - InstructionOverhead;
}
