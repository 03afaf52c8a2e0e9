using System.Diagnostics;
using Mosh.Tests.Support;
using Xunit.Abstractions;

namespace Mosh.Tests.Interop;

/// <summary>
/// sendto failing for real: inside a network namespace of the test's own, a routing rule makes
/// every datagram between client and server fail at sendto with ENETUNREACH (an interface that
/// is down) for 10 s. Input typed during the outage must arrive soon after the rule goes, and
/// the client's notification bar must not go on showing the send error. Upstream's client is
/// measured beside ours; only ours is held to the short bound (it retries a refused send after
/// 250 ms, upstream's with its next heartbeat).
/// </summary>
[Trait("Category", "Interop")]
public class SendFailureInteropTests(ITestOutputHelper output)
{
    /// <summary>(server, client).</summary>
    public static TheoryData<Impl, Impl> Pairings => new()
    {
        { Impl.Ours, Impl.Ours },
        { Impl.Upstream, Impl.Ours },
        { Impl.Ours, Impl.Upstream },
    };

    [SkippableTheory]
    [MemberData(nameof(Pairings))]
    public void InputTypedWhileSendsFailArrivesSoonAfterThePathComesBack(Impl server, Impl client)
    {
        string? unavailable = NetworkNamespace.Unavailable;
        Skip.If(unavailable is not null, unavailable);
        using var ns = NetworkNamespace.Create();
        using var s = MoshSession.Start(server, client, commandPrefix: ns.Prefix);
        s.Command("echo up-$((1+1))");
        Assert.True(s.WaitForLine("up-2", TimeSpan.FromSeconds(10), out string screen), screen);

        string port = s.Server.Port.ToString();
        ns.Ip("rule", "add", "pref", "1", "to", "127.0.0.1", "ipproto", "udp", "dport", port, "unreachable");
        ns.Ip("rule", "add", "pref", "2", "from", "127.0.0.1", "ipproto", "udp", "sport", port, "unreachable");
        var outage = Stopwatch.StartNew();
        Thread.Sleep(2000);
        s.Command("echo back-$((3+4))");
        bool errorShown = s.Tmux.WaitForText("sendto: Network is unreachable", TimeSpan.FromSeconds(8), out screen);
        Thread.Sleep(TimeSpan.FromSeconds(10) - outage.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        ns.Ip("rule", "del", "pref", "1");
        ns.Ip("rule", "del", "pref", "2");
        var clock = Stopwatch.StartNew();

        bool back = s.WaitForLine("back-7", TimeSpan.FromSeconds(10), out screen);
        double recovery = clock.Elapsed.TotalSeconds;
        bool barGone = s.Tmux.WaitFor(x => !x.Contains("sendto", StringComparison.Ordinal), TimeSpan.FromSeconds(5), out string afterScreen);
        double barGoneAt = clock.Elapsed.TotalSeconds;
        output.WriteLine($"{server} server, {client} client: input after {(back ? $"{recovery:F2} s" : "more than 10 s")}, " +
                         $"send error shown during the outage: {errorShown}, gone {(barGone ? $"{barGoneAt:F2} s" : "not within 5 s")} after");

        Assert.True(back, screen);
        Assert.True(barGone, "the send error is still shown:\n" + afterScreen);
        if (client == Impl.Ours)
        {
            Assert.True(errorShown, "the bar never showed the send error");
            Assert.True(recovery < 1.5, $"our client took {recovery:F2} s");
            Assert.True(barGoneAt < 2.5, $"the send error stayed {barGoneAt:F2} s");
        }
    }
}
