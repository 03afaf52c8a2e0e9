using System.Diagnostics;
using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class PollerTests
{
    [Fact]
    public void TimesOutThenReportsReadinessOfTheRightSlot()
    {
        FileDescriptor.CreatePipe(out int r1, out int w1, nonBlocking: true).ThrowIfError("pipe");
        FileDescriptor.CreatePipe(out int r2, out int w2, nonBlocking: true).ThrowIfError("pipe");
        try
        {
            var poller = new Poller(4);
            int s1 = poller.Add(r1, PollEvents.Readable);
            int s2 = poller.Add(r2, PollEvents.Readable);
            var clock = Stopwatch.StartNew();
            Assert.Equal(0, poller.Wait(60, out Errno error));
            Assert.False(error.IsError);
            Assert.InRange(clock.ElapsedMilliseconds, 50, 5000);

            FileDescriptor.Write(w2, "z"u8);
            Assert.Equal(1, poller.Wait(1000, out _));
            Assert.False(poller.IsReadable(s1));
            Assert.True(poller.IsReadable(s2));

            // A disabled slot (negative fd) is never reported.
            poller.Set(s2, -1, PollEvents.Readable);
            Assert.Equal(0, poller.Wait(10, out _));

            FileDescriptor.Close(w1);
            w1 = -1;
            Assert.Equal(1, poller.Wait(1000, out _));
            Assert.True((poller.Ready(s1) & PollEvents.HangUp) != 0);
            Assert.True(FileDescriptor.Read(r1, new byte[4]).IsEndOfFile);
            Assert.True(FileDescriptor.Read(r2, new byte[4]).Count == 1);
            Assert.True(FileDescriptor.Read(r2, new byte[4]).WouldBlock);
        }
        finally
        {
            FileDescriptor.Close(r1);
            FileDescriptor.Close(r2);
            if (w1 >= 0) FileDescriptor.Close(w1);
            FileDescriptor.Close(w2);
        }
    }

    [Fact]
    public void AddFailsWhenFull()
    {
        var poller = new Poller(1);
        Assert.Equal(0, poller.Add(0, PollEvents.Readable));
        Assert.Equal(-1, poller.Add(1, PollEvents.Readable));
    }
}
