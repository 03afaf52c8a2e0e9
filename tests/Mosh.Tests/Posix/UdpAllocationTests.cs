using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class UdpAllocationTests
{
    [Fact]
    public void LoopbackSendReceiveAndPollDoNotAllocate()
    {
        using UdpSocket a = UdpSocketTests.BoundLoopback();
        using UdpSocket b = UdpSocketTests.BoundLoopback();
        b.GetLocalAddress(out NetAddress destination);
        var poller = new Poller(2);
        int slot = poller.Add(b.Fd, PollEvents.Readable);
        var payload = new byte[1252];
        var buffer = new byte[2048];
        int received = 0;

        void Round()
        {
            if (!a.SendTo(payload, destination).IsSuccess)
            {
                return;
            }
            if (poller.Wait(1000, out _) > 0 && poller.IsReadable(slot))
            {
                UdpReceiveResult r = b.Receive(buffer, out NetAddress source);
                if (r.IsSuccess && source.Port != 0 && r.Tos == 2)
                {
                    received++;
                }
            }
        }

        for (int i = 0; i < 200; i++)
        {
            Round();
        }
        received = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            Round();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(10_000, received);
        Assert.Equal(0, allocated);
    }
}
