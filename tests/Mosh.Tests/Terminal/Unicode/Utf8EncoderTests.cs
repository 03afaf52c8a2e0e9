using System.Text;
using Mosh.Terminal.Unicode;

namespace Mosh.Tests.Terminal.Unicode;

public class Utf8EncoderTests
{
    [Theory]
    [InlineData(0x41)]
    [InlineData(0x7F)]
    [InlineData(0x80)]
    [InlineData(0xE9)]
    [InlineData(0x7FF)]
    [InlineData(0x800)]
    [InlineData(0x4E16)]
    [InlineData(0xFFFD)]
    [InlineData(0x10000)]
    [InlineData(0x1F600)]
    [InlineData(0x10FFFF)]
    public void MatchesTheRuntimeForEveryLength(int codePoint)
    {
        Span<byte> ours = stackalloc byte[4];
        int n = Utf8Encoder.Encode(codePoint, ours);
        byte[] expected = Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint));
        Assert.Equal(expected, ours[..n].ToArray());
        Assert.Equal(expected.Length, Utf8Encoder.Length(codePoint));
    }
}
