using Mosh.StateSync;
using Mosh.Transport;

namespace Mosh.Tests.StateSync;

/// <summary>User-stream states as the transport uses them: prefix diffs, equality, trimming.</summary>
public class UserStreamTests
{
    [Fact]
    public void DiffIsTheEventsAfterTheReference()
    {
        var older = new UserStream();
        older.PushBytes("ab"u8);
        var newer = older.Clone();
        newer.PushBytes("cd"u8);

        var diff = new ByteBuffer();
        newer.WriteDiffFrom(older, diff);
        Assert.Equal(Convert.FromHexString("0A06120422026364"), diff.WrittenSpan.ToArray());

        diff.Clear();
        older.WriteDiffFrom(older.Clone(), diff);
        Assert.Equal(0, diff.Length);
    }

    [Fact]
    public void TrimmingKeepsDiffsAndEqualityAndFreesTheAcknowledgedPrefix()
    {
        var acked = new UserStream();
        acked.PushBytes("hello"u8);
        var current = acked.Clone();
        current.PushBytes(" world"u8);
        var copy = current.Clone();

        var before = new ByteBuffer();
        current.WriteDiffFrom(acked, before);

        current.Subtract(acked);
        acked.Subtract(acked);
        Assert.Equal(6, current.HeldCount);
        Assert.Equal(0, acked.HeldCount);
        Assert.Equal(11UL, current.TotalCount);

        var after = new ByteBuffer();
        current.WriteDiffFrom(acked, after);
        Assert.Equal(before.WrittenSpan.ToArray(), after.WrittenSpan.ToArray());
        Assert.True(current.ContentEquals(copy)); // trimmed and untrimmed copies are still equal
        Assert.False(current.ContentEquals(acked));
    }

    [Fact]
    public void StreamsOfDifferentLengthOrContentDiffer()
    {
        var a = new UserStream();
        a.PushBytes("ab"u8);
        var b = new UserStream();
        b.PushBytes("ac"u8);
        var c = new UserStream();
        c.PushBytes("a"u8);
        Assert.False(a.ContentEquals(b));
        Assert.False(a.ContentEquals(c));
        Assert.True(a.ContentEquals(a.Clone()));
    }

    [Fact]
    public void MemoryStaysBoundedWhenTheAcknowledgedPrefixIsTrimmed()
    {
        var stream = new UserStream(16);
        var acked = new UserStream(16);
        for (int i = 0; i < 100_000; i++)
        {
            stream.PushByte((byte)i);
            if (i % 10 == 9)
            {
                acked.CopyFrom(stream);
                stream.Subtract(acked);
            }
        }
        Assert.Equal(100_000UL, stream.TotalCount);
        Assert.Equal(0, stream.HeldCount);
        Assert.True(stream.HeldEvents.Length == 0);
        var fresh = new UserStream(16);
        fresh.CopyFrom(stream);
        Assert.True(fresh.ContentEquals(stream));
    }
}
