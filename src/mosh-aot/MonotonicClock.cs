using System.Diagnostics;

namespace MoshAot;

/// <summary>Milliseconds from a monotonic clock (CLOCK_MONOTONIC); only differences matter.</summary>
internal static class MonotonicClock
{
    private static readonly long s_ticksPerMs = Stopwatch.Frequency / 1000;

    public static long NowMs => Stopwatch.GetTimestamp() / s_ticksPerMs;
}
