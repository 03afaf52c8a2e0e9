namespace Mosh.Tests.Terminal.Parser;

public class C0ControlTests
{
    public static TheoryData<int> C0ButEscape => [.. Enumerable.Range(0x00, 0x20).Where(c => c != 0x1B)];

    /// <summary>In text every C0 control but ESC is executed and the text goes on (CAN and SUB included).</summary>
    [Theory]
    [MemberData(nameof(C0ButEscape))]
    public void IsExecutedBetweenTextAndLeavesTheParserInGround(int c0)
    {
        string control = ((char)c0).ToString();
        Assert.Equal(["print ab", $"exec {c0:X2}", "print cd", "csi 1 m"],
            RecordingPerformer.Parse("ab" + control + "cd\e[1m"));
        // The same right after a sequence.
        Assert.Equal(["csi 2 J", $"exec {c0:X2}", $"exec {c0:X2}", "print x"],
            RecordingPerformer.Parse("\e[2J" + control + control + "x"));
    }
}
