using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MoshAot.Probe;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Transport;

namespace Mosh.Tests.Network;

/// <summary>The probe against a real upstream mosh-server 1.4.0, its failure reports, and its refusal of a session's key.</summary>
public class ProbeUpstreamServerTests
{
    private static SessionKey Key(string printable)
    {
        Assert.True(SessionKey.TryParse(printable, out SessionKey? key, out string? error), error);
        return key;
    }

    [Fact]
    public void RightKeyGetsTheInitialScreenThenShutsTheServerDown()
    {
        using var server = new UpstreamMoshServer();
        using SessionKey key = Key(server.Key);
        ProbeResult r = ProbeExchange.Run("127.0.0.1", server.Port, key, TimeSpan.FromSeconds(8));
        Assert.Equal(ProbeOutcome.Authentic, r.Outcome);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(0, r.AuthenticationFailures);
        // The server's first answer acks our state 1 at once, with no content.
        Assert.Contains(r.Instructions, i => i.AckNum == 1 && i.NewNum >= 1);
        // Then the screen: reassembled, inflated and decoded into a HostMessage with host bytes.
        ProbeInstruction screen = Assert.Single(r.Instructions, i => i.HostBytes.Length > 0);
        Assert.False(screen.DiffMalformed);
        Assert.Equal(0UL, screen.OldNum);
        Assert.True(screen.HostBytes.AsSpan().IndexOfAny((byte)'#', (byte)'$') >= 0); // /bin/sh's prompt
        Assert.True(r.SawHostBytes);
        Assert.True(r.SrttMs is > 0 and < 1000);
        // The probe's key dies with the server: it acknowledged the shutdown and exited.
        Assert.True(r.ServerShutDown);
        Assert.True(WaitUntilGone(server.Pid, TimeSpan.FromSeconds(5)), $"upstream mosh-server {server.Pid} still running after the probe's shutdown");
    }

    private static bool WaitUntilGone(int pid, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal))
                return true;
            Thread.Sleep(50);
        }
        return false;
    }

    [Fact]
    public void WrongKeyTimesOutWithAHint()
    {
        using var server = new UpstreamMoshServer();
        using SessionKey wrong = Key(server.Key == "AAAAAAAAAAAAAAAAAAAAAA" ? "AAAAAAAAAAAAAAAAAAAAAQ" : "AAAAAAAAAAAAAAAAAAAAAA");
        ProbeResult r = ProbeExchange.Run("127.0.0.1", server.Port, wrong, TimeSpan.FromSeconds(1.5));
        Assert.Equal(ProbeOutcome.Timeout, r.Outcome);
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("timeout: no reply from 127.0.0.1:", r.Reason);
        Assert.Contains("wrong key", r.Reason);
        Assert.True(r.DatagramsSent >= 3);                   // resent while waiting
        Assert.False(r.ServerShutDown);
    }

    [Theory]
    [InlineData("MOSH CONNECT 60001 AAECAwQFBgcICQoLDA0ODw", 60001)]
    [InlineData("MOSH CONNECT 1 AAECAwQFBgcICQoLDA0ODw \r", 1)]
    [InlineData("MOSH CONNECT 60001 AAECAwQFBgcICQoLDA0ODx", 0)]   // not a canonical key
    [InlineData("MOSH CONNECT 60001 AAECAwQFBgcICQoLDA0OD", 0)]    // short key
    [InlineData("MOSH CONNECT 70000 AAECAwQFBgcICQoLDA0ODw", 0)]   // no such port
    [InlineData("MOSH CONNECT  AAECAwQFBgcICQoLDA0ODw", 0)]
    [InlineData("MOSH CONNECT 60001 AAECAwQFBgcICQoLDA0ODwx", 0)]
    [InlineData("motd: MOSH CONNECT 60001 AAECAwQFBgcICQoLDA0ODw", 0)]
    public void ReadsOnlyAWellFormedConnectLine(string line, int port)
    {
        bool ok = ProbeServer.TryParseConnect(System.Text.Encoding.ASCII.GetBytes(line), out int parsedPort, out SessionKey? key);
        Assert.Equal(port != 0, ok);
        if (ok)
        {
            Assert.Equal(port, parsedPort);
            Assert.Equal("AAECAwQFBgcICQoLDA0ODw", key!.ToPrintable());
        }
    }

    [Theory]
    [InlineData(new[] { "127.0.0.1", "60001" }, true)]             // the old form: a session's key in MOSH_KEY
    [InlineData(new[] { "127.0.0.1" }, false)]
    [InlineData(new[] { "127.0.0.1", "mosh-server", "new" }, false)]
    [InlineData(new[] { "127.0.0.1", "--" }, false)]
    public void RefusesAnythingButItsOwnServer(string[] args, bool explainsNonceReuse)
    {
        string? refusal = ProbeCommand.Refusal(args, moshKeySet: true);
        Assert.NotNull(refusal);
        Assert.Contains("Usage: mosh-aot probe HOST -- SERVER-COMMAND", refusal);
        Assert.Equal(explainsNonceReuse, refusal.Contains("reuse its client's OCB nonces", StringComparison.Ordinal));
        Assert.Null(ProbeCommand.Refusal(["127.0.0.1", "--", "mosh-server", "new"], moshKeySet: true));
    }

    [Fact]
    public void RepliesUnderAnotherKeyAreCountedAsAuthenticationFailures()
    {
        // A stand-in server that answers every datagram with one sealed under a different key.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var responder = Task.Run(() =>
        {
            using var other = new PacketPipeline(new OcbCipher(new byte[16]), Direction.ToClient);
            var buf = new byte[4096];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            socket.ReceiveTimeout = 200;
            while (!cts.IsCancellationRequested)
            {
                try
                {
                    socket.ReceiveFrom(buf, ref from);
                }
                catch (SocketException)
                {
                    continue;
                }
                other.Encode(new Instruction { ProtocolVersion = 2, NewNum = 1, AckNum = 1 }, Environment.TickCount64);
                socket.SendTo(other.GetDatagram(0), from);
            }
        });
        using SessionKey key = Key("AAECAwQFBgcICQoLDA0ODw");
        ProbeResult r = ProbeExchange.Run("127.0.0.1", port, key, TimeSpan.FromSeconds(1));
        cts.Cancel();
        Assert.True(responder.Wait(5000));
        Assert.Equal(ProbeOutcome.NoAuthenticReply, r.Outcome);
        Assert.StartsWith($"no authentic reply: {r.AuthenticationFailures} datagrams failed authentication (wrong key?)", r.Reason);
        Assert.True(r.AuthenticationFailures >= 2);
    }

    [Fact]
    public void ExcerptEscapesControls()
    {
        Assert.Equal("\\e[?25l\\r\\n# \\x07\\xc3", ProbeCommand.Excerpt([.. "\x1b[?25l\r\n# \a"u8, 0xC3], 100));
        Assert.Equal("ab...", ProbeCommand.Excerpt("abc"u8, 2));
    }

    [SkippableFact]
    public void BuiltBinaryProbesAServerItStartsItself()
    {
        string binary = BuiltBinary();
        Assert.True(File.Exists(UpstreamMoshServer.Binary), "upstream mosh-server is needed (Debian package mosh)");
        var (exit, stdout, stderr) = RunBinary(binary,
            ["probe", "127.0.0.1", "--", UpstreamMoshServer.Binary, "new", "-i", "127.0.0.1", "-p", "0", "--", "/bin/sh"],
            new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["LC_ALL"] = "C.UTF-8" });
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("authenticated: yes", stdout);
        Assert.Contains("host bytes: ", stdout);
        Assert.Contains("rtt: ", stdout);
        Assert.Contains("server shut down: yes", stdout);
        Assert.DoesNotContain("MOSH CONNECT", stdout + stderr); // the key is never shown
        // The server's own lines pass through; its pid shows it has gone with its key.
        Match pid = Regex.Match(stderr, @"pid = (\d+)");
        Assert.True(pid.Success, stderr);
        Assert.True(WaitUntilGone(int.Parse(pid.Groups[1].Value), TimeSpan.FromSeconds(5)), "the probe's server is still running");
    }

    [SkippableFact]
    public void BuiltBinaryRefusesASessionKeyAndSendsNothing()
    {
        string binary = BuiltBinary();
        // A live session's server stands here; the 1.4.0-era form would have sent it datagrams under its key.
        using var sessionServer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sessionServer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)sessionServer.LocalEndPoint!).Port;
        var (exit, stdout, stderr) = RunBinary(binary, ["probe", "127.0.0.1", port.ToString()],
            new Dictionary<string, string> { ["MOSH_KEY"] = "AAECAwQFBgcICQoLDA0ODw" });
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("refusing to probe an existing server with a key from MOSH_KEY", stderr);
        Assert.False(sessionServer.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectRead), "the refused probe sent a datagram");
    }

    private static string BuiltBinary()
    {
        string? binary = Environment.GetEnvironmentVariable("MOSH_AOT_BINARY");
        Skip.If(string.IsNullOrEmpty(binary), "MOSH_AOT_BINARY is not set (`make test` sets it after building the binary)");
        Assert.True(File.Exists(binary), binary);
        return binary;
    }

    private static (int Exit, string Stdout, string Stderr) RunBinary(string binary, string[] args, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill();
            Assert.Fail("probe did not finish within 30 s");
        }
        Assert.True(Task.WaitAll([stdout, stderr], 5_000));
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
