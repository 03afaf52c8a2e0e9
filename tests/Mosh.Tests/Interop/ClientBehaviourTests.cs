using System.Net;
using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>Our client on bad links: port hopping when nothing comes back, local echo when the link is slow.</summary>
[Trait("Category", "Interop")]
public class ClientBehaviourTests
{
    public static TheoryData<Impl> Servers => new() { Impl.Ours, Impl.Upstream };

    [Theory]
    [MemberData(nameof(Servers))]
    public void ClientHopsToANewPortWhenRepliesStopAndRecovers(Impl server)
    {
        UdpRelay? relay = null;
        using var s = MoshSession.Start(server, Impl.Ours, clientPort: port => (relay = new UdpRelay(port)).ListenPort);
        using UdpRelay r = relay!;
        s.Command("echo hop-$((3*3))");
        Assert.True(s.WaitForLine("hop-9", TimeSpan.FromSeconds(10), out string screen), screen);
        Assert.Single(r.ClientSources);

        // A one-way outage: after 10 s without a round trip the client sends from a new socket (protocol §3.3).
        r.DropFromServer = true;
        bool hopped = MoshSession.WaitUntil(() => r.ClientSources.Count >= 2, TimeSpan.FromSeconds(25));
        r.DropFromServer = false;
        Assert.True(hopped, "the client never changed its source port");

        s.Command("echo hopped-$((4*4))");
        Assert.True(s.WaitForLine("hopped-16", TimeSpan.FromSeconds(15), out screen), screen);
    }

    [Fact]
    public void SlowLinkShowsUnderlinedPredictionsBeforeTheEcho()
    {
        UdpRelay? relay = null;
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours, clientPort: port => (relay = new UdpRelay(port)).ListenPort);
        using UdpRelay r = relay!;
        r.DelayMs = 400;
        // Let the RTT estimate settle on the slow link (~800 ms round trip).
        s.Command("echo slow");
        Assert.True(s.WaitForLine("slow", TimeSpan.FromSeconds(15), out string screen), screen);
        Thread.Sleep(4000);

        // The first key of an epoch is only shown once confirmed; the next ones are predicted at once.
        s.Tmux.Type("x");
        Assert.True(s.Tmux.WaitForText("mosh$ x", TimeSpan.FromSeconds(10), out screen), screen);
        Thread.Sleep(1500);
        s.Tmux.Type("q");
        // Within the round trip, the q is on screen, underlined (the link is slow: predictions are flagged).
        string cells = "";
        bool predicted = MoshSession.WaitUntil(() => (cells = s.Tmux.CaptureCells()).Contains("[q|fg=d bg=d a=16]", StringComparison.Ordinal),
            TimeSpan.FromMilliseconds(700));
        Assert.True(predicted, "no underlined prediction:\n" + cells);
        // Then the server's echo replaces it: the same character, no longer underlined.
        Assert.True(MoshSession.WaitUntil(() => (cells = s.Tmux.CaptureCells()).Contains("[q|fg=d bg=d a=0]", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5)), cells);
        s.Tmux.Keys("C-u");
    }
}
