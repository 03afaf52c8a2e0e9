using Mosh.Fuzz;
using Mosh.Tests.Support;

namespace Mosh.Tests;

/// <summary>
/// Every input a fuzz target ever failed on (fuzz/regressions/TARGET/, where scripts/fuzz.sh
/// puts each new crash) and every seed (fuzz/corpus/TARGET/) goes through its target on every
/// test run: a fixed crash stays fixed, and no seed starts failing unnoticed.
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        string root = Path.Combine(MoshPrograms.RepositoryRoot, "fuzz");
        foreach (string kind in (string[])["regressions", "corpus"])
        {
            string dir = Path.Combine(root, kind);
            if (!Directory.Exists(dir)) continue;
            foreach (string targetDir in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
                foreach (string file in Directory.GetFiles(targetDir).Order(StringComparer.Ordinal))
                    data.Add(Path.GetFileName(targetDir), Path.GetRelativePath(root, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void TheTargetTakesTheInput(string target, string file)
    {
        Assert.True(Targets.TryGet(target, out FuzzTarget run), $"no fuzz target named {target} (directory of {file})");
        byte[] input = File.ReadAllBytes(Path.Combine(MoshPrograms.RepositoryRoot, "fuzz", file));
        run(input);
    }

    [Fact]
    public void EveryTargetHasSeeds()
    {
        foreach (string target in Targets.Names)
        {
            string dir = Path.Combine(MoshPrograms.RepositoryRoot, "fuzz", "corpus", target);
            Assert.True(Directory.Exists(dir) && Directory.GetFiles(dir).Length > 0, $"fuzz target {target} has no seed corpus");
        }
    }
}

/// <summary>The cost target's rule: far above the ordinary cost per byte, and only if it is so every time.</summary>
public class CostJudgeTests
{
    [Fact]
    public void WorkThatCostsThousandsOfTimesTheNormPerByteFails()
    {
        var judge = new CostJudge(() => Spin(TimeSpan.FromMilliseconds(0.5))); // ~8 ns per byte of 64 KiB
        Assert.InRange(judge.NormNsPerByte, 1, 1000);
        var e = Assert.Throws<InvalidOperationException>(() => judge.Judge(10, () => Spin(TimeSpan.FromMilliseconds(5))));
        Assert.Contains("ns per byte", e.Message);
    }

    [Fact]
    public void OrdinaryOutputAndShortWorkPass()
    {
        var judge = new CostJudge(() => Spin(TimeSpan.FromMilliseconds(0.5)));
        judge.Judge(CostJudge.OrdinaryOutput.Length, () => Spin(TimeSpan.FromMilliseconds(0.6)));
        // Below a millisecond nothing is judged, however few the bytes: that is noise and fixed costs.
        judge.Judge(1, () => Spin(TimeSpan.FromMilliseconds(0.2)));
    }

    [Fact]
    public void OnlyWhatIsSlowEveryTimeCounts()
    {
        var judge = new CostJudge(() => Spin(TimeSpan.FromMilliseconds(0.5)));
        int runs = 0;
        // Slow once (a GC pause, a preempted thread), fast when timed again.
        judge.Judge(10, () => Spin(TimeSpan.FromMilliseconds(runs++ == 0 ? 20 : 0.01)));
        Assert.Equal(3, runs);
    }

    [Fact]
    public void BeingPreemptedIsNotCounted()
    {
        // Asleep is off the CPU, as a thread preempted on a busy machine is.
        Assert.InRange(CostJudge.CpuMs(() => Thread.Sleep(50)), 0, 10);
        Assert.InRange(CostJudge.CpuMs(() => Spin(TimeSpan.FromMilliseconds(30))), 1, 1000);
    }

    /// <summary>Burns the CPU for about <paramref name="time"/>; returns the CPU milliseconds it took.</summary>
    private static double Spin(TimeSpan time) => CostJudge.CpuMs(() =>
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < time) Thread.SpinWait(10);
    });
}
