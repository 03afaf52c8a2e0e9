using Mosh.Overlays;
using Mosh.Terminal.Screen;
using static Mosh.Tests.Overlays.Screens;

namespace Mosh.Tests.Overlays;

/// <summary>The §6.8 notification texts, duration formats, expiry rules, drawing and timing.</summary>
public class NotificationBarTests
{
    private const string CtrlHint = " [To quit: Ctrl-^ .]";

    private static NotificationBar Bar(long start = 0, string? escapeName = "Ctrl-^")
    {
        var bar = new NotificationBar(start);
        bar.SetEscapeKeyName(escapeName);
        return bar;
    }

    [Fact]
    public void NothingToSayDrawsNothing()
    {
        var bar = Bar();
        Assert.True(bar.FormatLine(6500).IsEmpty);
        var fb = Make(20, 3, 0, 0, "hello");
        bar.Apply(fb, 6500);
        Assert.Equal("hello", Text(fb, 0));
        Assert.True(fb.Modes.CursorVisible);
    }

    [Theory]
    [InlineData(10_000, 10_000, "mosh: Last contact 10 seconds ago." + CtrlHint)]
    [InlineData(6_501, 0, "mosh: Last contact 6 seconds ago." + CtrlHint)]
    [InlineData(1_000, 12_000, "mosh: Last reply 12 seconds ago." + CtrlHint)]
    [InlineData(8_000, 12_000, "mosh: Last contact 8 seconds ago." + CtrlHint)] // both late: contact wins
    [InlineData(59_999, 0, "mosh: Last contact 59 seconds ago." + CtrlHint)]
    [InlineData(61_000, 0, "mosh: Last contact 1:01 ago." + CtrlHint)]
    [InlineData(3_601_000, 0, "mosh: Last contact 1:00:01 ago." + CtrlHint)]
    public void LateWithoutMessage(long sinceHeard, long sinceAcked, string expected)
    {
        const long now = 10_000_000;
        var bar = Bar();
        bar.ServerHeard(now - sinceHeard);
        bar.ServerAcked(now - sinceAcked);
        Assert.Equal(expected, bar.FormatLine(now).ToString());
    }

    [Theory]
    [InlineData(17_000, "mosh: Exiting... (17 s without contact.)" + CtrlHint)]
    [InlineData(59_000, "mosh: Exiting... (59 s without contact.)" + CtrlHint)]
    [InlineData(61_000, "mosh: Exiting... (1:01 without contact.)" + CtrlHint)]
    [InlineData(3_601_000, "mosh: Exiting... (1:00:01 without contact.)" + CtrlHint)]
    public void MessageWhileLate(long sinceHeard, string expected)
    {
        const long now = 10_000_000;
        var bar = Bar();
        bar.ServerHeard(now - sinceHeard);
        bar.ServerAcked(now);
        bar.SetMessage("Exiting...", now, permanent: true);
        Assert.Equal(expected, bar.FormatLine(now).ToString());
    }

    [Fact]
    public void MessageWhileNotLateAndReplyWording()
    {
        var bar = Bar();
        bar.SetMessage("Nothing received from server on UDP port 60001.", 100);
        Assert.Equal("mosh: Nothing received from server on UDP port 60001." + CtrlHint, bar.FormatLine(200).ToString());

        bar.ServerHeard(15_000);
        bar.SetMessage("sendto: Network is unreachable", 15_500);
        Assert.Equal("mosh: sendto: Network is unreachable (15 s without reply.)" + CtrlHint, bar.FormatLine(15_500).ToString());
    }

    [Theory]
    [InlineData("\"~\"", " [To quit: \"~\" .]")]
    [InlineData("Ctrl-B", " [To quit: Ctrl-B .]")]
    [InlineData(null, "")]
    public void QuitHintFollowsTheEscapeKey(string? name, string hint)
    {
        var bar = Bar(escapeName: name);
        bar.SetMessage("Exiting on user request...", 0, permanent: true);
        Assert.Equal("mosh: Exiting on user request..." + hint, bar.FormatLine(10).ToString());
    }

    [Fact]
    public void EscapeHelpHasNoQuitHintAndOrdinaryMessagesGetItBack()
    {
        var bar = Bar();
        var escape = EscapeKeyHandler.Default;
        bar.SetMessage(escape.HelpText, 0, permanent: true, showQuitKeystroke: false);
        Assert.Equal("mosh: Commands: Ctrl-Z suspends, \".\" quits, \"^\" gives literal Ctrl-^", bar.FormatLine(10).ToString());
        // A network error keeps the previous hint setting, as upstream.
        bar.SetNetworkError("sendto: Network is unreachable", 20);
        Assert.Equal("mosh: sendto: Network is unreachable", bar.FormatLine(30).ToString());
        bar.SetMessage("x", 40);
        Assert.Equal("mosh: x" + CtrlHint, bar.FormatLine(50).ToString());
    }

    [Fact]
    public void OrdinaryMessagesExpireAfterOneSecondPermanentOnesStay()
    {
        var bar = Bar();
        bar.SetMessage("Crypto exception: bad", 1000);
        bar.AdjustMessage(1999);
        Assert.Equal("Crypto exception: bad", bar.Message.ToString());
        bar.AdjustMessage(2000);
        Assert.True(bar.Message.IsEmpty);

        bar.SetMessage("Signal received, shutting down...", 3000, permanent: true);
        bar.AdjustMessage(1_000_000);
        Assert.Equal("Signal received, shutting down...", bar.Message.ToString());
    }

    [Fact]
    public void NetworkErrorsLast3100MsOrOneSecondAfterSendsRecover()
    {
        var bar = Bar();
        bar.SetNetworkError("sendto: Network is unreachable", 1000);
        bar.AdjustMessage(4099);
        Assert.False(bar.Message.IsEmpty);
        bar.AdjustMessage(4100);
        Assert.True(bar.Message.IsEmpty);

        bar.SetNetworkError("sendto: Network is unreachable", 5000);
        bar.ClearNetworkError(5500);
        bar.ClearNetworkError(5900); // the earliest deadline stands
        bar.AdjustMessage(6499);
        Assert.False(bar.Message.IsEmpty);
        bar.AdjustMessage(6500);
        Assert.True(bar.Message.IsEmpty);

        bar.SetMessage("ordinary", 7000, permanent: true);
        bar.ClearNetworkError(7000); // only network errors are cleared
        bar.AdjustMessage(100_000);
        Assert.Equal("ordinary", bar.Message.ToString());
    }

    [Fact]
    public void DrawsRowZeroAndHidesTheCursorThere()
    {
        var bar = Bar();
        bar.SetMessage("hi", 0);
        var fb = Make(12, 3, 0, 5, "0123456789ab", "second");
        bar.Apply(fb, 10);
        Assert.False(fb.Modes.CursorVisible);
        Assert.Equal("second", Text(fb, 1));
        Assert.Equal("mosh: hi [To", Text(fb, 0)); // truncated to the width
        Row row = fb.GetRow(0);
        foreach (Cell c in row.Cells)
        {
            Assert.Equal(Color.Palette(7), c.Renditions.Foreground);
            Assert.Equal(Color.Palette(4), c.Renditions.Background);
            Assert.True(c.Renditions.Has(RenditionAttributes.Bold)); // every column holds text here
        }

        var below = Make(80, 3, 1, 0);
        bar.Apply(below, 10);
        Assert.True(below.Modes.CursorVisible);
        Row full = below.GetRow(0);
        Assert.Equal(' ', full[79].CodePoint);
        Assert.False(full[79].Renditions.Has(RenditionAttributes.Bold)); // the bar itself is not bold
        Assert.Equal(Color.Palette(4), full[79].Renditions.Background);
    }

    [Fact]
    public void WideCharactersNeverSpillPastTheRow()
    {
        var bar = Bar(escapeName: null);
        bar.SetMessage("日本語", 0);
        var fb = Make(10, 2);
        bar.Apply(fb, 10);
        Row row = fb.GetRow(0);
        Assert.Equal('日', row[6].CodePoint);
        Assert.True(row[6].IsWide);
        Assert.Equal('本', row[8].CodePoint);
        Assert.True(row[8].IsWide);
        Assert.Equal(10, row.Width);

        var odd = Make(9, 2);
        bar.Apply(odd, 10);
        Row r = odd.GetRow(0);
        Assert.Equal('日', r[6].CodePoint);
        Assert.Equal(' ', r[8].CodePoint); // "本" would not fit in the last column
        Assert.False(r[8].IsWide);
    }

    [Fact]
    public void WaitTimeFollowsExpiryAndCountUp()
    {
        var bar = Bar();
        Assert.Equal(int.MaxValue, bar.WaitTimeMs(100));
        bar.SetMessage("x", 100);
        Assert.Equal(700, bar.WaitTimeMs(400));
        Assert.Equal(int.MaxValue, bar.WaitTimeMs(1200)); // already past: no constraint
        bar.SetMessage("y", 1200, permanent: true);
        Assert.Equal(int.MaxValue, bar.WaitTimeMs(1300));

        Assert.Equal(1000, bar.WaitTimeMs(6501)); // server late: count up every second
        Assert.Equal(1000, bar.WaitTimeMs(60_000));
        Assert.Equal(3000, bar.WaitTimeMs(60_001)); // silent over a minute: every ACK interval
    }

    [Fact]
    public void LongMessagesAreCutAt127Characters()
    {
        var bar = Bar();
        bar.SetMessage(new string('m', 200), 0, permanent: true);
        Assert.Equal(NotificationBar.MaxLineLength, bar.FormatLine(10).Length);
    }
}
