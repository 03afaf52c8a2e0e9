using Mosh.StateSync;
using Mosh.Transport;

namespace Mosh.Tests.StateSync;

/// <summary>User-stream diffs on the wire: ClientBuffers.UserMessage (protocol §5.1), written and read by UserStream.</summary>
public class UserStreamDiffEncodingTests
{
    private static byte[] DiffOf(Action<UserStream> type)
    {
        var stream = new UserStream();
        type(stream);
        var output = new ByteBuffer();
        stream.WriteDiffFrom(new UserStream(), output);
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void TypingIsOneKeystrokeInstruction() =>
        Assert.Equal(Convert.FromHexString("0A07120522036C730D"), DiffOf(s => s.PushBytes("ls\r"u8)));

    [Fact]
    public void ResizeIsItsOwnInstruction() =>
        Assert.Equal(Convert.FromHexString("0A061A0428503018"), DiffOf(s => s.PushResize(80, 24)));

    [Fact]
    public void MixedEventsKeepTheirOrderAndBytesBetweenResizesMerge()
    {
        byte[] diff = DiffOf(s =>
        {
            s.PushByte((byte)'a');
            s.PushResize(100, 30);
            s.PushResize(80, 24);
            s.PushBytes("bc"u8);
        });
        Assert.Equal(Convert.FromHexString(
            "0A05120322016" + "1" +
            "0A061A0428643" + "01E" +
            "0A061A0428503018" +
            "0A06120422026263"), diff);
    }

    [Fact]
    public void LongPasteUsesMultiByteLengths()
    {
        byte[] paste = new byte[300];
        Array.Fill(paste, (byte)'x');
        byte[] diff = DiffOf(s => s.PushBytes(paste));
        // keys: 22 AC 02 + 300; keystroke: 12 AF 02 + 303; instruction: 0A B2 02 + 306.
        Assert.Equal(Convert.FromHexString("0AB20212AF0222AC02"), diff[..9]);
        Assert.Equal(309, diff.Length);

        var back = new UserStream();
        Assert.True(back.TryApplyDiff(diff));
        Assert.Equal(300UL, back.TotalCount);
    }

    [Fact]
    public void ReadingYieldsTheSameEvents()
    {
        var original = new UserStream();
        original.PushBytes("echo hi\r"u8);
        original.PushResize(132, 43);
        original.PushByte(0x1B);
        var diff = new ByteBuffer();
        original.WriteDiffFrom(new UserStream(), diff);

        var copy = new UserStream();
        Assert.True(copy.TryApplyDiff(diff.WrittenSpan));
        Assert.True(copy.ContentEquals(original));
        Assert.Equal(original.HeldEvents.ToArray(), copy.HeldEvents.ToArray());
    }

    [Fact]
    public void UnknownFieldsAreSkippedAndEmptyInstructionsIgnored()
    {
        // field 9 varint at top level; an empty instruction; an instruction with an unknown
        // fixed32 field and a keystroke.
        byte[] message = Convert.FromHexString("4801" + "0A00" + "0A0A" + "2D01020304" + "1203220178");
        var stream = new UserStream();
        Assert.True(stream.TryApplyDiff(message));
        Assert.Equal(new[] { UserStreamEvent.Key((byte)'x') }, stream.HeldEvents.ToArray());
    }

    [Fact]
    public void KeystrokeWinsOverResizeInOneInstruction()
    {
        byte[] message = Convert.FromHexString("0A0B" + "1A0428503018" + "1203220179");
        var stream = new UserStream();
        Assert.True(stream.TryApplyDiff(message));
        Assert.Equal(new[] { UserStreamEvent.Key((byte)'y') }, stream.HeldEvents.ToArray());
    }

    [Theory]
    [InlineData("0A")]                 // truncated length
    [InlineData("0A05120322")]         // sub-message longer than its container
    [InlineData("0A0212FF")]           // truncated inner length
    [InlineData("0B")]                 // group start
    [InlineData("0AFFFFFFFFFFFFFFFFFFFF01")] // varint longer than 10 bytes
    [InlineData("00")]                 // field number 0
    [InlineData("0A041A022880")]       // truncated varint in resize
    public void MalformedInputIsRejectedWithoutThrowing(string hex)
    {
        var stream = new UserStream();
        Assert.False(stream.TryApplyDiff(Convert.FromHexString(hex)));
    }
}
