using Mosh.Overlays.Prediction;

namespace Mosh.Tests.Overlays.Prediction;

public class UserInputDecoderTests
{
    private static List<(UserInputActionKind, int)> Decode(params byte[] bytes)
    {
        var decoder = new UserInputDecoder();
        var result = new List<(UserInputActionKind, int)>();
        foreach (byte b in bytes)
        {
            int n = decoder.Feed(b, out UserInputAction a, out UserInputAction c);
            if (n > 0)
            {
                result.Add((a.Kind, a.Value));
            }
            if (n > 1)
            {
                result.Add((c.Kind, c.Value));
            }
        }
        return result;
    }

    [Fact]
    public void PrintsAsciiDelAndUtf8()
    {
        Assert.Equal([(UserInputActionKind.Print, 'a'), (UserInputActionKind.Print, 0x7F), (UserInputActionKind.Print, 0xE9), (UserInputActionKind.Print, 0x1F600)],
            Decode(0x61, 0x7F, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80));
    }

    [Fact]
    public void IllFormedUtf8BecomesReplacementAndTheBreakingByteIsDecodedAgain()
    {
        Assert.Equal([(UserInputActionKind.Print, 0xFFFD), (UserInputActionKind.Print, 'A')], Decode(0xC3, 0x41));
        // glibc: an overlong form is rejected only when complete, and its last byte again.
        Assert.Equal([(UserInputActionKind.Print, 0xFFFD), (UserInputActionKind.Print, 0xFFFD)], Decode(0xE0, 0x80, 0x80));
        Assert.Equal([(UserInputActionKind.Print, 0xFFFD)], Decode(0xFF));
        Assert.Equal([(UserInputActionKind.Print, 0xFFFD), (UserInputActionKind.Execute, 0x0D)], Decode(0xE2, 0x82, 0x0D));
    }

    [Fact]
    public void ArrowKeysInBothFormsAreCsiDispatches()
    {
        Assert.Equal([(UserInputActionKind.CsiDispatch, 'D')], Decode(0x1B, (byte)'[', (byte)'D'));
        Assert.Equal([(UserInputActionKind.CsiDispatch, 'C')], Decode(0x1B, (byte)'O', (byte)'C'));
        Assert.Equal([(UserInputActionKind.CsiDispatch, 'D')], Decode(0x1B, (byte)'[', (byte)'5', (byte)';', (byte)'2', (byte)'D'));
        Assert.Equal([(UserInputActionKind.CsiDispatch, 'C')], Decode(0xC2, 0x9B, (byte)'C')); // C1 CSI
    }

    [Fact]
    public void ControlsEscapesAndStrings()
    {
        Assert.Equal([(UserInputActionKind.Execute, 0x0D)], Decode(0x0D));
        Assert.Equal([(UserInputActionKind.EscDispatch, 'x')], Decode(0x1B, (byte)'x'));
        // OSC swallows everything up to BEL.
        Assert.Equal([(UserInputActionKind.Print, 'z')], Decode(0x1B, (byte)']', (byte)'0', (byte)';', (byte)'t', 0x07, (byte)'z'));
        // DCS swallows printables and controls until ST or ESC.
        Assert.Equal([(UserInputActionKind.EscDispatch, '\\'), (UserInputActionKind.Print, 'q')],
            Decode(0x1B, (byte)'P', (byte)'a', 0x0D, 0x1B, (byte)'\\', (byte)'q'));
        // A control inside a CSI executes without ending it.
        Assert.Equal([(UserInputActionKind.Execute, 0x01), (UserInputActionKind.CsiDispatch, 'A')], Decode(0x1B, (byte)'[', 0x01, (byte)'A'));
    }
}
