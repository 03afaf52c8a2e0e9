using System.Text;
using Mosh.Terminal.Display;

namespace Mosh.Tests.Terminal.Display;

public class OutputBufferTests
{
    private static string Text(OutputBuffer b) => Encoding.UTF8.GetString(b.WrittenSpan);

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
        var b = new OutputBuffer(1);
        b.AppendDecimal(value);
        Assert.Equal(expected, Text(b));
    }

    [Theory]
    [InlineData(0x41, "A")]
    [InlineData(0xE9, "é")]
    [InlineData(0x4E16, "世")]
    [InlineData(0x1F600, "😀")]
    [InlineData(0xD800, "\uFFFD")]
    [InlineData(0x110000, "\uFFFD")]
    [InlineData(-1, "\uFFFD")]
    public void EncodesCodePointsAsUtf8(int codePoint, string expected)
    {
        var b = new OutputBuffer(1);
        b.AppendCodePoint(codePoint);
        Assert.Equal(expected, Text(b));
    }

    [Fact]
    public void GrowsAndKeepsEverything()
    {
        var b = new OutputBuffer(1);
        var expected = new StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            b.AppendCsi(i, 7, (byte)'H');
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
        var b = new OutputBuffer(16);
        void Fill()
        {
            b.Clear();
            for (int i = 0; i < 500; i++)
            {
                b.Append("\e[0;1;31m"u8);
                b.AppendCsi(i, i + 1, (byte)'H');
                b.AppendCodePoint(0x4E16);
            }
        }
        Fill();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            Fill();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
