using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MoshAot;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Transport;

namespace Mosh.Tests.Network;

/// <summary>The probe against a real upstream mosh-server 1.4.0, and its failure reports.</summary>
public class ProbeUpstreamServerTests
{
    [Fact]
    public void RightKeyGetsTheInitialScreen()
    {
        using var server = new UpstreamMoshServer();
        ProbeResult r = ProbeCommand.Probe("127.0.0.1", server.Port, server.Key, TimeSpan.FromSeconds(8));
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
    }

    [Fact]
    public void WrongKeyTimesOutWithAHint()
    {
        using var server = new UpstreamMoshServer();
        string wrong = server.Key == "AAAAAAAAAAAAAAAAAAAAAA" ? "AAAAAAAAAAAAAAAAAAAAAQ" : "AAAAAAAAAAAAAAAAAAAAAA";
        ProbeResult r = ProbeCommand.Probe("127.0.0.1", server.Port, wrong, TimeSpan.FromSeconds(1.5));
        Assert.Equal(ProbeOutcome.Timeout, r.Outcome);
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("timeout: no reply from 127.0.0.1:", r.Reason);
        Assert.Contains("wrong key", r.Reason);
        Assert.True(r.DatagramsSent >= 3);                   // resent while waiting
    }

    [Fact]
    public void MalformedKeyReportsTheSessionKeyError()
    {
        ProbeResult r = ProbeCommand.Probe("127.0.0.1", 9, "AAAAAAAAAAAAAAAAAAAAAx", TimeSpan.FromSeconds(1));
        Assert.Equal(ProbeOutcome.BadKey, r.Outcome);
        Assert.Equal("Base64 key was not encoded 128-bit key.", r.Reason);
        Assert.Equal(ProbeOutcome.BadKey, ProbeCommand.Probe("127.0.0.1", 9, "short", TimeSpan.FromSeconds(1)).Outcome);
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
        ProbeResult r = ProbeCommand.Probe("127.0.0.1", port, "AAECAwQFBgcICQoLDA0ODw", TimeSpan.FromSeconds(1));
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
    public void BuiltBinaryProbesTheServer()
    {
        string? binary = Environment.GetEnvironmentVariable("MOSH_AOT_BINARY");
        Skip.If(string.IsNullOrEmpty(binary), "MOSH_AOT_BINARY is not set (`make test` sets it after building the binary)");
        Assert.True(File.Exists(binary), binary);
        using var server = new UpstreamMoshServer();
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("probe");
        psi.ArgumentList.Add("127.0.0.1");
        psi.ArgumentList.Add(server.Port.ToString());
        psi.Environment["MOSH_KEY"] = server.Key;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(20_000))
        {
            p.Kill();
            Assert.Fail("probe did not finish within 20 s");
        }
        Assert.True(Task.WaitAll([stdout, stderr], 5_000));
        Assert.True(p.ExitCode == 0, stdout.Result + stderr.Result);
        Assert.Contains("authenticated: yes", stdout.Result);
        Assert.Contains("host bytes: ", stdout.Result);
        Assert.Contains("rtt: ", stdout.Result);
    }
}
