using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mosh.Network;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>Address family of a <see cref="NetAddress"/>.</summary>
public enum IpFamily
{
    Unspecified = 0,
    IPv4 = 4,
    IPv6 = 6,
}

/// <summary>
/// A socket address held by value as the kernel's own <c>sockaddr_in</c>/<c>sockaddr_in6</c> bytes,
/// so it passes straight to <c>bind</c>/<c>sendto</c> and compares with <c>memcmp</c> semantics
/// (which is what decides roaming). Parsing and formatting are numeric only and go through
/// <c>getaddrinfo(AI_NUMERICHOST)</c>/<c>getnameinfo(NI_NUMERICHOST)</c>, so they accept exactly
/// what upstream accepts (including IPv6 scope ids and the inet_aton IPv4 forms).
/// </summary>
public struct NetAddress : IPeerAddress<NetAddress>
{
    internal const int Capacity = 28; // sizeof(struct sockaddr_in6)
    private const int SockaddrIn = 16;

    private Storage _bytes;
    private int _length;

    [InlineArray(Capacity)]
    internal struct Storage
    {
        private byte _first;
    }

    /// <summary>Bytes of the sockaddr (<c>Length</c> of them are meaningful).</summary>
    internal Span<byte> Bytes => MemoryMarshal.CreateSpan(ref Unsafe.As<Storage, byte>(ref _bytes), Capacity);
    internal readonly ReadOnlySpan<byte> ReadOnlyBytes => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<Storage, byte>(ref Unsafe.AsRef(in _bytes)), _length);

    public readonly int Length => _length;
    internal void SetLength(int length) => _length = Math.Clamp(length, 0, Capacity);

    public readonly IpFamily Family
    {
        get
        {
            if (_length < 2)
            {
                return IpFamily.Unspecified;
            }
            int family = BsdLayout ? ReadOnlyBytes[1] : BinaryPrimitives.ReadUInt16LittleEndian(ReadOnlyBytes);
            return family == Constants.AF_INET ? IpFamily.IPv4 : family == Constants.AF_INET6 ? IpFamily.IPv6 : IpFamily.Unspecified;
        }
    }

    /// <summary>Port in host order (stored big-endian at offset 2 in both families).</summary>
    public int Port
    {
        readonly get => _length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(ReadOnlyBytes[2..]) : 0;
        set => BinaryPrimitives.WriteUInt16BigEndian(Bytes[2..], (ushort)value);
    }

    /// <summary>True for the BSD layout with a leading <c>sa_len</c> byte.</summary>
    private static bool BsdLayout => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() || OperatingSystem.IsIOS();

    /// <summary>The IPv4 wildcard <c>0.0.0.0</c> with <paramref name="port"/> — what upstream's
    /// passive, unspecified-family <c>getaddrinfo</c> yields first on glibc.</summary>
    readonly bool IPeerAddress<NetAddress>.IsIPv6 => Family == IpFamily.IPv6;

    public static NetAddress AnyIPv4(int port)
    {
        NetAddress a = default;
        a.SetFamily(Constants.AF_INET, SockaddrIn);
        a.Port = port;
        return a;
    }

    /// <summary>The IPv6 wildcard <c>::</c> with <paramref name="port"/>.</summary>
    public static NetAddress AnyIPv6(int port)
    {
        NetAddress a = default;
        a.SetFamily(Constants.AF_INET6, Capacity);
        a.Port = port;
        return a;
    }

    private void SetFamily(int family, int length)
    {
        Span<byte> b = Bytes;
        if (BsdLayout)
        {
            b[0] = (byte)length;
            b[1] = (byte)family;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)family);
        }
        _length = length;
    }

    /// <summary>True for the all-zero address of either family.</summary>
    public readonly bool IsWildcard
    {
        get
        {
            ReadOnlySpan<byte> b = ReadOnlyBytes;
            return Family switch
            {
                IpFamily.IPv4 => b.Slice(4, 4).IndexOfAnyExcept((byte)0) < 0,
                IpFamily.IPv6 => b.Slice(8, 16).IndexOfAnyExcept((byte)0) < 0,
                _ => false,
            };
        }
    }

    /// <summary>Parses a numeric host (IPv4 or IPv6 literal, no DNS) and a port.</summary>
    public static bool TryParse(ReadOnlySpan<char> host, int port, out NetAddress address)
    {
        Span<byte> utf8 = stackalloc byte[Constants.NI_MAXHOST];
        int max = utf8.Length - 1;
        if (host.Length > max / 3 && System.Text.Encoding.UTF8.GetByteCount(host) > max)
        {
            address = default;
            return false;
        }
        int n = System.Text.Encoding.UTF8.GetBytes(host, utf8);
        return TryParse(utf8[..n], port, out address);
    }

    /// <summary>Parses a numeric UTF-8 host and a port. Never allocates.</summary>
    public static unsafe bool TryParse(ReadOnlySpan<byte> host, int port, out NetAddress address)
    {
        address = default;
        if ((uint)port > 65535 || host.Length == 0 || host.Length >= Constants.NI_MAXHOST || host.IndexOf((byte)0) >= 0)
        {
            return false;
        }
        byte* node = stackalloc byte[host.Length + 1];
        host.CopyTo(new Span<byte>(node, host.Length));
        node[host.Length] = 0;
        AddrInfo hints = default;
        hints.Flags = Constants.AI_NUMERICHOST;
        hints.SocketType = Constants.SOCK_DGRAM;
        AddrInfo* list = null;
        if (LibC.GetAddrInfo(node, null, &hints, &list) != 0 || list == null)
        {
            return false;
        }
        bool ok = false;
        for (AddrInfo* ai = list; ai != null; ai = ai->Next)
        {
            if ((ai->Family == Constants.AF_INET || ai->Family == Constants.AF_INET6) && ai->AddressLength <= Capacity)
            {
                new ReadOnlySpan<byte>(ai->Address, (int)ai->AddressLength).CopyTo(address.Bytes);
                address._length = (int)ai->AddressLength;
                address.Port = port;
                ok = true;
                break;
            }
        }
        LibC.FreeAddrInfo(list);
        return ok;
    }

    /// <summary>Writes the numeric host (e.g. <c>127.0.0.1</c>, <c>::1</c>) as UTF-8. Returns bytes written, or -1.</summary>
    public readonly unsafe int FormatHost(Span<byte> destination)
    {
        byte* host = stackalloc byte[Constants.NI_MAXHOST];
        fixed (byte* sa = ReadOnlyBytes)
        {
            if (LibC.GetNameInfo(sa, (uint)_length, host, Constants.NI_MAXHOST, null, 0, Constants.NI_NUMERICHOST | Constants.NI_NUMERICSERV) != 0)
            {
                return -1;
            }
        }
        var text = new ReadOnlySpan<byte>(host, Constants.NI_MAXHOST);
        text = text[..text.IndexOf((byte)0)];
        if (text.Length > destination.Length)
        {
            return -1;
        }
        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>The numeric host as a string (for messages).</summary>
    public readonly string Host
    {
        get
        {
            Span<byte> buffer = stackalloc byte[Constants.NI_MAXHOST];
            int n = FormatHost(buffer);
            return n < 0 ? "?" : System.Text.Encoding.UTF8.GetString(buffer[..n]);
        }
    }

    /// <summary><c>host:port</c>, the way upstream prints addresses (IPv6 not bracketed).</summary>
    public override readonly string ToString() => Host + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public readonly bool Equals(NetAddress other) => _length == other._length && ReadOnlyBytes.SequenceEqual(other.ReadOnlyBytes);
    public override readonly bool Equals(object? obj) => obj is NetAddress other && Equals(other);
    public override readonly int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(ReadOnlyBytes);
        return h.ToHashCode();
    }

    public static bool operator ==(NetAddress left, NetAddress right) => left.Equals(right);
    public static bool operator !=(NetAddress left, NetAddress right) => !left.Equals(right);
}
