using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>Records every instruction a sender emits, stamped with a test-controlled time.</summary>
internal sealed class RecordingSink : IInstructionSink
{
    public long NowMs { get; set; }

    public List<SentRecord> Sent { get; } = new();

    public bool HasPeer => true;

    /// <summary>When set, every send is reported as refused by the socket.</summary>
    public bool FailSends { get; set; }

    public bool LastSendFailed => FailSends;

    public int LastSendPayloadBytes { get; private set; }

    public void Send(in Instruction instruction, long nowMs)
    {
        LastSendPayloadBytes = 64 + instruction.Diff.Length;
        Sent.Add(new SentRecord(NowMs, instruction.OldNum, instruction.NewNum, instruction.AckNum,
            instruction.ThrowawayNum, instruction.Diff.ToArray()));
    }
}

internal static class Instructions
{
    public static Instruction Make(ulong oldNum, ulong newNum, ulong ackNum = 0, ulong throwawayNum = 0,
        byte[]? diff = null, uint version = Instruction.CurrentProtocolVersion) => new()
    {
        ProtocolVersion = version,
        OldNum = oldNum,
        NewNum = newNum,
        AckNum = ackNum,
        ThrowawayNum = throwawayNum,
        Diff = diff ?? Array.Empty<byte>(),
        Chaff = ReadOnlyMemory<byte>.Empty,
    };

    /// <summary>A <see cref="BlobState"/> diff that sets the contents to <paramref name="contents"/>.</summary>
    public static byte[] BlobDiff(params byte[] contents)
    {
        var diff = new byte[contents.Length + 1];
        diff[0] = 1;
        contents.CopyTo(diff, 1);
        return diff;
    }
}

internal static class Harnesses
{
    public static SessionHarness<BlobState, BlobState> Blob(int delayMs = 10, IRttSource? rtt = null)
    {
        var harness = new SessionHarness<BlobState, BlobState>(new BlobState(), new BlobState(),
            LinkOptions.Perfect(delayMs), LinkOptions.Perfect(delayMs), rtt, rtt);
        harness.ClientToServer.Log = new();
        harness.ServerToClient.Log = new();
        return harness;
    }
}
