using Mosh.StateSync;

namespace Mosh.Tests.StateSync;

/// <summary>How the server consumes new user events (protocol §5.1).</summary>
public class UserInputReaderTests
{
    private struct Recorder : IUserEventHandler
    {
        public List<string> Calls;

        public void Key(byte value) => Calls.Add(((char)value).ToString());

        public void Resize(int width, int height) => Calls.Add($"{width}x{height}");
    }

    [Fact]
    public void OnlyTheLastOfConsecutiveResizesIsApplied()
    {
        var stream = new UserStream();
        stream.PushResize(80, 24);
        stream.PushResize(90, 25);
        stream.PushResize(100, 30);
        stream.PushByte((byte)'a');
        stream.PushResize(10, 10);
        stream.PushByte((byte)'b');
        stream.PushResize(20, 20);
        stream.PushResize(0, 5); // invalid size last in the run: nothing applied for it

        var recorder = new Recorder { Calls = new() };
        var reader = new UserInputReader();
        Assert.Equal(8, reader.Apply(stream, ref recorder));
        Assert.Equal(new[] { "100x30", "a", "10x10", "b" }, recorder.Calls);
    }

    [Fact]
    public void EachEventIsHandedOutOnce()
    {
        var stream = new UserStream();
        var reader = new UserInputReader();
        var recorder = new Recorder { Calls = new() };
        stream.PushBytes("ab"u8);
        reader.Apply(stream, ref recorder);
        stream.PushBytes("c"u8);
        Assert.Equal(1, reader.Apply(stream, ref recorder));
        Assert.Equal(0, reader.Apply(stream, ref recorder));
        Assert.Equal(new[] { "a", "b", "c" }, recorder.Calls);
        Assert.Equal(3UL, reader.ConsumedCount);
    }

    [Fact]
    public void ResizeRunsAreJudgedWithinOneBatch()
    {
        // Batches are what arrived together; a resize ending one batch is applied even if the
        // next batch starts with another.
        var stream = new UserStream();
        var reader = new UserInputReader();
        var recorder = new Recorder { Calls = new() };
        stream.PushResize(80, 24);
        reader.Apply(stream, ref recorder);
        stream.PushResize(100, 30);
        reader.Apply(stream, ref recorder);
        Assert.Equal(new[] { "80x24", "100x30" }, recorder.Calls);
    }
}
