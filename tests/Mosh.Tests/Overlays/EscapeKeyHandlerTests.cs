using Mosh.Overlays;

namespace Mosh.Tests.Overlays;

/// <summary>§6.7: the escape character, its pass keys, the line-start rule and the commands.</summary>
public class EscapeKeyHandlerTests
{
    /// <summary>Runs input through the handler, collecting sent bytes and actions.</summary>
    private static (byte[] Sent, List<EscapeAction> Actions) Run(EscapeKeyHandler h, string input)
    {
        byte[] bytes = System.Text.Encoding.Latin1.GetBytes(input);
        var sent = new List<byte>();
        var actions = new List<EscapeAction>();
        Span<byte> output = stackalloc byte[256];
        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            EscapeAction a = h.Process(rest, output, out int consumed, out int written);
            sent.AddRange(output[..written].ToArray());
            rest = rest[consumed..];
            if (a != EscapeAction.None)
            {
                actions.Add(a);
            }
            if (a is EscapeAction.Quit or EscapeAction.Detach)
            {
                break;
            }
        }
        return (sent.ToArray(), actions);
    }

    /// <summary>§14.1: escape then d detaches only with a server that advertised it; otherwise both bytes are sent, as upstream.</summary>
    [Fact]
    public void CtrlCaretDDetachesOnlyWhenTheServerSupportsIt()
    {
        var upstreamServer = EscapeKeyHandler.Default;
        var (sent, actions) = Run(upstreamServer, "a\x1e" + "db");
        Assert.Equal("a\x1e"u8.ToArray().Concat("db"u8.ToArray()), sent);
        Assert.Equal([EscapeAction.EscapeStarted, EscapeAction.EscapeEnded], actions);
        Assert.DoesNotContain("detach", upstreamServer.HelpText);

        var ours = EscapeKeyHandler.Default;
        ours.DetachAvailable = true;
        (sent, actions) = Run(ours, "a\x1e" + "db");
        Assert.Equal("a"u8.ToArray(), sent);
        Assert.Equal([EscapeAction.EscapeStarted, EscapeAction.Detach], actions);
        Assert.Equal("Commands: Ctrl-Z suspends, \".\" quits, \"d\" detaches, \"^\" gives literal Ctrl-^", ours.HelpText);
    }

    [Fact]
    public void CtrlCaretDotQuits()
    {
        var (sent, actions) = Run(EscapeKeyHandler.Default, "ab\x1e.cd");
        Assert.Equal("ab"u8.ToArray(), sent);
        Assert.Equal([EscapeAction.EscapeStarted, EscapeAction.Quit], actions);
    }

    [Fact]
    public void CtrlCaretCaretSendsTheEscapeCharacter()
    {
        var (sent, actions) = Run(EscapeKeyHandler.Default, "\x1e^x");
        Assert.Equal(new byte[] { 0x1E, (byte)'x' }, sent);
        Assert.Equal([EscapeAction.EscapeStarted, EscapeAction.EscapeEnded], actions);
    }

    [Fact]
    public void CtrlCaretAnythingElseSendsBoth()
    {
        var (sent, _) = Run(EscapeKeyHandler.Default, "\x1ex\x1e\x0c");
        Assert.Equal(new byte[] { 0x1E, (byte)'x', 0x1E, 0x0C }, sent);
    }

    [Fact]
    public void CtrlCaretCtrlZSuspends()
    {
        var (sent, actions) = Run(EscapeKeyHandler.Default, "\x1e\x1ay");
        Assert.Equal("y"u8.ToArray(), sent);
        Assert.Equal([EscapeAction.EscapeStarted, EscapeAction.Suspend], actions);
    }

    [Fact]
    public void CtrlLRequestsARepaintAndIsSent()
    {
        var (sent, actions) = Run(EscapeKeyHandler.Default, "a\x0c" + "b");
        Assert.Equal("a\x0c" + "b", System.Text.Encoding.Latin1.GetString(sent));
        Assert.Equal([EscapeAction.RepaintRequested], actions);
    }

    [Fact]
    public void ControlEscapeWorksAnywhere()
    {
        var (_, actions) = Run(EscapeKeyHandler.Default, "abc\x1e.");
        Assert.Contains(EscapeAction.Quit, actions);
    }

    [Fact]
    public void PrintableEscapeOnlyAfterCrOrLf()
    {
        var tilde = EscapeKeyHandler.FromEnvironment("~");
        Assert.True(tilde.RequiresLineStart);

        // Not at the start of the session, not mid-line.
        var (sent, actions) = Run(tilde, "~.a~.");
        Assert.Equal("~.a~."u8.ToArray(), sent);
        Assert.Empty(actions);

        (sent, actions) = Run(EscapeKeyHandler.FromEnvironment("~"), "ls\r~.");
        Assert.Equal("ls\r"u8.ToArray(), sent);
        Assert.Equal([EscapeAction.EscapeStarted, EscapeAction.Quit], actions);

        (sent, actions) = Run(EscapeKeyHandler.FromEnvironment("~"), "x\n~~~");
        Assert.Equal("x\n~~"u8.ToArray(), sent); // "~~" sends one "~"; the third is mid-line
        Assert.Equal([EscapeAction.EscapeStarted, EscapeAction.EscapeEnded], actions);
    }

    [Fact]
    public void HelpTextsAndNames()
    {
        var d = EscapeKeyHandler.Default;
        Assert.Equal("Commands: Ctrl-Z suspends, \".\" quits, \"^\" gives literal Ctrl-^", d.HelpText);
        Assert.Equal("Ctrl-^", d.KeyName);
        var t = EscapeKeyHandler.FromEnvironment("~");
        Assert.Equal("Commands: Ctrl-Z suspends, \".\" quits, \"~\" gives literal \"~\"", t.HelpText);
        Assert.Equal("\"~\"", t.KeyName);
    }

    [Fact]
    public void ControlLetterEscapeAcceptsBothCasesAsPassKey()
    {
        var b = EscapeKeyHandler.FromEnvironment("\x02");
        Assert.Equal((byte)'B', b.PassKey);
        Assert.Equal((byte)'b', b.PassKey2);
        Assert.Equal("Ctrl-B", b.KeyName);
        var (sent, _) = Run(b, "\x02" + "b\x02" + "B");
        Assert.Equal(new byte[] { 0x02, 0x02 }, sent);
    }

    [Theory]
    [InlineData("\x03")]
    [InlineData("\x04")]
    [InlineData("\n")]
    [InlineData("\x0c")]
    [InlineData("\r")]
    [InlineData("ab")]
    [InlineData("é")]
    public void RefusedOrInvalidKeysFallBackToCtrlCaret(string value)
    {
        var h = EscapeKeyHandler.FromEnvironment(value);
        Assert.True(h.Enabled);
        Assert.Equal(0x1E, h.EscapeKey);
        Assert.Equal((byte)'^', h.PassKey);
    }

    [Fact]
    public void EmptyValueDisablesTheEscape()
    {
        var h = EscapeKeyHandler.FromEnvironment("");
        Assert.False(h.Enabled);
        Assert.Null(h.HelpText);
        Assert.Null(h.KeyName);
        var (sent, actions) = Run(h, "\x1e.");
        Assert.Equal(new byte[] { 0x1E, (byte)'.' }, sent);
        Assert.Empty(actions);
    }

    [Fact]
    public void UnsetValueIsTheDefault()
    {
        Assert.Equal(0x1E, EscapeKeyHandler.FromEnvironment(null).EscapeKey);
    }
}
