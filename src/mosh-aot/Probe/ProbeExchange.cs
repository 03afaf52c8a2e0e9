using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.StateSync;
using Mosh.Transport;

namespace MoshAot.Probe;

/// <summary>
/// The probe's conversation with a server: the handshake every client starts with (state 0 → 1,
/// a Resize 80×24), resent until the screen arrives, then the client's shutdown (new state
/// 2^64−1), resent until the server acknowledges it and ends.
/// </summary>
/// <remarks>
/// <para>
/// Only for a server whose key no one else has: the probe's datagrams carry sequence numbers from
/// 0, the nonces a client of that key would use (an OCB nonce must never be used twice under one
/// key), and an authentic datagram with a sequence number at or above the server's expectation
/// moves the server's peer to the probe (roaming). So <see cref="ProbeCommand"/> only runs it
/// against a server it started itself, and the shutdown at the end makes sure the key dies with
/// that server instead of being left to some later client.
/// </para>
/// </remarks>
internal static class ProbeExchange
{
    private const int ResendIntervalMs = 250;

    /// <summary>How long the probe keeps asking a server that answered to shut down.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Runs the exchange with <paramref name="host"/>:<paramref name="port"/> under <paramref name="freshKey"/> (see the remarks).</summary>
    public static ProbeResult Run(string host, int port, SessionKey freshKey, TimeSpan timeout)
    {
        var result = new ProbeResult { Target = $"{host}:{port}" };
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
            using var pipeline = new PacketPipeline(new OcbCipher(freshKey), Direction.ToServer)
            {
                DatagramMtu = address.AddressFamily == AddressFamily.InterNetworkV6 ? Mtu.IPv6DatagramMtu : Mtu.IPv4DatagramMtu,
            };
            var conversation = new Conversation(socket, pipeline, result);
            conversation.Handshake(timeout);
            if (result.Instructions.Count > 0)
                conversation.ShutDown(ShutdownTimeout);
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

    private sealed class Conversation(Socket socket, PacketPipeline pipeline, ProbeResult result)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long _start = Environment.TickCount64;
        private readonly byte[] _buffer = new byte[Mtu.MaxDatagramLength + 1]; // one extra byte detects oversize datagrams
        private ulong _serverStateNum;

        public void Handshake(TimeSpan timeout)
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
            // Resent unchanged until the screen arrives, like a client retransmitting its first state.
            Exchange(hello, () => hello, (long)timeout.TotalMilliseconds, () => result.SawHostBytes);
        }

        /// <summary>The client's shutdown: state 2^64−1 on top of state 1 (which the server has acknowledged).</summary>
        public void ShutDown(TimeSpan timeout)
        {
            Instruction Shutdown() => new()
            {
                ProtocolVersion = Instruction.CurrentProtocolVersion,
                OldNum = 1,
                NewNum = Instruction.ShutdownNum,
                AckNum = _serverStateNum,
                ThrowawayNum = 1,
            };
            Exchange(Shutdown(), Shutdown, _clock.ElapsedMilliseconds + (long)timeout.TotalMilliseconds,
                () => result.ServerShutDown);
        }

        private void Exchange(Instruction first, Func<Instruction> next, long deadline, Func<bool> done)
        {
            long nextSend = 0;
            Instruction instruction = first;
            while (_clock.ElapsedMilliseconds < deadline && !done())
            {
                long now = _clock.ElapsedMilliseconds;
                if (now >= nextSend)
                {
                    if (pipeline.Encode(instruction, _start + now) != EncodeStatus.Ok)
                        throw new SocketException((int)SocketError.MessageSize);
                    for (int i = 0; i < pipeline.DatagramCount; i++)
                    {
                        socket.Send(pipeline.GetDatagram(i));
                        result.DatagramsSent++;
                    }
                    nextSend = now + ResendIntervalMs;
                    instruction = next();
                }

                long wait = Math.Max(1, Math.Min(nextSend, deadline) - _clock.ElapsedMilliseconds);
                if (!socket.Poll(TimeSpan.FromMilliseconds(wait), SelectMode.SelectRead))
                    continue;
                int n;
                try
                {
                    n = socket.Receive(_buffer);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                {
                    continue; // ICMP port unreachable from an earlier send: keep trying until the deadline
                }
                Receive(n);
            }
        }

        private void Receive(int length)
        {
            result.DatagramsReceived++;
            long received = _clock.ElapsedMilliseconds;
            ReceiveStatus status = pipeline.Receive(_buffer.AsSpan(0, length), _start + received, false,
                out ReceivedDatagram info, out Instruction instruction);
            if (status == ReceiveStatus.AuthenticationFailed)
            {
                result.AuthenticationFailures++;
                return;
            }
            if (!info.Authentic)
            {
                result.OtherRejects++;
                return;
            }
            result.FirstReplyMs ??= received; // an upper bound until the timestamp echo gives an RTT
            if (pipeline.Rtt.HasSample)
                result.SrttMs = pipeline.Rtt.SrttMs;
            if (status == ReceiveStatus.Instruction)
            {
                result.Instructions.Add(ProbeCommand.Summarise(instruction, result));
                if (instruction.NewNum != Instruction.ShutdownNum)
                    _serverStateNum = Math.Max(_serverStateNum, instruction.NewNum);
                if (instruction.AckNum == Instruction.ShutdownNum)
                    result.ServerShutDown = true;
            }
            else if (status is not (ReceiveStatus.Pending or ReceiveStatus.Ignored))
            {
                result.OtherRejects++;
            }
        }
    }
}
