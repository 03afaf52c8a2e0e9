using System.Diagnostics;
using Mosh.Tests.Support;
using Xunit.Abstractions;

namespace Mosh.Tests.Interop;

/// <summary>
/// Real sessions through an impairment relay (<see cref="UdpRelay"/>: loss, delay, jitter and
/// the reordering it brings, duplication, a size limit, blackouts, a source-port change) in every
/// pairing upstream mosh 1.4.0 can take part in:
/// upstream's client with our server, our client with upstream's server, and ours with ours.
/// Where upstream's own half cannot cope (a paste under heavy loss, a path-MTU black hole in
/// the direction it sends), that pairing is left out, and the test says why. Each test sets the
/// weather only after the session is up, and measures from a marker on the screen.
/// </summary>
[Trait("Category", "Interop")]
public class FaultSuiteTests(ITestOutputHelper output)
{
    /// <summary>(server, client).</summary>
    public static TheoryData<Impl, Impl> AllPairings => new()
    {
        { Impl.Ours, Impl.Ours },
        { Impl.Ours, Impl.Upstream },
        { Impl.Upstream, Impl.Ours },
    };

    /// <summary>Pairings in which our client sends the user stream (upstream's sends a large paste whole).</summary>
    public static TheoryData<Impl, Impl> OurClient => new()
    {
        { Impl.Ours, Impl.Ours },
        { Impl.Upstream, Impl.Ours },
    };

    /// <summary>Pairings in which our server sends the screen (upstream's stalls in a black hole: its issue #832).</summary>
    public static TheoryData<Impl, Impl> OurServer => new()
    {
        { Impl.Ours, Impl.Ours },
        { Impl.Ours, Impl.Upstream },
    };

    private static MoshSession Start(Impl server, Impl client, out UdpRelay relay, int seed = 1)
    {
        UdpRelay? made = null;
        MoshSession s = MoshSession.Start(server, client, clientPort: port => (made = new UdpRelay(port, seed)).ListenPort);
        relay = made!;
        return s;
    }

    /// <summary>Printable lines of 63 characters and a newline, different for each seed.</summary>
    private static byte[] PasteText(int bytes, int seed)
    {
        var random = new Random(seed);
        var data = new byte[bytes];
        for (int i = 0; i < bytes; i++) data[i] = i % 64 == 63 ? (byte)'\n' : (byte)('!' + random.Next(94));
        return data;
    }

    private static string TempFile(string name) => Path.Combine(Path.GetTempPath(), $"moshaot-fault-{Environment.ProcessId}-{name}");

    [Theory]
    [MemberData(nameof(OurClient))]
    public void A64KiBPasteArrivesIntactAt30PercentLossWithinAMinute(Impl server, Impl client)
    {
        using var s = Start(server, client, out UdpRelay relay, seed: 7);
        using UdpRelay r = relay;
        string file = TempFile($"paste-{server}-{client}");
        byte[] paste = PasteText(64 << 10, 3);
        try
        {
            s.Command($"stty -echo; head -c {paste.Length} > {file}; stty echo; echo pasted-$((6*7))");
            Thread.Sleep(500);
            r.Impair(w => { w.LossRate = 0.3; w.DelayMs = 20; w.JitterMs = 5; });
            var clock = Stopwatch.StartNew();
            s.Tmux.Paste(paste);
            bool done = MoshSession.WaitUntil(() => File.Exists(file) && new FileInfo(file).Length >= paste.Length, TimeSpan.FromSeconds(60));
            output.WriteLine($"{server} server, {client} client: {(done ? $"{clock.Elapsed.TotalSeconds:F1} s" : "not within 60 s")} " +
                             $"(to server: {r.ToServer.Forwarded} forwarded, {r.ToServer.Dropped} lost)");
            Assert.True(done, $"only {(File.Exists(file) ? new FileInfo(file).Length : 0)} bytes arrived within 60 s");
            r.Impair(w => w.Clear());
            Assert.True(s.WaitForLine("pasted-42", TimeSpan.FromSeconds(15), out string screen), screen);
            Assert.Equal(paste, File.ReadAllBytes(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(OurServer))]
    public void AFullScreenGetsThroughAPathMtuBlackHole(Impl server, Impl client)
    {
        using var s = Start(server, client, out UdpRelay relay);
        using UdpRelay r = relay;
        string file = TempFile($"screen-{server}-{client}");
        var random = new Random(5);
        string[] lines = Enumerable.Range(0, 20).Select(_ => new string(Enumerable.Range(0, 78).Select(_ => (char)('!' + random.Next(94))).ToArray())).ToArray();
        File.WriteAllText(file, string.Join('\n', lines) + '\n');
        try
        {
            r.ToClient.Mtu = 1000;
            var clock = Stopwatch.StartNew();
            s.Command($"clear; cat {file}; echo shown-$((6*7))");
            bool shown = s.WaitForLine("shown-42", TimeSpan.FromSeconds(30), out string screen);
            output.WriteLine($"{server} server, {client} client: {(shown ? $"{clock.Elapsed.TotalSeconds:F1} s" : "not within 30 s")}, " +
                             $"{r.ToClient.DroppedOversize} datagrams over 1000 bytes dropped, largest {r.ToClient.LargestSeen}");
            Assert.True(shown, screen);
            Assert.True(r.ToClient.DroppedOversize > 0, "nothing was large enough to fall into the black hole");
            foreach (string line in lines[^10..]) Assert.Contains(line, screen);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(OurClient))]
    public void APasteGetsThroughAPathMtuBlackHole(Impl server, Impl client)
    {
        using var s = Start(server, client, out UdpRelay relay);
        using UdpRelay r = relay;
        string file = TempFile($"mtu-paste-{server}-{client}");
        byte[] paste = PasteText(32 << 10, 4);
        try
        {
            s.Command($"stty -echo; head -c {paste.Length} > {file}; stty echo; echo pasted-$((6*7))");
            Thread.Sleep(500);
            r.ToServer.Mtu = 1000;
            var clock = Stopwatch.StartNew();
            s.Tmux.Paste(paste);
            bool done = s.WaitForLine("pasted-42", TimeSpan.FromSeconds(40), out string screen);
            output.WriteLine($"{server} server, {client} client: {(done ? $"{clock.Elapsed.TotalSeconds:F1} s" : "not within 40 s")}, " +
                             $"{r.ToServer.DroppedOversize} datagrams over 1000 bytes dropped");
            Assert.True(done, screen);
            Assert.True(r.ToServer.DroppedOversize > 0, "nothing was large enough to fall into the black hole");
            Assert.Equal(paste, File.ReadAllBytes(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(AllPairings))]
    public void InputTypedDuringA10SecondBlackoutArrivesAfterIt(Impl server, Impl client)
    {
        using var s = Start(server, client, out UdpRelay relay);
        using UdpRelay r = relay;
        s.Command("echo before-$((1+1))");
        Assert.True(s.WaitForLine("before-2", TimeSpan.FromSeconds(10), out string screen), screen);
        r.Impair(w => w.Blackout = true);
        Thread.Sleep(2000);
        s.Command("echo after-$((2+2))");
        Thread.Sleep(8000);
        r.Impair(w => w.Blackout = false);
        var clock = Stopwatch.StartNew();
        bool back = s.WaitForLine("after-4", TimeSpan.FromSeconds(15), out screen);
        output.WriteLine($"{server} server, {client} client: {(back ? $"{clock.Elapsed.TotalSeconds:F1} s" : "not within 15 s")} after the blackout");
        Assert.True(back, screen);
        // Both sides resend with their next heartbeat at the latest (3 s), then a round trip.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"recovery took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [MemberData(nameof(AllPairings))]
    public void JitterReorderingAndDuplicatesLeaveTheScreenRight(Impl server, Impl client)
    {
        using var s = Start(server, client, out UdpRelay relay);
        using UdpRelay r = relay;
        r.Impair(w => { w.DelayMs = 150; w.JitterMs = 100; w.DuplicateRate = 0.2; });
        for (int i = 1; i <= 3; i++)
        {
            s.Command($"echo jitter-{i}-$((100*{i}))");
            Assert.True(s.WaitForLine($"jitter-{i}-{100 * i}", TimeSpan.FromSeconds(20), out string screen), screen);
        }
        r.Impair(w => w.Clear());
        // Once the weather is gone the screen settles on exactly what the shell printed.
        string settled = s.Tmux.WaitStable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
        string[] rows = settled.Split('\n').Select(x => x.TrimEnd()).Where(x => x.Length > 0).ToArray();
        Assert.Equal(["mosh$ echo jitter-1-$((100*1))", "jitter-1-100", "mosh$ echo jitter-2-$((100*2))", "jitter-2-200",
            "mosh$ echo jitter-3-$((100*3))", "jitter-3-300", "mosh$"], rows);
        Assert.True(r.ToClient.Forwarded > 0 && r.ToServer.Forwarded > 0);
        // How much the jitter reordered depends on the traffic (UdpRelayTests shows that it does).
        output.WriteLine($"{server} server, {client} client: reordered {r.ToServer.Reordered} to the server, {r.ToClient.Reordered} to the client");
    }

    [Theory]
    [MemberData(nameof(AllPairings))]
    public void TypingGetsThroughAt50PercentLossBothWays(Impl server, Impl client)
    {
        using var s = Start(server, client, out UdpRelay relay, seed: 11);
        using UdpRelay r = relay;
        r.Impair(w => { w.LossRate = 0.5; w.DelayMs = 30; w.JitterMs = 10; });
        var clock = Stopwatch.StartNew();
        for (int i = 1; i <= 3; i++)
        {
            s.Command($"echo lossy-{i}-$((7*{i}))");
            Assert.True(s.WaitForLine($"lossy-{i}-{7 * i}", TimeSpan.FromSeconds(30), out string screen), screen);
        }
        output.WriteLine($"{server} server, {client} client: 3 commands in {clock.Elapsed.TotalSeconds:F1} s; " +
                         $"lost {r.ToServer.Dropped} of {r.ToServer.Dropped + r.ToServer.Forwarded} to the server, " +
                         $"{r.ToClient.Dropped} of {r.ToClient.Dropped + r.ToClient.Forwarded} to the client");
        Assert.True(r.ToServer.Dropped > 0 && r.ToClient.Dropped > 0);
    }

    [Theory]
    [MemberData(nameof(AllPairings))]
    public void InputTypedDuringA60SecondBlackoutArrivesAfterIt(Impl server, Impl client)
    {
        using var s = Start(server, client, out UdpRelay relay);
        using UdpRelay r = relay;
        s.Command("echo before-$((3+3))");
        Assert.True(s.WaitForLine("before-6", TimeSpan.FromSeconds(10), out string screen), screen);
        r.Impair(w => w.Blackout = true);
        Thread.Sleep(2000);
        s.Command("echo after-$((4+4))");
        Thread.Sleep(58_000);
        r.Impair(w => w.Blackout = false);
        var clock = Stopwatch.StartNew();
        bool back = s.WaitForLine("after-8", TimeSpan.FromSeconds(15), out screen);
        output.WriteLine($"{server} server, {client} client: {(back ? $"{clock.Elapsed.TotalSeconds:F1} s" : "not within 15 s")} after a 60 s blackout");
        Assert.True(back, screen);
        // Past a long silence both sides only send heartbeats (every 3 s): one, then a round trip.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"recovery took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [MemberData(nameof(AllPairings))]
    public void TheSessionFollowsASourcePortChangeUnderLoss(Impl server, Impl client)
    {
        using var s = Start(server, client, out UdpRelay relay);
        using UdpRelay r = relay;
        r.Impair(w => w.LossRate = 0.2);
        s.Command("echo one-$((1+1))");
        Assert.True(s.WaitForLine("one-2", TimeSpan.FromSeconds(20), out string screen), screen);
        r.SwitchOutbound(System.Net.IPAddress.Loopback); // a NAT rebinding: same address, new port
        s.Command("echo two-$((2+2))");
        Assert.True(s.WaitForLine("two-4", TimeSpan.FromSeconds(20), out screen), screen);
        Assert.True(r.RepliesOnCurrentOutbound > 0, "the server did not answer the new port");
    }
}
