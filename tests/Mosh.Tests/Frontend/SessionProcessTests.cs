using System.Diagnostics;
using Mosh.Posix;
using Mosh.Terminal.Emulation;
using Mosh.Tests.Posix;
using MoshAot.Server;

namespace Mosh.Tests.Frontend;

/// <summary>The server's session on its pty: output is taken in bursts, not one read per wake-up.</summary>
public class SessionProcessTests
{
    [Fact]
    public void ReadIntoTakesWhatIsWaitingInBurstsUpToItsBound()
    {
        const int Total = 2_000_000;
        using var session = new SessionProcess();
        var terminal = new VirtualTerminal(80, 24);
        // Far more output than a pty holds: the program blocks whenever the server does not read.
        SessionCommand command = SessionCommand.Resolve(["/bin/sh", "-c", $"head -c {Total} /dev/zero | tr '\\0' x; sleep 10"]);
        session.Start(new WindowSize(80, 24), command, PtyTestSupport.Environment(), "/", terminal);
        Assert.True(session.ChildPid > 0);

        var poller = new Poller(1);
        poller.Add(session.Master, PollEvents.Readable);
        long total = 0;
        int largest = 0;
        var clock = Stopwatch.StartNew();
        while (total < Total && clock.Elapsed < PtyTestSupport.Deadline)
        {
            poller.Wait(100, out _);
            Thread.Sleep(20); // the program fills the pty meanwhile
            int n = session.ReadInto(terminal);
            Assert.InRange(n, 0, SessionProcess.MaxReadPerCall + 16_384);
            largest = Math.Max(largest, n);
            total += n;
        }
        Assert.Equal(Total, total);
        // Linux hands out at most 4 KiB per read(2): this much in one call took many reads.
        Assert.True(largest > 16_384, $"largest burst {largest} bytes");
        Assert.Equal("xxxxxxxxxx", string.Concat(terminal.Framebuffer.GetRow(0).Cells[..10].ToArray().Select(c => (char)c.CodePoint)));
        Assert.False(session.Closed);
    }
}
