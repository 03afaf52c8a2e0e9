using Mosh.StateSync;

namespace Mosh.Tests.StateSync;

/// <summary>How the server consumes new user events (protocol §5.1).</summary>
public class UserInputReaderTests
{
    private struct Recorder : IUserEventHandler
    {
        public List<string> Calls;

        public bool Key(byte value)
        {
            Calls.Add(((char)value).ToString());
            return true;
        }

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

/// <summary>Back-pressure: input the program cannot take yet waits in the stream, sizes and interrupts do not wait behind it.</summary>
public class UserInputBackPressureTests
{
    /// <summary>Takes at most <see cref="Room"/> keys, then refuses.</summary>
    private struct LimitedHandler : IUserEventHandler
    {
        public List<string> Calls;
        public int Room;

        public bool Key(byte value)
        {
            if (Room == 0) return false;
            Room--;
            Calls.Add(((char)value).ToString());
            return true;
        }

        public void Resize(int width, int height) => Calls.Add($"{width}x{height}");
    }

    private static UserStream Stream(string events)
    {
        // Letters are keys; digits d are resizes to d×d.
        var stream = new UserStream();
        foreach (char c in events)
        {
            if (char.IsDigit(c)) stream.PushResize(c - '0', c - '0');
            else stream.PushByte((byte)c);
        }
        return stream;
    }

    [Fact]
    public void ARefusedKeyAndWhatFollowsWaitForTheNextCall()
    {
        UserStream stream = Stream("abcdef");
        var reader = new UserInputReader();
        var handler = new LimitedHandler { Calls = new(), Room = 2 };
        Assert.Equal(2, reader.Apply(stream, ref handler));
        Assert.Equal(4UL, reader.WaitingCount(stream));
        Assert.Equal(0, reader.Apply(stream, ref handler));
        handler.Room = 10;
        stream.PushBytes("g"u8);
        Assert.Equal(5, reader.Apply(stream, ref handler));
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], handler.Calls);
        Assert.Equal(0UL, reader.WaitingCount(stream));
    }

    [Fact]
    public void TheConsumedPrefixTrimsOnlyWhatWasHandedOut()
    {
        UserStream stream = Stream("abcdef");
        var reader = new UserInputReader();
        var handler = new LimitedHandler { Calls = new(), Room = 4 };
        reader.Apply(stream, ref handler);
        stream.Subtract(reader.ConsumedPrefix);
        Assert.Equal(4UL, stream.TrimmedCount);
        Assert.Equal(6UL, stream.TotalCount);
        handler.Room = 10;
        Assert.Equal(2, reader.Apply(stream, ref handler));
        Assert.Equal(["a", "b", "c", "d", "e", "f"], handler.Calls);
    }

    [Fact]
    public void TheNewestWaitingSizeIsAppliedAtOnceAndNotAgainLater()
    {
        UserStream stream = Stream("ab3cd4ef");
        var reader = new UserInputReader();
        var handler = new LimitedHandler { Calls = new(), Room = 1 };
        reader.Apply(stream, ref handler);
        Assert.True(reader.ApplyWaitingResize(stream, ref handler));
        Assert.False(reader.ApplyWaitingResize(stream, ref handler));
        handler.Room = 10;
        reader.Apply(stream, ref handler);
        // 3×3 is older than the size already applied: skipped, not applied out of order.
        Assert.Equal(["a", "4x4", "b", "c", "d", "e", "f"], handler.Calls);
    }

    [Fact]
    public void AnInterruptDropsTheKeysWaitingBeforeItAsTheTerminalWould()
    {
        UserStream stream = Stream("ab5cd\u0003ef");
        var reader = new UserInputReader();
        var handler = new LimitedHandler { Calls = new(), Room = 1 };
        reader.Apply(stream, ref handler);
        Assert.Equal(0x03, reader.TakeInterrupt(stream, [0x03, 0x1c, 0x1a], discardBefore: true, ref handler));
        handler.Room = 10;
        reader.Apply(stream, ref handler);
        // The size among the dropped keys still applies; the keys after the interrupt follow it.
        Assert.Equal(["a", "5x5", "e", "f"], handler.Calls);
        Assert.Equal(-1, reader.TakeInterrupt(stream, [0x03], discardBefore: true, ref handler));
    }

    [Fact]
    public void UnderNoflshAnInterruptJumpsAheadAndTheWaitingKeysStay()
    {
        UserStream stream = Stream("abc\u0003d\u0003");
        var reader = new UserInputReader();
        var handler = new LimitedHandler { Calls = new(), Room = 1 };
        reader.Apply(stream, ref handler);
        Assert.Equal(0x03, reader.TakeInterrupt(stream, [0x03], discardBefore: false, ref handler));
        // One taken interrupt waits for its turn before another may jump.
        Assert.Equal(-1, reader.TakeInterrupt(stream, [0x03], discardBefore: false, ref handler));
        handler.Room = 10;
        reader.Apply(stream, ref handler);
        Assert.Equal(["a", "b", "c", "d", "\u0003"], handler.Calls);
    }

    [Fact]
    public void OnlyKeysThatRaiseSignalsJump()
    {
        UserStream stream = Stream("abc\u0003");
        var reader = new UserInputReader();
        var handler = new LimitedHandler { Calls = new(), Room = 0 };
        Assert.Equal(-1, reader.TakeInterrupt(stream, [], discardBefore: true, ref handler));
        Assert.Equal(-1, reader.TakeInterrupt(stream, [0x1c], discardBefore: true, ref handler));
        Assert.Equal(4UL, reader.WaitingCount(stream));
    }
}
