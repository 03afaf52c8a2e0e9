using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class UdpSocketTests
{
    internal static UdpSocket BoundLoopback(IpFamily family = IpFamily.IPv4)
    {
        UdpSocket s = UdpSocket.Create(family, out Errno error)!;
        error.ThrowIfError("socket");
        Assert.True(NetAddress.TryParse(family == IpFamily.IPv4 ? "127.0.0.1" : "::1", 0, out NetAddress a));
        s.Bind(a).ThrowIfError("bind");
        return s;
    }

    internal static UdpReceiveResult ReceiveWithin(UdpSocket socket, Span<byte> buffer, out NetAddress source, int timeoutMs = 2000)
    {
        var poller = new Poller(1);
        poller.Add(socket.Fd, PollEvents.Readable);
        poller.Wait(timeoutMs, out _);
        return socket.Receive(buffer, out source);
    }

    [Fact]
    public void LoopbackDatagramCarriesSourceAddressAndEct0()
    {
        using UdpSocket a = BoundLoopback();
        using UdpSocket b = BoundLoopback();
        b.GetLocalAddress(out NetAddress bAddress).ThrowIfError("getsockname");
        a.GetLocalAddress(out NetAddress aAddress).ThrowIfError("getsockname");
        Assert.NotEqual(0, bAddress.Port);
        Assert.Equal("127.0.0.1", bAddress.Host);

        IoResult sent = a.SendTo("hello mosh"u8, bAddress);
        Assert.Equal(10, sent.Count);
        var buffer = new byte[2048];
        UdpReceiveResult r = ReceiveWithin(b, buffer, out NetAddress source);
        Assert.True(r.IsSuccess, r.Error.Message);
        Assert.Equal("hello mosh"u8.ToArray(), buffer[..r.Count]);
        Assert.Equal(aAddress, source);
        Assert.Equal(aAddress.ToString(), source.ToString());
        Assert.Equal(0x02, r.Tos); // IP_TOS = ECT(0) set on the sender, reported via IP_RECVTOS
        Assert.False(r.Truncated);
    }

    [Fact]
    public void OversizedDatagramIsReportedAsTruncated()
    {
        using UdpSocket a = BoundLoopback();
        using UdpSocket b = BoundLoopback();
        b.GetLocalAddress(out NetAddress bAddress);
        var big = new byte[3000];
        Assert.True(a.SendTo(big, bAddress).IsSuccess);
        var small = new byte[2048];
        UdpReceiveResult r = ReceiveWithin(b, small, out _);
        Assert.True(r.Truncated);
        Assert.Equal(2048, r.Count);
    }

    [Fact]
    public void EmptySocketSaysWouldBlock()
    {
        using UdpSocket b = BoundLoopback();
        UdpReceiveResult r = b.Receive(new byte[16], out _);
        Assert.False(r.IsSuccess);
        Assert.True(r.WouldBlock);
    }

    [Fact]
    public void TooLargeDatagramFailsWithEmsgsize()
    {
        using UdpSocket a = BoundLoopback();
        using UdpSocket b = BoundLoopback();
        b.GetLocalAddress(out NetAddress bAddress);
        IoResult r = a.SendTo(new byte[70000], bAddress);
        Assert.False(r.IsSuccess);
        Assert.Equal(Errno.EMSGSIZE, r.Error);
        Assert.Equal("Message too long", r.Error.Message);
    }

    [Fact]
    public void PortRangeBindingSkipsBusyPortsAndReportsTheLastFailure()
    {
        using UdpSocket holder = BoundLoopback();
        holder.GetLocalAddress(out NetAddress held);
        NetAddress.TryParse("127.0.0.1", 0, out NetAddress loopback);

        using UdpSocket busy = UdpSocket.Create(IpFamily.IPv4, out _)!;
        BindResult failed = busy.BindInRange(loopback, held.Port, held.Port);
        Assert.False(failed.Success);
        Assert.Equal(held.Port, failed.Port);
        Assert.Equal(Errno.EADDRINUSE, failed.Error);
        Assert.Equal("Address already in use", failed.Error.Message);

        BindResult ok = busy.BindInRange(loopback, held.Port, Math.Min(held.Port + 50, 65535));
        Assert.True(ok.Success);
        Assert.NotEqual(held.Port, ok.Port);
        busy.GetLocalAddress(out NetAddress bound);
        Assert.Equal(ok.Port, bound.Port);
    }

    [SkippableFact]
    public void DualStackWildcardReceivesIPv4()
    {
        UdpSocket? v6 = UdpSocket.Create(IpFamily.IPv6, out Errno error);
        Skip.If(v6 is null, $"no IPv6 in this environment (socket(AF_INET6): {error.Message})");
        using (v6)
        {
            v6.Bind(NetAddress.AnyIPv6(0)).ThrowIfError("bind ::");
            v6.GetLocalAddress(out NetAddress local);
            using UdpSocket a = BoundLoopback();
            NetAddress.TryParse("127.0.0.1", local.Port, out NetAddress target);
            Assert.True(a.SendTo("v4"u8, target).IsSuccess);
            var buffer = new byte[64];
            UdpReceiveResult r = ReceiveWithin(v6, buffer, out NetAddress source);
            Assert.True(r.IsSuccess, r.Error.Message);
            Assert.Equal(IpFamily.IPv6, source.Family);
            Assert.Equal("::ffff:127.0.0.1", source.Host);
            Assert.Equal(0x02, r.Tos);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", IpFamily.IPv4, "127.0.0.1")]
    [InlineData("::1", IpFamily.IPv6, "::1")]
    [InlineData("2001:DB8:0:0::1", IpFamily.IPv6, "2001:db8::1")]
    [InlineData("::ffff:10.0.0.1", IpFamily.IPv6, "::ffff:10.0.0.1")]
    public void NumericAddressesParseAndFormat(string text, IpFamily family, string canonical)
    {
        Assert.True(NetAddress.TryParse(text, 60001, out NetAddress a));
        Assert.Equal(family, a.Family);
        Assert.Equal(60001, a.Port);
        Assert.Equal(canonical, a.Host);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("example.com")]
    [InlineData("")]
    [InlineData("1.2.3.4.5")]
    [InlineData("::g")]
    public void NamesAndJunkAreRejected(string text)
    {
        Assert.False(NetAddress.TryParse(text, 1, out _));
    }

    [Fact]
    public void WildcardsAreRecognised()
    {
        Assert.True(NetAddress.AnyIPv4(0).IsWildcard);
        Assert.Equal("0.0.0.0", NetAddress.AnyIPv4(0).Host);
        Assert.True(NetAddress.AnyIPv6(5).IsWildcard);
        Assert.Equal("::", NetAddress.AnyIPv6(5).Host);
        NetAddress.TryParse("127.0.0.1", 0, out NetAddress loopback);
        Assert.False(loopback.IsWildcard);
    }
}
