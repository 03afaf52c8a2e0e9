using System.Text;

namespace Mosh.Tests;

public class ByteBufferTests
{
    private static string Text(ByteBuffer b) => Encoding.UTF8.GetString(b.WrittenSpan);

    [Theory]
    [InlineData(0, "0")]
    [InlineData(7, "7")]
    [InlineData(10, "10")]
    [InlineData(255, "255")]
    [InlineData(65535, "65535")]
    [InlineData(int.MaxValue, "2147483647")]
    [InlineData(-5, "0")]
    public void FormatsDecimals(int value, string expected)
    {
        var b = new ByteBuffer(1);
        b.AppendDecimal(value);
        Assert.Equal(expected, Text(b));
    }

    [Fact]
    public void GrowsAndKeepsEverything()
    {
        var b = new ByteBuffer(1);
        var expected = new StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            b.Append("\e["u8);
            b.AppendDecimal(i);
            b.Append(";7H"u8);
            b.AppendRepeated((byte)'\n', i % 3);
            expected.Append("\e[").Append(i).Append(";7H").Append('\n', i % 3);
        }
        Assert.Equal(expected.ToString(), Text(b));
        b.Clear();
        Assert.Equal(0, b.Length);
        b.Append("\e[?25l"u8);
        Assert.Equal("\e[?25l", Text(b));
    }

    [Fact]
    public void DoesNotAllocateOnceGrown()
    {
        var b = new ByteBuffer(16);
        void Fill()
        {
            b.Clear();
            for (int i = 0; i < 500; i++)
            {
                b.Append("\e[0;1;31m"u8);
                b.AppendDecimal(i);
                b.Append("\u4E16"u8);
            }
        }
        Fill();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            Fill();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void PrependsHeadersInFrontOfContentsWrittenFirst()
    {
        var b = new ByteBuffer(4);
        b.Clear(headroom: 8);
        b.Append("payload"u8);
        b.Prepend("[7]"u8);
        b.Prepend("<"u8);
        Assert.Equal("<[7]payload", Text(b));
        Assert.Equal(11, b.Length);
        Assert.Throws<InvalidOperationException>(() => b.Prepend("12345"u8));
        b.Clear();
        Assert.Throws<InvalidOperationException>(() => b.Prepend("x"u8));
    }

    [Fact]
    public void DrainsFromTheFrontLikeAQueue()
    {
        var b = new ByteBuffer(16);
        var expected = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            b.Append(Encoding.ASCII.GetBytes($"<{i}>"));
            expected.Append($"<{i}>");
            int take = Math.Min(b.Length, i % 7);
            b.Consume(take);
            expected.Remove(0, take);
            Assert.Equal(expected.ToString(), Text(b));
        }
        b.Consume(b.Length);
        Assert.Equal(0, b.Length);
        Assert.Throws<InvalidOperationException>(() => b.Consume(1));
    }

    [Fact]
    public void ABoundedQueueStopsGrowing()
    {
        var b = new ByteBuffer(64);
        for (int i = 0; i < 10_000; i++)
        {
            b.Append("0123456789"u8);
            b.Consume(10);
            b.Append("abc"u8);
            b.Consume(3);
        }
        Assert.Equal(64, b.Capacity);
    }
}
