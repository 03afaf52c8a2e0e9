namespace Mosh.Testing;

/// <summary>
/// The event loop of an in-process harness in virtual time: each <see cref="Step"/> jumps the
/// clock to the next event (a timer or a delivery), then lets the harness run what is due, as
/// the programs' poll loops do. Bounded: a run stops after <see cref="MaxStepsPerRun"/> steps,
/// and a harness whose time stops advancing is reported as a livelock instead of spinning.
/// </summary>
public abstract class VirtualTimeHarness
{
    /// <summary>Bound on the steps of one run call.</summary>
    public const int MaxStepsPerRun = 10_000_000;

    /// <summary>
    /// A correct transport always moves its timers past "now" when it ticks; this many steps
    /// without time advancing means it never will.
    /// </summary>
    public const int MaxStepsWithoutProgress = 10_000;

    private long _lastStepMs = long.MinValue;
    private int _stepsAtSameTime;

    protected VirtualTimeHarness(long startMs) => Clock = new VirtualClock(startMs);

    public VirtualClock Clock { get; }

    public long NowMs => Clock.NowMs;

    /// <summary>When the next thing happens: a timer on either side or a delivery; never before now.</summary>
    public abstract long NextEventMs();

    /// <summary>Delivers what is due at <paramref name="nowMs"/> and ticks both sides.</summary>
    protected abstract void RunDue(long nowMs);

    /// <summary>
    /// Advances to the next event if it is no later than <paramref name="deadlineMs"/> and runs it.
    /// Otherwise moves the clock to the deadline and returns false.
    /// </summary>
    public bool Step(long deadlineMs)
    {
        long next = NextEventMs();
        if (next > deadlineMs)
        {
            Clock.NowMs = Math.Max(Clock.NowMs, deadlineMs);
            return false;
        }
        Clock.NowMs = next;
        _stepsAtSameTime = next == _lastStepMs ? _stepsAtSameTime + 1 : 0;
        _lastStepMs = next;
        if (_stepsAtSameTime > MaxStepsWithoutProgress)
        {
            ThrowLivelock(next);
        }
        RunDue(next);
        return true;
    }

    /// <summary>Runs until <paramref name="deadlineMs"/> (virtual).</summary>
    public void RunUntil(long deadlineMs)
    {
        for (int i = 0; i < MaxStepsPerRun && Step(deadlineMs); i++)
        {
        }
    }

    /// <summary>Runs for <paramref name="durationMs"/> of virtual time.</summary>
    public void RunFor(long durationMs) => RunUntil(Clock.NowMs + durationMs);

    /// <summary>Runs until <paramref name="done"/> holds (checked after every step) or the deadline passes.</summary>
    public bool RunUntil(long deadlineMs, Func<bool> done)
    {
        for (int i = 0; i < MaxStepsPerRun; i++)
        {
            if (done())
            {
                return true;
            }
            if (!Step(deadlineMs))
            {
                return done();
            }
        }
        return false;
    }

    private static void ThrowLivelock(long nowMs) =>
        throw new InvalidOperationException($"Transport livelock: virtual time stuck at {nowMs} ms.");
}
