using Mosh.Network;

namespace Mosh.Tests.Network;

public class TimestampAndRttTests
{
    [Theory]
    [InlineData(0L, 0)]
    [InlineData(0x1234L, 0x1234)]
    [InlineData(65535L, 0)]             // 0xFFFF is reserved for "none"
    [InlineData(65536L + 65535, 0)]
    [InlineData(65536L + 7, 7)]
    public void Timestamp16SkipsTheReservedValue(long ms, int expected)
    {
        Assert.Equal((ushort)expected, Timestamp16.From(ms));
    }

    [Fact]
    public void EchoIsCorrectedForHoldTimeAndSentOnce()
    {
        var echo = new TimestampEcho();
        Assert.Equal(Timestamp16.None, echo.TakeReply(10_000));
        echo.OnInOrderPacket(0x1000, congestionExperienced: false, nowMs: 10_000);
        Assert.Equal((ushort)0x1000 + 37, echo.TakeReply(10_037));
        Assert.Equal(Timestamp16.None, echo.TakeReply(10_038)); // at most once
    }

    [Fact]
    public void EchoWrapsModulo65536()
    {
        var echo = new TimestampEcho();
        echo.OnInOrderPacket(0xFFF0, false, 5000);
        Assert.Equal((ushort)0x0010, echo.TakeReply(5000 + 0x20));
    }

    [Fact]
    public void EchoOlderThanOneSecondIsNotSent()
    {
        var echo = new TimestampEcho();
        echo.OnInOrderPacket(100, false, 20_000);
        Assert.Equal(Timestamp16.None, echo.TakeReply(21_000));
        echo.OnInOrderPacket(100, false, 20_000);
        Assert.Equal((ushort)(100 + 999), echo.TakeReply(20_999));
    }

    [Fact]
    public void CongestionExperiencedSubtracts500()
    {
        var echo = new TimestampEcho();
        echo.OnInOrderPacket(200, congestionExperienced: true, nowMs: 1_000_000);
        Assert.Equal(unchecked((ushort)(200 - 500)), echo.TakeReply(1_000_000));
    }

    [Fact]
    public void NoneTimestampIsNotSaved()
    {
        var echo = new TimestampEcho();
        echo.OnInOrderPacket(77, false, 1000);
        echo.OnInOrderPacket(Timestamp16.None, false, 1500);
        Assert.Equal((ushort)(77 + 600), echo.TakeReply(1600));
    }

    [Fact]
    public void RttStartsAtOneSecond()
    {
        var rtt = new RttEstimator();
        Assert.Equal(1000, rtt.SrttMs);
        Assert.Equal(500, rtt.RttVarMs);
        Assert.Equal(1000, rtt.TimeoutMs);        // 1000 + 2000 clamped
        Assert.Equal(250, rtt.SendIntervalMs);    // 500 clamped
        Assert.Equal(1000, default(RttEstimator).SrttMs);
    }

    [Fact]
    public void FirstSampleSetsSrttAndHalfVariance()
    {
        var rtt = new RttEstimator();
        Assert.True(rtt.AddSample(100));
        Assert.Equal(100, rtt.SrttMs);
        Assert.Equal(50, rtt.RttVarMs);
        Assert.Equal(300, rtt.TimeoutMs);
        Assert.Equal(50, rtt.SendIntervalMs);
    }

    [Fact]
    public void LaterSamplesSmoothVarianceFirst()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(100);
        rtt.AddSample(200);
        // RTTVAR = 0.75*50 + 0.25*|100-200| = 62.5, then SRTT = 0.875*100 + 0.125*200 = 112.5
        Assert.Equal(62.5, rtt.RttVarMs, 9);
        Assert.Equal(112.5, rtt.SrttMs, 9);
        Assert.Equal(363, rtt.TimeoutMs);          // ceil(112.5 + 250)
        Assert.Equal(57, rtt.SendIntervalMs);      // ceil(56.25)
    }

    [Fact]
    public void HugeSamplesAreIgnored()
    {
        var rtt = new RttEstimator();
        Assert.False(rtt.AddSample(5000));
        Assert.False(rtt.HasSample);
        Assert.True(rtt.AddSample(4999));
    }

    [Fact]
    public void ClampsAtTheLowEnd()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(1);
        Assert.Equal(50, rtt.TimeoutMs);
        Assert.Equal(20, rtt.SendIntervalMs);
    }

    [Fact]
    public void TimestampReplyProducesSampleModulo65536()
    {
        var rtt = new RttEstimator();
        Assert.False(rtt.OnTimestampReply(Timestamp16.None, 100));
        Assert.True(rtt.OnTimestampReply(0xFFF0, 0x0010)); // wrapped: 32 ms
        Assert.Equal(32, rtt.SrttMs);
    }

    [Fact]
    public void MtuConstantsMatchTheSpec()
    {
        Assert.Equal(1252, Mtu.IPv4DatagramMtu);
        Assert.Equal(1216, Mtu.IPv6DatagramMtu);
        Assert.Equal(1214, Mtu.MaxFragmentContents(Mtu.IPv4DatagramMtu));
        Assert.Equal(1178, Mtu.MaxFragmentContents(Mtu.IPv6DatagramMtu));
        Assert.Equal(462, Mtu.MaxFragmentContents(Mtu.DefaultSendMtu));
    }
}
