using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>The CSPRNG fills whole buffers of any size with bytes that are not obviously patterned.</summary>
public class SecureRandomTests
{
    [Fact]
    public void FillsEveryByteOfLargeBuffers()
    {
        // 1 MiB exceeds getrandom's single-call limit (32 MiB - 1 is the cap; short reads appear above 256 bytes
        // when interrupted), so this also walks the loop.
        var buffer = new byte[1 << 20];
        SecureRandom.Fill(buffer);
        var counts = new int[256];
        foreach (byte b in buffer)
            counts[b]++;
        // Expected 4096 per value; a fair source stays far inside these bounds.
        foreach (int count in counts)
            Assert.InRange(count, 3500, 4700);
    }

    [Fact]
    public void SuccessiveSmallFillsDiffer()
    {
        var a = new byte[16];
        var b = new byte[16];
        SecureRandom.Fill(a);
        SecureRandom.Fill(b);
        Assert.NotEqual(a, b);
        SecureRandom.Fill(Span<byte>.Empty);
    }

    [Fact]
    public void FillsOnlyTheGivenSlice()
    {
        var buffer = new byte[64];
        SecureRandom.Fill(buffer.AsSpan(16, 32));
        Assert.True(buffer.AsSpan(0, 16).IndexOfAnyExcept((byte)0) < 0);
        Assert.True(buffer.AsSpan(48).IndexOfAnyExcept((byte)0) < 0);
        Assert.True(buffer.AsSpan(16, 32).IndexOfAnyExcept((byte)0) >= 0);
    }

    [Fact]
    public void DeviceFallbackFillsToo()
    {
        var a = new byte[4096];
        var b = new byte[4096];
        SecureRandom.FillFromDevice(a);
        SecureRandom.FillFromDevice(b);
        Assert.False(a.AsSpan().SequenceEqual(b));
        Assert.True(a.AsSpan(4080).IndexOfAnyExcept((byte)0) >= 0);
    }
}
