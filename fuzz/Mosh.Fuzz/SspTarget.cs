using Mosh.StateSync;
using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Fuzz;

/// <summary>
/// The SSP receiver and sender under a hostile (authenticated) peer: the input is a script of
/// instructions with arbitrary numbers and user-stream diffs, interleaved with time steps, local
/// changes and shutdown. Nothing may throw, and the receiver's invariants must hold after every
/// step (sorted distinct numbers, newest = highest, bounded growth).
/// <list type="table">
/// <item>op % 4 = 0: deliver: old, new, ack, throwaway (1 byte each; 0xFF = 2^64−1), version flag, diff length, diff</item>
/// <item>op % 4 = 1: advance time by the next byte × 10 ms, then tick</item>
/// <item>op % 4 = 2: change the local state</item>
/// <item>op % 4 = 3: start shutdown</item>
/// </list>
/// </summary>
internal static class SspTarget
{
    private sealed class NullSink : IInstructionSink
    {
        public long Sent;

        public bool HasPeer => true;

        public bool LastSendFailed => false;

        public int LastSendPayloadBytes => 0;

        public void Send(in Instruction instruction, long nowMs) => Sent++;
    }

    public static void Run(ReadOnlySpan<byte> input)
    {
        var sink = new NullSink();
        var transport = new Transport<BlobState, UserStream>(TransportSide.Server, new BlobState(), new UserStream(),
            FixedRtt.Loopback(), sink, 0);
        long now = 0;
        int at = 0;
        while (at < input.Length)
        {
            byte op = input[at++];
            switch (op % 4)
            {
                case 0:
                    if (input.Length - at < 6)
                    {
                        return;
                    }
                    int diffLength = Math.Min(input[at + 5], input.Length - at - 6);
                    var instruction = new Instruction
                    {
                        ProtocolVersion = (input[at + 4] & 1) == 0 ? Instruction.CurrentProtocolVersion : input[at + 4],
                        OldNum = Num(input[at]),
                        NewNum = Num(input[at + 1]),
                        AckNum = Num(input[at + 2]),
                        ThrowawayNum = Num(input[at + 3]),
                        Diff = input.Slice(at + 6, diffLength).ToArray(),
                    };
                    at += 6 + diffLength;
                    transport.Receive(instruction, now);
                    break;
                case 1:
                    now += at < input.Length ? input[at++] * 10 : 10;
                    transport.Tick(now);
                    break;
                case 2:
                    if (!transport.ShutdownInProgress)
                    {
                        transport.CurrentState.SetNumber((ulong)now);
                    }
                    break;
                default:
                    transport.StartShutdown(now);
                    break;
            }
            CheckInvariants(transport);
        }
    }

    private static ulong Num(byte b) => b == 0xFF ? Instruction.ShutdownNum : b;

    private static void CheckInvariants(Transport<BlobState, UserStream> transport)
    {
        TransportReceiver<UserStream> receiver = transport.Receiver;
        for (int i = 1; i < receiver.Count; i++)
        {
            if (receiver.NumAt(i) <= receiver.NumAt(i - 1))
            {
                throw new InvalidOperationException("received states out of order");
            }
        }
        if (transport.RemoteStateNum != receiver.NumAt(receiver.Count - 1))
        {
            throw new InvalidOperationException("newest is not the highest");
        }
        if (transport.Sender.SentStateCount > TransportTiming.SentStateLimit)
        {
            throw new InvalidOperationException("sent states beyond the limit");
        }
    }
}
