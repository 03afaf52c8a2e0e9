namespace Mosh.Testing;

/// <summary>One instruction as it left a sender, for assertions on traffic shape (allocates: tests only).</summary>
public sealed record SentRecord(long TimeMs, ulong OldNum, ulong NewNum, ulong AckNum, ulong ThrowawayNum, byte[] Diff)
{
    public bool IsEmpty => Diff.Length == 0;

    public override string ToString() =>
        $"t={TimeMs} {OldNum}->{NewNum} ack={AckNum} throw={ThrowawayNum} diff={Diff.Length}B";
}
