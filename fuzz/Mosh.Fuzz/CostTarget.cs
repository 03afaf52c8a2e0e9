using System.Diagnostics;
using Mosh.Terminal.Emulation;

namespace Mosh.Fuzz;

/// <summary>
/// Terminal output whose processing costs far more per byte than ordinary output: a denial of
/// service by a program in the session (REP with a huge count, sequences whose work scales with
/// a parameter or the window). The first four bytes pick a window of up to 250×100; the rest is
/// written to a fresh terminal and timed. An input fails (throws, which AFL reports as a crash)
/// when it took more than <see cref="CostJudge.Factor"/> times the norm per byte, the norm being
/// this process's own time per byte for ordinary output, measured at start-up (so the
/// instrumentation's overhead and the machine's speed cancel out). Time is the thread's CPU
/// time, so being preempted on a busy machine is not a finding; only writing the output is
/// timed (making the terminal is a fixed cost, not a cost per byte); slow runs are timed again
/// and the fastest counts, so a GC pause or the first compilation of a path is not a finding.
/// </summary>
internal static class CostTarget
{
    private static readonly CostJudge s_judge = new(Calibrate);

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 5)
        {
            return;
        }
        int width = 1 + (input[0] | input[1] << 8) % 250;
        int height = 1 + (input[2] | input[3] << 8) % 100;
        byte[] output = input[4..].ToArray();
        s_judge.Judge(output.Length, () =>
        {
            var terminal = new VirtualTerminal(width, height);
            return CostJudge.CpuMs(() => terminal.Write(output));
        });
    }

    /// <summary>Ordinary output: text, line ends, colours, cursor moves, erasures; about 64 KiB at 80×24.</summary>
    private static double Calibrate()
    {
        var terminal = new VirtualTerminal(80, 24);
        return CostJudge.CpuMs(() => terminal.Write(CostJudge.OrdinaryOutput));
    }
}

/// <summary>The timing rule of <see cref="CostTarget"/>, kept apart so the tests can check it.</summary>
public sealed partial class CostJudge
{
    /// <summary>An input fails when it costs this many times the ordinary cost per byte …</summary>
    public const double Factor = 200;

    /// <summary>… and took at least this long (shorter runs are all noise and fixed costs).</summary>
    public const double MinimumJudgedMs = 1;

    private readonly Func<double> _ordinary;
    private double _nsPerByte = -1;

    /// <param name="ordinary">Processes <see cref="OrdinaryOutput"/> and returns the milliseconds it took.</param>
    public CostJudge(Func<double> ordinary) => _ordinary = ordinary;

    /// <summary>About 64 KiB of what a shell and its programs print.</summary>
    public static byte[] OrdinaryOutput { get; } = MakeOrdinaryOutput();

    /// <summary>The ordinary cost per byte, in nanoseconds (measured on first use).</summary>
    public double NormNsPerByte
    {
        get
        {
            if (_nsPerByte < 0)
            {
                _ordinary(); // warm up: the JIT, the row pool
                double best = double.MaxValue;
                for (int i = 0; i < 5; i++)
                {
                    best = Math.Min(best, _ordinary());
                }
                _nsPerByte = best * 1e6 / OrdinaryOutput.Length;
            }
            return _nsPerByte;
        }
    }

    /// <summary>
    /// Throws if <paramref name="work"/> on <paramref name="bytes"/> bytes costs far more than the
    /// norm; <paramref name="work"/> does it afresh each time it is called and returns the milliseconds
    /// its timed part took.
    /// </summary>
    public void Judge(int bytes, Func<double> work)
    {
        double ms = work();
        if (!IsTooSlow(ms, bytes))
        {
            return;
        }
        // Time it again: only what is slow every time counts.
        ms = Math.Min(ms, Math.Min(work(), work()));
        if (IsTooSlow(ms, bytes))
        {
            throw new InvalidOperationException(
                $"{bytes} bytes took {ms:F1} ms: {ms * 1e6 / Math.Max(1, bytes):F0} ns per byte, the norm is {NormNsPerByte:F1}");
        }
    }

    public bool IsTooSlow(double ms, int bytes) =>
        ms >= MinimumJudgedMs && ms * 1e6 / Math.Max(1, bytes) > Factor * NormNsPerByte;

    /// <summary>The CPU time this thread spent in <paramref name="work"/>, in milliseconds (wall time if the clock is missing).</summary>
    public static double CpuMs(Action work)
    {
        if (ThreadCpuNs() is not long start)
        {
            long wall = Stopwatch.GetTimestamp();
            work();
            return Stopwatch.GetElapsedTime(wall).TotalMilliseconds;
        }
        work();
        return (ThreadCpuNs()!.Value - start) / 1e6;
    }

    private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static long? ThreadCpuNs() =>
        ClockGetTime(ClockThreadCpuTimeId, out TimeSpec t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : null;

    [System.Runtime.InteropServices.LibraryImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    private static byte[] MakeOrdinaryOutput()
    {
        var text = new System.Text.StringBuilder();
        var random = new Random(1);
        while (text.Length < 64 << 10)
        {
            switch (random.Next(6))
            {
                case 0: text.Append("\x1b[1;3").Append(random.Next(8)).Append('m'); break;
                case 1: text.Append("\x1b[0m"); break;
                case 2: text.Append("\r\n"); break;
                case 3: text.Append("\x1b[").Append(1 + random.Next(24)).Append(';').Append(1 + random.Next(80)).Append('H'); break;
                case 4: text.Append("\x1b[K"); break;
                default:
                    for (int i = random.Next(60); i > 0; i--) text.Append((char)('a' + random.Next(26)));
                    break;
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
