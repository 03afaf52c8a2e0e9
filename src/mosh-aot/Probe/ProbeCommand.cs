using System.Text;
using Mosh.StateSync;
using Mosh.Transport;

namespace MoshAot.Probe;

/// <summary>
/// <c>mosh-aot probe HOST -- SERVER-COMMAND…</c>: "does UDP reach a mosh server on HOST?" The probe
/// runs the command (usually <c>ssh HOST mosh-server new</c>) to start a server of its own, acts as
/// that server's only client for one instruction — the handshake every client starts with — reports
/// what comes back, and then shuts the server down.
/// </summary>
/// <remarks>
/// Why not the key of an existing session (<c>MOSH_KEY</c>, as 1.4.0's tools would take it): any
/// datagram the probe seals under that key either reuses a nonce the session's client has used or
/// will use (OCB must never see a nonce twice under one key), or — if authentic and newer than
/// what the server has seen — moves the server's peer to the probe, so the real client stops
/// getting its screen. No sequence number avoids both, so the probe refuses that form and brings
/// its own server and key instead (see <see cref="ProbeExchange"/>).
/// </remarks>
internal static class ProbeCommand
{
    public const int DefaultTimeoutSeconds = 5;

    /// <summary>Time for the server command to print its MOSH CONNECT line (ssh may ask for a password).</summary>
    public static readonly TimeSpan ServerStartTimeout = TimeSpan.FromSeconds(120);

    public const string UsageText =
        "Usage: mosh-aot probe HOST -- SERVER-COMMAND [ARGS...]\n" +
        "\n" +
        "Starts a mosh server of its own with SERVER-COMMAND (which must print mosh-server's\n" +
        "MOSH CONNECT line), sends it the first client instruction over UDP to HOST, reports\n" +
        "the reply (authenticated or not, state numbers, the screen in brief, the round-trip\n" +
        "time) and shuts that server down again. Exit status 0 on an authentic reply.\n" +
        "\n" +
        "  mosh-aot probe example.org -- ssh example.org mosh-server new -p 60001\n" +
        "  mosh-aot probe 127.0.0.1 -- mosh-server new -i 127.0.0.1\n" +
        "\n" +
        "It never takes a key from MOSH_KEY: a probe under the key of a session in use would\n" +
        "reuse that session's nonces and could take the server away from its client.\n";

    public static int Run(string[] args)
    {
        if (args.Length is 1 && args[0] is "--help" or "-h")
        {
            Cli.StdIo.Out.Write(UsageText);
            return 0;
        }
        string? refusal = Refusal(args, Environment.GetEnvironmentVariable("MOSH_KEY") is not null);
        if (refusal is not null)
        {
            Cli.StdIo.Error.Write(refusal);
            return 2;
        }
        // The probe holds a key too.
        if (!Cli.CoreDumpGuard.Apply(out _)) return 1;

        string host = args[0];
        string[] command = args[2..];
        using ProbeServer? server = ProbeServer.Start(command, ServerStartTimeout, Cli.StdIo.Error, out string error);
        if (server is null)
        {
            Cli.StdIo.Error.Write($"mosh-aot probe: {error}\n");
            return 1;
        }
        ProbeResult result = ProbeExchange.Run(host, server.Port, server.Key, TimeSpan.FromSeconds(DefaultTimeoutSeconds));
        Print(result, Cli.StdIo.Out, Cli.StdIo.Error);
        return result.ExitCode;
    }

    /// <summary>
    /// The message for a command line the probe will not run, or null. Nothing is sent in that case:
    /// in particular the 1.4.0-era form <c>probe HOST PORT</c> with a session's key in MOSH_KEY.
    /// </summary>
    internal static string? Refusal(string[] args, bool moshKeySet)
    {
        if (args.Length == 2 && int.TryParse(args[1], out _))
        {
            return "mosh-aot probe: refusing to probe an existing server with a key from MOSH_KEY.\n" +
                "Datagrams under the key of a session in use would reuse its client's OCB nonces, and an\n" +
                "authentic one would move the server's peer away from that client. The probe starts a\n" +
                "server of its own instead:\n\n" + UsageText;
        }
        if (args.Length < 3 || args[1] != "--" || args[0].Length == 0)
        {
            string note = moshKeySet ? "(MOSH_KEY is not used: the probe brings its own server and key.)\n\n" : "";
            return note + UsageText;
        }
        return null;
    }

    internal static ProbeInstruction Summarise(in Instruction instruction, ProbeResult result)
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
        if (result.Outcome == ProbeOutcome.ResolveFailed)
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
        if (result.Outcome == ProbeOutcome.Authentic)
            s.Append(result.ServerShutDown ? "server shut down: yes\n"
                : "server shut down: no (it did not acknowledge the probe's shutdown; it may still be running)\n");
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
