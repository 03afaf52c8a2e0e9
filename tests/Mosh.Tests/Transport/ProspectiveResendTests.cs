using Mosh.StateSync;
using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>
/// The prospective resend rule (protocol §4.6): a diff is sent relative to the acknowledged state
/// instead of the assumed one if that is no longer, or under 1000 bytes and less than 100 bytes longer.
/// </summary>
public class ProspectiveResendTests
{
    // A slow link (400 ms each way) with a 1 s RTO: the first update stays "assumed received"
    // and unacknowledged while the second one goes out 250 ms later.
    private static SessionHarness<UserStream, BlobState> SlowLink()
    {
        var rtt = new FixedRtt(1000, 250);
        var h = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(),
            LinkOptions.Perfect(400), LinkOptions.Perfect(400), rtt, rtt);
        h.ClientToServer.Log = new();
        h.RunUntil(5000);
        return h;
    }

    private static SentRecord SecondUpdate(SessionHarness<UserStream, BlobState> h, int firstLength)
    {
        for (int i = 0; i < firstLength; i++)
        {
            h.Client.CurrentState.PushByte((byte)'a');
        }
        h.RunUntil(5100);
        h.Client.CurrentState.PushByte((byte)'b');
        h.RunUntil(5300);
        return h.ClientToServer.Log!.Single(r => r.TimeMs > 5100);
    }

    [Fact]
    public void SmallUpdateIsSentRelativeToTheAcknowledgedState()
    {
        var h = SlowLink();
        ulong acked = h.Client.Sender.AckedStateNum;
        SentRecord second = SecondUpdate(h, 1);

        Assert.Equal(5251, second.TimeMs);
        Assert.Equal(acked, second.OldNum);
        Assert.Equal(Convert.FromHexString("0A06120422026162"), second.Diff); // "ab"
    }

    [Fact]
    public void UpdateStaysRelativeToTheAssumedStateWhenTheResendWouldBe1000BytesOrMore()
    {
        var h = SlowLink();
        ulong acked = h.Client.Sender.AckedStateNum;
        SentRecord second = SecondUpdate(h, 1200);

        Assert.Equal(acked + 1, second.OldNum);
        Assert.Equal(Convert.FromHexString("0A0512032201" + "62"), second.Diff); // "b"
    }

    [Fact]
    public void UpdateStaysRelativeToTheAssumedStateWhenTheResendWouldBe100BytesLonger()
    {
        var h = SlowLink();
        ulong acked = h.Client.Sender.AckedStateNum;
        SentRecord second = SecondUpdate(h, 150);

        Assert.Equal(acked + 1, second.OldNum);
        Assert.Equal(7, second.Diff.Length);
    }

    [Fact]
    public void ResendThatIsOnly99BytesLongerIsTaken()
    {
        var h = SlowLink();
        ulong acked = h.Client.Sender.AckedStateNum;
        // 97 'a's + "b" encodes in 105 bytes against 7 for "b" alone: 98 more. 99 'a's: 100 more.
        SentRecord second = SecondUpdate(h, 97);
        Assert.Equal(acked, second.OldNum);
        Assert.True(second.Diff.Length - 7 < 100);
    }
}
