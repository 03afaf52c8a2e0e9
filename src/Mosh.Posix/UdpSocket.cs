using Mosh.Network;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>Result of <see cref="UdpSocket.Receive"/>.</summary>
public readonly struct UdpReceiveResult
{
    internal UdpReceiveResult(IoResult io, byte tos, bool truncated)
    {
        Io = io;
        Tos = tos;
        Truncated = truncated;
    }

    public IoResult Io { get; }
    public bool IsSuccess => Io.IsSuccess;
    /// <summary>Bytes stored in the caller's buffer.</summary>
    public int Count => Io.Count;
    public Errno Error => Io.Error;
    public bool WouldBlock => Io.WouldBlock;
    /// <summary>IPv4 TOS / IPv6 traffic class of the datagram (0 if the kernel did not say); ECN is <c>Tos &amp; 3</c>.</summary>
    public byte Tos { get; }
    /// <summary>The datagram was larger than the buffer (<c>MSG_TRUNC</c>); the excess was discarded.</summary>
    public bool Truncated { get; }
}

/// <summary>Outcome of <see cref="UdpSocket.BindInRange"/>: success, or the last port tried and its error.</summary>
public readonly record struct BindResult(bool Success, int Port, Errno Error);

/// <summary>
/// A UDP socket made from raw syscalls, configured the way mosh's sockets are (§2.4): ECT(0) on
/// outgoing IPv4 datagrams, TOS of incoming datagrams reported, path-MTU discovery off. Send and
/// receive work on caller buffers and never allocate.
/// </summary>
public sealed unsafe class UdpSocket : IDatagramSocket<NetAddress>
{
    private const int ControlBufferSize = 64;
    private int _fd;

    private UdpSocket(int fd, IpFamily family)
    {
        _fd = fd;
        Family = family;
    }

    public int Fd => _fd;
    public IpFamily Family { get; }

    /// <summary>Takes ownership of an already configured socket inherited from another process (the server's daemon).</summary>
    public static UdpSocket Adopt(int fd, IpFamily family)
    {
        FileDescriptor.SetNonBlocking(fd, true);
        FileDescriptor.SetCloseOnExec(fd, true);
        return new UdpSocket(fd, family);
    }

    /// <summary>Creates a non-blocking, close-on-exec UDP socket and applies mosh's options.</summary>
    public static UdpSocket? Create(IpFamily family, out Errno error)
    {
        int domain = family == IpFamily.IPv6 ? Constants.AF_INET6 : Constants.AF_INET;
        int fd = LibC.Socket(domain, Constants.SOCK_DGRAM | Constants.SOCK_CLOEXEC, Constants.IPPROTO_UDP);
        if (fd < 0)
        {
            error = Errno.Last;
            return null;
        }
        if (Constants.SOCK_CLOEXEC == 0)
        {
            FileDescriptor.SetCloseOnExec(fd, true);
        }
        error = FileDescriptor.SetNonBlocking(fd, true);
        if (!error.IsError && OperatingSystem.IsLinux())
        {
            // Path-MTU discovery off: DF clear, the network may fragment (§2.4). Upstream treats failure as fatal.
            error = SetIntOption(fd, Constants.IPPROTO_IP, Constants.IP_MTU_DISCOVER, Constants.IP_PMTUDISC_DONT);
        }
        if (!error.IsError)
        {
            // ECT(0) only. Fails on pure IPv6 sockets on some kernels; ignored like upstream.
            SetIntOption(fd, Constants.IPPROTO_IP, Constants.IP_TOS, 0x02);
            // Receive the TOS byte; FreeBSD refuses this on IPv6 sockets, so only IPv4 failure counts.
            Errno recvTos = SetIntOption(fd, Constants.IPPROTO_IP, Constants.IP_RECVTOS, 1);
            if (recvTos.IsError && family == IpFamily.IPv4)
            {
                error = recvTos;
            }
        }
        if (error.IsError)
        {
            LibC.Close(fd);
            return null;
        }
        return new UdpSocket(fd, family);
    }

    private static Errno SetIntOption(int fd, int level, int name, int value)
    {
        return LibC.SetSockOpt(fd, level, name, &value, sizeof(int)) == 0 ? Errno.None : Errno.Last;
    }

    /// <summary>Binds to <paramref name="address"/>; for the IPv6 wildcard, clears <c>IPV6_V6ONLY</c> first (dual stack).</summary>
    public Errno Bind(in NetAddress address)
    {
        if (address.Family == IpFamily.IPv6 && address.IsWildcard)
        {
            SetIntOption(_fd, Constants.IPPROTO_IPV6, Constants.IPV6_V6ONLY, 0);
        }
        fixed (byte* sa = address.ReadOnlyBytes)
        {
            return LibC.Bind(_fd, sa, (uint)address.Length) == 0 ? Errno.None : Errno.Last;
        }
    }

    /// <summary>
    /// Tries ports <paramref name="low"/>..<paramref name="high"/> in order on this socket (§3.1).
    /// With <c>low == high == 0</c> the kernel picks. On failure reports the last port tried
    /// and its error, so the caller can print "Failed binding to host:port".
    /// </summary>
    public BindResult BindInRange(NetAddress address, int low, int high)
    {
        Errno last = Errno.EINVAL;
        int port = low;
        for (; port <= high; port++)
        {
            address.Port = port;
            last = Bind(address);
            if (!last.IsError)
            {
                return new BindResult(true, port, Errno.None);
            }
        }
        return new BindResult(false, Math.Min(port, high), last);
    }

    /// <summary><c>getsockname</c>: the bound address, e.g. to learn the kernel's port after <c>-p 0</c>.</summary>
    public Errno GetLocalAddress(out NetAddress address)
    {
        address = default;
        uint length = NetAddress.Capacity;
        fixed (byte* sa = address.Bytes)
        {
            if (LibC.GetSockName(_fd, sa, &length) != 0)
            {
                return Errno.Last;
            }
        }
        address.SetLength((int)length);
        return Errno.None;
    }

    /// <summary><c>sendto(MSG_DONTWAIT)</c>. Not retried; <c>EMSGSIZE</c> tells the caller to fall back to the small MTU.</summary>
    public IoResult SendTo(ReadOnlySpan<byte> datagram, in NetAddress destination)
    {
        fixed (byte* data = datagram)
        fixed (byte* sa = destination.ReadOnlyBytes)
        {
            nint n = LibC.SendTo(_fd, data, (nuint)datagram.Length, Constants.MSG_DONTWAIT, sa, (uint)destination.Length);
            return n >= 0 ? IoResult.FromCount((int)n) : IoResult.FromError(Errno.Last);
        }
    }

    /// <summary>
    /// One <c>recvmsg</c> into <paramref name="buffer"/>: the source address, the TOS byte from the
    /// control message and whether the datagram was cut short. Retries <c>EINTR</c>; <c>EAGAIN</c>
    /// comes back as <see cref="UdpReceiveResult.WouldBlock"/>.
    /// </summary>
    public UdpReceiveResult Receive(Span<byte> buffer, out NetAddress source)
    {
        source = default;
        byte* control = stackalloc byte[ControlBufferSize];
        fixed (byte* data = buffer)
        fixed (byte* sa = source.Bytes)
        {
            IoVec iov;
            iov.Base = data;
            iov.Length = (nuint)buffer.Length;
            MsgHdr msg;
            nint n;
            do
            {
                msg = default;
                msg.Name = sa;
                msg.NameLength = NetAddress.Capacity;
                msg.Iov = &iov;
                msg.IovLength = 1;
                msg.Control = control;
                msg.ControlLength = ControlBufferSize;
                n = LibC.RecvMsg(_fd, &msg, 0);
            }
            while (n < 0 && LastWasInterrupted());
            if (n < 0)
            {
                return new UdpReceiveResult(IoResult.FromError(Errno.Last), 0, false);
            }
            source.SetLength((int)msg.NameLength);
            byte tos = ReadTos(&msg);
            bool truncated = (msg.Flags & Constants.MSG_TRUNC) != 0;
            return new UdpReceiveResult(IoResult.FromCount((int)Math.Min(n, buffer.Length)), tos, truncated);
        }
    }

    SendStatus IDatagramSocket<NetAddress>.SendTo(ReadOnlySpan<byte> datagram, in NetAddress destination)
    {
        IoResult r = SendTo(datagram, destination);
        return r.IsSuccess ? SendStatus.Ok : new SendStatus(r.Error.Value, r.Error == Errno.EMSGSIZE);
    }

    bool IDatagramSocket<NetAddress>.TryReceive(Span<byte> buffer, out SocketReceipt receipt, out NetAddress source)
    {
        UdpReceiveResult r = Receive(buffer, out source);
        receipt = new SocketReceipt(r.Count, r.Truncated, r.Tos);
        return r.IsSuccess;
    }

    private static bool LastWasInterrupted() => Errno.Last.IsInterrupted;

    /// <summary>Walks the control messages (glibc <c>CMSG_*</c> layout) for <c>IP_TOS</c> or <c>IPV6_TCLASS</c>.</summary>
    private static byte ReadTos(MsgHdr* msg)
    {
        nuint align = (nuint)sizeof(nuint);
        nuint header = ((nuint)sizeof(CMsgHdr) + align - 1) & ~(align - 1);
        byte* p = (byte*)msg->Control;
        byte* end = p + msg->ControlLength;
        while (p + header <= end)
        {
            CMsgHdr* c = (CMsgHdr*)p;
            if (c->Length < header || p + c->Length > end)
            {
                break;
            }
            byte* data = p + header;
            nuint dataLength = c->Length - header;
            if (c->Level == Constants.IPPROTO_IP && (c->Type == Constants.IP_TOS || c->Type == Constants.IP_RECVTOS) && dataLength >= 1)
            {
                return data[0];
            }
            if (c->Level == Constants.IPPROTO_IPV6 && c->Type == Constants.IPV6_TCLASS && dataLength >= sizeof(int))
            {
                return (byte)*(int*)data;
            }
            p += (c->Length + align - 1) & ~(align - 1);
        }
        return 0;
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            LibC.Close(fd);
        }
    }
}
