using Mosh.StateSync;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Transport;
using Mosh.Transport.Compression;

namespace Mosh.Fuzz.Network;

/// <summary>
/// The whole receive path: open → fragment → reassemble → inflate → Instruction → diff readers.
/// A fuzzer cannot forge OCB tags, so the first byte picks a stage to start at; the later stages
/// are reached with bytes that the target itself seals under a fixed key (as an authentic but
/// hostile peer would send them).
/// <list type="table">
/// <item>0: a raw datagram (length, tag and direction checks)</item>
/// <item>1: plaintext after the timestamps, i.e. one fragment, sealed then received</item>
/// <item>2: a sequence of fragments, each prefixed with a 1-byte length (reordering, duplicates, ids)</item>
/// <item>3: a zlib stream, then Instruction decoding</item>
/// <item>4: a serialized Instruction, then its diff as UserMessage and HostMessage</item>
/// </list>
/// </summary>
internal static class DatagramTarget
{
    private static readonly byte[] s_key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
            return;
        byte mode = input[0];
        ReadOnlySpan<byte> rest = input[1..];
        switch (mode % 5)
        {
            case 0:
                using (var server = new PacketPipeline(new OcbCipher(s_key), Direction.ToClient))
                    Deliver(server.Receive(rest, 1000, mode >= 128, out _, out Instruction inst), inst);
                break;
            case 1:
                SealAndReceive(rest);
                break;
            case 2:
                using (var pipeline = new PacketPipeline(new OcbCipher(s_key), Direction.ToClient))
                {
                    while (!rest.IsEmpty)
                    {
                        int n = Math.Min(rest[0], rest.Length - 1);
                        Deliver(pipeline.ReceiveFragment(rest.Slice(1, n), out Instruction inst), inst);
                        rest = rest[(1 + n)..];
                    }
                }
                break;
            case 3:
                using (var zlib = new ZlibCodec())
                {
                    if (zlib.Decompress(rest) == ZlibResult.Ok && InstructionCodec.Decode(zlib.DecompressedMemory, out Instruction inst) == InstructionDecodeResult.Ok)
                        Deliver(ReceiveStatus.Instruction, inst);
                }
                break;
            default:
                if (InstructionCodec.Decode(rest.ToArray(), out Instruction decoded) == InstructionDecodeResult.Ok)
                    Deliver(ReceiveStatus.Instruction, decoded);
                ReadDiffs(rest);
                break;
        }
    }

    private static void SealAndReceive(ReadOnlySpan<byte> plaintextPayload)
    {
        if (plaintextPayload.Length > Mtu.MaxDatagramLength - DatagramCodec.Overhead)
            plaintextPayload = plaintextPayload[..(Mtu.MaxDatagramLength - DatagramCodec.Overhead)];
        var client = new DatagramCodec(new OcbCipher(s_key), Direction.ToServer);
        var datagram = new byte[DatagramCodec.DatagramLength(plaintextPayload.Length)];
        if (client.Seal(plaintextPayload, 1, Timestamp16.None, datagram, out int length) != SealResult.Ok)
            throw new InvalidOperationException("sealing a valid payload failed");
        using var server = new PacketPipeline(new OcbCipher(s_key), Direction.ToClient);
        ReceiveStatus status = server.Receive(datagram.AsSpan(0, length), 1000, false, out ReceivedDatagram info, out Instruction inst);
        if (!info.Authentic)
            throw new InvalidOperationException("a datagram sealed under the right key did not authenticate");
        Deliver(status, inst);
    }

    private static void Deliver(ReceiveStatus status, in Instruction instruction)
    {
        if (status != ReceiveStatus.Instruction)
            return;
        ReadDiffs(instruction.Diff.Span);
    }

    private static void ReadDiffs(ReadOnlySpan<byte> diff)
    {
        var user = new UserMessageReader(diff);
        int guard = 0;
        while (user.TryRead(out UserEvent _))
        {
            if (++guard > diff.Length + 1)
                throw new InvalidOperationException("UserMessageReader does not advance");
        }
        var host = new HostMessageReader(diff);
        guard = 0;
        while (host.TryRead(out HostEvent _))
        {
            if (++guard > diff.Length + 1)
                throw new InvalidOperationException("HostMessageReader does not advance");
        }
    }
}
