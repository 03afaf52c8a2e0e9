using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Tests.Support;
using Mosh.Transport;

namespace Mosh.Tests.Interop;

/// <summary>
/// Our server under the conditions mosh exists for: a client that roams to a new address and
/// port, a server that goes silent and comes back, and hostile datagrams aimed at its port.
/// </summary>
[Trait("Category", "Interop")]
public class NetworkConditionTests
{
    public static TheoryData<Impl> Clients => new() { Impl.Ours, Impl.Upstream };

    [Theory]
    [MemberData(nameof(Clients))]
    public void ServerFollowsARoamingClient(Impl client)
    {
        UdpRelay? relay = null;
        using var s = MoshSession.Start(Impl.Ours, client, clientPort: port => (relay = new UdpRelay(port)).ListenPort);
        using UdpRelay r = relay!;
        s.Command("echo before-$((1+1))");
        Assert.True(s.WaitForLine("before-2", TimeSpan.FromSeconds(10), out string screen), screen);

        // New source port on the same address.
        r.SwitchOutbound(IPAddress.Loopback);
        s.Command("echo port-$((2+2))");
        Assert.True(s.WaitForLine("port-4", TimeSpan.FromSeconds(10), out screen), screen);
        Assert.True(r.RepliesOnCurrentOutbound > 0, "the server did not answer the new port");

        // New address and port.
        r.SwitchOutbound(IPAddress.Parse("127.0.0.2"));
        s.Command("echo address-$((3+3))");
        Assert.True(s.WaitForLine("address-6", TimeSpan.FromSeconds(10), out screen), screen);
        Assert.True(r.RepliesOnCurrentOutbound > 0, "the server did not answer the new address");
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void ClientShowsLastContactWhileTheServerIsStoppedAndRecovers(Impl client)
    {
        using var s = MoshSession.Start(Impl.Ours, client);
        s.Command("echo alive-$((4+4))");
        Assert.True(s.WaitForLine("alive-8", TimeSpan.FromSeconds(10), out string screen), screen);
        string before = s.Tmux.CaptureCells();

        s.Server.Signal("STOP");
        try
        {
            // The bar appears once the server has been silent for 6.5 s; it stays stopped until the
            // bar has counted to 15 s.
            Assert.True(s.Tmux.WaitForText("Last contact", TimeSpan.FromSeconds(14), out screen), screen);
            Assert.True(s.Tmux.WaitFor(x => LastContactSeconds(x) >= 15, TimeSpan.FromSeconds(20), out screen),
                $"the bar did not count up to 15 s:\n{screen}");
        }
        finally
        {
            s.Server.Signal("CONT");
        }

        Assert.True(s.Tmux.WaitFor(x => !x.Contains("Last contact", StringComparison.Ordinal), TimeSpan.FromSeconds(10), out screen), screen);
        string after = "";
        Assert.True(MoshSession.WaitUntil(() => (after = s.Tmux.CaptureCells()) == before, TimeSpan.FromSeconds(5)),
            $"screen after recovery differs:\n--- before\n{before}\n--- last seen\n{after}");
        s.Command("echo back-$((5+5))");
        Assert.True(s.WaitForLine("back-10", TimeSpan.FromSeconds(10), out screen), screen);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void HostileDatagramsChangeNothing(Impl client)
    {
        UdpRelay? relay = null;
        using var s = MoshSession.Start(Impl.Ours, client, clientPort: port => (relay = new UdpRelay(port)).ListenPort);
        using UdpRelay r = relay!;
        s.Command("echo steady-$((6+1))");
        Assert.True(s.WaitForLine("steady-7", TimeSpan.FromSeconds(10), out string screen), screen);
        string before = s.Tmux.WaitStable(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));

        using (var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var target = new IPEndPoint(IPAddress.Loopback, s.Server.Port);
            var random = new Random(1234);
            foreach (byte[] datagram in HostileDatagrams(random, r.LastClientDatagram))
                attacker.SendTo(datagram, target);
        }

        // The datagrams are queued at the server's port before anything the client sends next, so
        // once a command typed now has made the round trip, the server has been through all of
        // them. The screen must then be what it was plus that command and its output: nothing else.
        string[] beforeRows = Rows(before);
        Assert.True(beforeRows[^1] == "mosh$", $"no prompt on the last line:\n{before}");
        string expected = string.Join('\n', [.. beforeRows[..^1], "mosh$ echo still-$((7+1))", "still-8", "mosh$"]);
        s.Command("echo still-$((7+1))");
        Assert.True(s.Tmux.WaitFor(x => string.Join('\n', Rows(x)) == expected, TimeSpan.FromSeconds(10), out screen),
            $"expected:\n{expected}\n--- last screen:\n{screen}");
    }

    /// <summary>The seconds in the bar's "Last contact N seconds ago", or -1 if it is not shown.</summary>
    private static int LastContactSeconds(string screen)
    {
        Match m = Regex.Match(screen, @"Last contact (\d+) seconds ago");
        return m.Success ? int.Parse(m.Groups[1].Value) : -1;
    }

    /// <summary>The screen's rows without trailing blanks, and without the empty rows below the last text.</summary>
    private static string[] Rows(string screen)
    {
        string[] rows = screen.Split('\n').Select(r => r.TrimEnd()).ToArray();
        int n = rows.Length;
        while (n > 0 && rows[n - 1].Length == 0) n--;
        return rows[..n];
    }

    /// <summary>Random bytes, truncated and bit-flipped copies of a real datagram, a replay, and well-formed datagrams under the wrong key.</summary>
    private static IEnumerable<byte[]> HostileDatagrams(Random random, byte[]? real)
    {
        for (int i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(0, 1500)];
            random.NextBytes(junk);
            yield return junk;
        }
        if (real is not null)
        {
            for (int cut = 0; cut < real.Length; cut += 3) yield return real[..cut];
            for (int i = 0; i < 50; i++)
            {
                byte[] flipped = real.ToArray();
                flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                yield return flipped;
            }
            // A replay of the client's own packet, from a stranger's address: authentic but old,
            // so it must not move the server's idea of where the client is.
            yield return real;
        }
        using var wrongKey = new PacketPipeline(new OcbCipher(SessionKey.Generate()), Direction.ToServer);
        for (ulong n = 1; n <= 20; n++)
        {
            var inst = new Instruction
            {
                ProtocolVersion = Instruction.CurrentProtocolVersion,
                OldNum = 0,
                NewNum = n,
                Diff = new byte[] { 0x0a, 0x07, 0x12, 0x05, 0x22, 0x03, 0x6c, 0x73, 0x0d },
            };
            wrongKey.Encode(inst, 1000 + (long)n);
            for (int d = 0; d < wrongKey.DatagramCount; d++) yield return wrongKey.GetDatagram(d).ToArray();
        }
    }
}

/// <summary>The server's own exit rules when its client disappears without a shutdown (protocol §6.5).</summary>
[Trait("Category", "Interop")]
public class ServerTimeoutTests
{
    [Fact]
    public void NetworkTimeoutEndsTheServerWhenTheClientVanishes()
    {
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours,
            serverEnv: new Dictionary<string, string> { ["MOSH_SERVER_NETWORK_TMOUT"] = "3" });
        int clientPid = ClientPid(s);
        MoshPrograms.Run("kill", ["-KILL", clientPid.ToString()], TimeSpan.FromSeconds(5));
        // Heartbeats kept it alive until now; without them it must go within the timeout (plus a margin).
        Assert.True(s.Server.WaitForExit(TimeSpan.FromSeconds(10)), "server still running after its network timeout");
    }

    [Fact]
    public void Sigusr1EndsTheServerOnlyAfterTheSignalTimeout()
    {
        using var s = MoshSession.Start(Impl.Ours, Impl.Ours,
            serverEnv: new Dictionary<string, string> { ["MOSH_SERVER_SIGNAL_TMOUT"] = "4" });
        int clientPid = ClientPid(s);
        // The client is talking: SIGUSR1 is ignored. A command typed after the signal makes its round
        // trip through a server that had the signal long before (acting on it would start the
        // shutdown, and the client would leave instead of showing the output).
        s.Server.Signal("USR1");
        s.Command("echo after-usr1-$((2*3))");
        Assert.True(s.WaitForLine("after-usr1-6", TimeSpan.FromSeconds(10), out string screen), screen);
        Assert.True(s.Server.IsRunning, "SIGUSR1 ended a server whose client is active");

        MoshPrograms.Run("kill", ["-STOP", clientPid.ToString()], TimeSpan.FromSeconds(5));
        try
        {
            Thread.Sleep(5000);
            s.Server.Signal("USR1");
            Assert.True(s.Server.WaitForExit(TimeSpan.FromSeconds(15)), "SIGUSR1 after the signal timeout did not end the server");
        }
        finally
        {
            MoshPrograms.Run("kill", ["-CONT", clientPid.ToString()], TimeSpan.FromSeconds(5));
        }
    }

    private static int ClientPid(MoshSession s)
    {
        List<int> pids = MoshSession.ProcessesMentioning($"mosh-client 127.0.0.1 {s.Server.Port}");
        // The pane's shell mentions the same command line; the client is the one whose parent is that shell.
        foreach (int pid in pids)
        {
            string comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            if (comm.StartsWith("mosh", StringComparison.Ordinal)) return pid;
        }
        throw new InvalidOperationException("client process not found");
    }
}
