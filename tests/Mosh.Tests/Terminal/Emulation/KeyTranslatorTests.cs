using Mosh.Terminal.Emulation;

namespace Mosh.Tests.Terminal.Emulation;

/// <summary>The server's key translator (§5.1, §10 item 15).</summary>
public class KeyTranslatorTests
{
    private static byte[] Run(KeyTranslator k, bool decckm, params byte[] input)
    {
        var output = new byte[KeyTranslator.MaxOutputLength(input.Length)];
        int n = k.Translate(input, decckm, output);
        return output[..n];
    }

    [Theory]
    [InlineData((byte)'A')]
    [InlineData((byte)'B')]
    [InlineData((byte)'C')]
    [InlineData((byte)'D')]
    public void ArrowsBecomeAnsiUnlessDecckm(byte arrow)
    {
        Assert.Equal(new byte[] { 0x1B, (byte)'[', arrow }, Run(new KeyTranslator(), false, 0x1B, (byte)'O', arrow));
        Assert.Equal(new byte[] { 0x1B, (byte)'O', arrow }, Run(new KeyTranslator(), true, 0x1B, (byte)'O', arrow));
    }

    [Fact]
    public void OtherSs3KeysPassUnchanged()
    {
        Assert.Equal("\eOP"u8.ToArray(), Run(new KeyTranslator(), false, "\eOP"u8.ToArray()));
        Assert.Equal("\eOH"u8.ToArray(), Run(new KeyTranslator(), false, "\eOH"u8.ToArray()));
    }

    [Fact]
    public void TheOIsHeldBackUntilTheNextByte()
    {
        var k = new KeyTranslator();
        Assert.Equal(new byte[] { 0x1B }, Run(k, false, 0x1B));
        Assert.Empty(Run(k, false, (byte)'O'));
        Assert.Equal("[A"u8.ToArray(), Run(k, false, (byte)'A'));
        Assert.Equal("x"u8.ToArray(), Run(k, false, (byte)'x'));
    }

    [Fact]
    public void DecckmIsReadWhenTheDecidingByteArrives()
    {
        var k = new KeyTranslator();
        Run(k, false, 0x1B, (byte)'O');
        Assert.Equal("OB"u8.ToArray(), Run(k, true, (byte)'B'));
    }

    [Fact]
    public void EscEscODoesNotTranslate()
    {
        // In the ESC state any byte but 'O' (ESC included) returns to ground.
        Assert.Equal("\e\eOA"u8.ToArray(), Run(new KeyTranslator(), false, "\e\eOA"u8.ToArray()));
    }

    [Fact]
    public void PlainTextAndCsiPassThrough()
    {
        byte[] input = "ls -l\r\e[A\eOq"u8.ToArray();
        Assert.Equal(input, Run(new KeyTranslator(), false, input));
    }

    [Fact]
    public void TheEmulatorTracksDecckmForTheTranslator()
    {
        var t = new TerminalHarness().Feed("\e[?1h");
        Assert.True(t.Fb.Modes.ApplicationCursorKeys);
        Assert.Equal("\eOA"u8.ToArray(), Run(new KeyTranslator(), t.Fb.Modes.ApplicationCursorKeys, "\eOA"u8.ToArray()));
    }
}
