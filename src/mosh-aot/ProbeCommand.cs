using Mosh.StateSync;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Transport;

namespace MoshAot;

/// <summary>How a probe ended.</summary>
internal enum ProbeOutcome
{
    /// <summary>At least one authentic instruction came back.</summary>
    Authentic,
    BadArguments,
    BadKey,
    ResolveFailed,
    SocketError,
    /// <summary>Nothing at all came back.</summary>
    Timeout,
    /// <summary>Datagrams came back, but none authenticated.</summary>
    NoAuthenticReply,
}

/// <summary>One instruction the server sent, in brief.</summary>
internal sealed record ProbeInstruction(
    ulong OldNum, ulong NewNum, ulong AckNum, ulong ThrowawayNum, int DiffLength,
    ulong? EchoAck, (int Width, int Height)? Resize, byte[] HostBytes, bool DiffMalformed);

/// <summary>Everything a probe learned; <see cref="ProbeCommand.Print"/> renders it.</summary>
internal sealed class ProbeResult
{
    public ProbeOutcome Outcome;
    public string Target = "";
    public string Reason = "";
    public int DatagramsSent;
    public int DatagramsReceived;
    public int AuthenticationFailures;
    public int OtherRejects;
    public List<ProbeInstruction> Instructions = [];
    public double? SrttMs;
    public double? FirstReplyMs;
    public bool SawHostBytes;

    public int ExitCode => Outcome == ProbeOutcome.Authentic ? 0 : Outcome == ProbeOutcome.BadArguments ? 2 : 1;
}

/// <summary>
/// <c>mosh-aot probe HOST PORT</c>: act as a client for one instruction — the handshake every
/// client starts with (state 0 → 1, a Resize 80×24) — and report what the server answers.
/// A quick way to check a key, a port and a server without a terminal.
/// </summary>
internal static class ProbeCommand
{
    public const int DefaultTimeoutSeconds = 5;
    private const int ResendIntervalMs = 250;

    public static int Run(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[1], out int port) || port is < 1 or > 65535)
        {
            Cli.StdIo.Error.Write("Usage: mosh-aot probe HOST PORT   (key in MOSH_KEY)\n");
            return 2;
        }
        string? key = Environment.GetEnvironmentVariable("MOSH_KEY");
        ProbeResult result = Probe(args[0], port, key, TimeSpan.FromSeconds(DefaultTimeoutSeconds));
        Print(result, Cli.StdIo.Out, Cli.StdIo.Error);
        return result.ExitCode;
    }

    /// <summary>Run a probe against <paramref name="host"/>:<paramref name="port"/> with the printable key.</summary>
    public static ProbeResult Probe(string host, int port, string? printableKey, TimeSpan timeout)
    {
        var result = new ProbeResult { Target = $"{host}:{port}" };
        if (printableKey is null)
        {
            result.Outcome = ProbeOutcome.BadKey;
            result.Reason = "MOSH_KEY environment variable not found.";
            return result;
        }
        if (!SessionKey.TryParse(printableKey, out SessionKey? key, out string? keyError))
        {
            result.Outcome = ProbeOutcome.BadKey;
            result.Reason = keyError;
            return result;
        }

        IPAddress address;
        try
        {
            address = IPAddress.TryParse(host, out IPAddress? literal) ? literal : Dns.GetHostAddresses(host)[0];
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException or ArgumentException)
        {
            result.Outcome = ProbeOutcome.ResolveFailed;
            result.Reason = $"cannot resolve {host}: {e.Message}";
            return result;
        }
        var server = new IPEndPoint(address, port);
        result.Target = server.ToString();

        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(server); // only the server's replies reach us
            using var pipeline = new PacketPipeline(new OcbCipher(key), Direction.ToServer)
            {
                DatagramMtu = address.AddressFamily == AddressFamily.InterNetworkV6 ? Mtu.IPv6DatagramMtu : Mtu.IPv4DatagramMtu,
            };
            Exchange(socket, pipeline, result, timeout);
        }
        catch (SocketException e)
        {
            result.Outcome = ProbeOutcome.SocketError;
            result.Reason = $"network error talking to {result.Target}: {e.Message}";
            return result;
        }

        if (result.Instructions.Count > 0)
        {
            result.Outcome = ProbeOutcome.Authentic;
        }
        else if (result.AuthenticationFailures > 0)
        {
            result.Outcome = ProbeOutcome.NoAuthenticReply;
            result.Reason = $"no authentic reply: {result.AuthenticationFailures} datagrams failed authentication (wrong key?)";
        }
        else
        {
            result.Outcome = ProbeOutcome.Timeout;
            result.Reason = $"timeout: no reply from {result.Target} within {timeout.TotalSeconds:0.#} s " +
                "(mosh-server ignores packets it cannot authenticate, so a wrong key or a blocked UDP port are the likely causes)";
        }
        return result;
    }

    private static void Exchange(Socket socket, PacketPipeline pipeline, ProbeResult result, TimeSpan timeout)
    {
        var diff = new UserMessageWriter();
        diff.AddResize(80, 24);
        var hello = new Instruction
        {
            ProtocolVersion = Instruction.CurrentProtocolVersion,
            OldNum = 0,
            NewNum = 1,
            AckNum = 0,
            ThrowawayNum = 0,
            Diff = diff.WrittenMemory,
        };

        var clock = Stopwatch.StartNew();
        long start = Environment.TickCount64;
        long deadline = (long)timeout.TotalMilliseconds;
        long nextSend = 0;
        var buffer = new byte[Mtu.MaxDatagramLength + 1]; // one extra byte detects oversize datagrams
        while (clock.ElapsedMilliseconds < deadline && !result.SawHostBytes)
        {
            long now = clock.ElapsedMilliseconds;
            if (now >= nextSend)
            {
                // Resent unchanged until the screen arrives, like a client retransmitting its first state.
                if (pipeline.Encode(hello, start + now) != EncodeStatus.Ok)
                    throw new SocketException((int)SocketError.MessageSize);
                for (int i = 0; i < pipeline.DatagramCount; i++)
                {
                    socket.Send(pipeline.GetDatagram(i));
                    result.DatagramsSent++;
                }
                nextSend = now + ResendIntervalMs;
            }

            long wait = Math.Max(1, Math.Min(nextSend, deadline) - clock.ElapsedMilliseconds);
            if (!socket.Poll(TimeSpan.FromMilliseconds(wait), SelectMode.SelectRead))
                continue;
            int n;
            try
            {
                n = socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                continue; // ICMP port unreachable from an earlier send: keep trying until the deadline
            }
            result.DatagramsReceived++;
            long received = clock.ElapsedMilliseconds;
            ReceiveStatus status = pipeline.Receive(buffer.AsSpan(0, n), start + received, false, out ReceivedDatagram info, out Instruction instruction);
            if (status == ReceiveStatus.AuthenticationFailed)
            {
                result.AuthenticationFailures++;
                continue;
            }
            if (!info.Authentic)
            {
                result.OtherRejects++;
                continue;
            }
            result.FirstReplyMs ??= received; // an upper bound until the timestamp echo gives an RTT
            if (pipeline.Rtt.HasSample)
                result.SrttMs = pipeline.Rtt.SrttMs;
            if (status == ReceiveStatus.Instruction)
                result.Instructions.Add(Summarise(instruction, result));
            else if (status is not (ReceiveStatus.Pending or ReceiveStatus.Ignored))
                result.OtherRejects++;
        }
    }

    private static ProbeInstruction Summarise(in Instruction instruction, ProbeResult result)
    {
        ulong? echoAck = null;
        (int, int)? resize = null;
        byte[] hostBytes = [];
        var reader = new HostMessageReader(instruction.Diff.Span);
        while (reader.TryRead(out HostEvent e))
        {
            switch (e.Kind)
            {
                case HostEventKind.EchoAck: echoAck = e.EchoAckNum; break;
                case HostEventKind.Resize: resize = (e.Width, e.Height); break;
                case HostEventKind.HostBytes: hostBytes = [.. hostBytes, .. e.HostBytes]; break;
            }
        }
        if (hostBytes.Length > 0)
            result.SawHostBytes = true;
        return new ProbeInstruction(instruction.OldNum, instruction.NewNum, instruction.AckNum, instruction.ThrowawayNum,
            instruction.Diff.Length, echoAck, resize, hostBytes, reader.Malformed);
    }

    public static void Print(ProbeResult result, TextWriter output, TextWriter error)
    {
        if (result.Outcome is ProbeOutcome.BadKey or ProbeOutcome.BadArguments or ProbeOutcome.ResolveFailed)
        {
            error.Write($"mosh-aot probe: {result.Reason}\n");
            return;
        }
        var s = new StringBuilder();
        s.Append($"probe {result.Target}: sent {result.DatagramsSent} datagrams, received {result.DatagramsReceived}");
        s.Append($" ({result.AuthenticationFailures} failed authentication)\n");
        s.Append($"authenticated: {(result.Outcome == ProbeOutcome.Authentic ? "yes" : "no")}\n");
        foreach (ProbeInstruction i in result.Instructions)
        {
            s.Append($"instruction: old {Num(i.OldNum)} new {Num(i.NewNum)} ack {Num(i.AckNum)} throwaway {Num(i.ThrowawayNum)}");
            s.Append(i.DiffLength == 0 ? ", empty diff (ack)\n" : $", diff {i.DiffLength} bytes\n");
            if (i.DiffMalformed)
                s.Append("  diff is not a valid HostMessage\n");
            if (i.EchoAck is ulong ack)
                s.Append($"  echo ack: {ack}\n");
            if (i.Resize is (int w, int h))
                s.Append($"  resize: {w}x{h}\n");
            if (i.HostBytes.Length > 0)
                s.Append($"  host bytes: {i.HostBytes.Length}: \"{Excerpt(i.HostBytes, 160)}\"\n");
        }
        if (result.SrttMs is double srtt)
            s.Append($"rtt: {srtt:0.#} ms (from the timestamp echo)\n");
        else if (result.FirstReplyMs is double first)
            s.Append($"rtt: first reply after {first:0} ms (no timestamp echo)\n");
        if (result.Outcome == ProbeOutcome.Authentic && !result.SawHostBytes)
            s.Append("note: no screen contents arrived before the deadline\n");
        output.Write(s.ToString());
        if (result.Outcome != ProbeOutcome.Authentic)
            error.Write($"mosh-aot probe: {result.Reason}\n");
    }

    private static string Num(ulong n) => n == Instruction.ShutdownNum ? "2^64-1 (shutdown)" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Terminal bytes made readable: printable ASCII as is, ESC as \e, others escaped.</summary>
    internal static string Excerpt(ReadOnlySpan<byte> bytes, int max)
    {
        var s = new StringBuilder();
        int count = Math.Min(bytes.Length, max);
        for (int i = 0; i < count; i++)
        {
            byte b = bytes[i];
            switch (b)
            {
                case 0x1B: s.Append("\\e"); break;
                case (byte)'\r': s.Append("\\r"); break;
                case (byte)'\n': s.Append("\\n"); break;
                case (byte)'\\': s.Append("\\\\"); break;
                case (byte)'"': s.Append("\\\""); break;
                default:
                    if (b is >= 0x20 and < 0x7F)
                        s.Append((char)b);
                    else
                        s.Append($"\\x{b:x2}");
                    break;
            }
        }
        if (bytes.Length > max)
            s.Append("...");
        return s.ToString();
    }
}
