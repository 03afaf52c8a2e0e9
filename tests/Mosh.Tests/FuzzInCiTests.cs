using System.Text.RegularExpressions;
using Mosh.Fuzz;
using Mosh.Tests.Support;

namespace Mosh.Tests;

/// <summary>
/// `make test` (what CI runs, .ci/run) fuzzes every target for a bounded time, so a crash a change
/// introduces fails the build; a filtered run (part of the suite) does not fuzz.
/// </summary>
public partial class FuzzInCiTests
{
    /// <summary>The whole campaign's budget in CI, without the build.</summary>
    private const int MaxTotalSeconds = 300;

    [SkippableFact]
    public void MakeTestFuzzesEveryTargetWithinTheBudget()
    {
        string commands = DryRun("test");
        Match run = FuzzRun().Match(commands);
        Assert.True(run.Success, "make test does not run scripts/fuzz.sh:\n" + commands);
        // No target list after the seconds: every registered target.
        Assert.True(string.IsNullOrWhiteSpace(run.Groups[2].Value), $"make test fuzzes only {run.Groups[2].Value}");
        int seconds = int.Parse(run.Groups[1].Value);
        Assert.InRange(seconds, 10, MaxTotalSeconds);
        Assert.InRange(seconds * Targets.Names.Count(), 1, MaxTotalSeconds);
    }

    [SkippableFact]
    public void AFilteredTestRunDoesNotFuzz()
    {
        Assert.DoesNotMatch(FuzzRun(), DryRun("test", "TEST_FILTER=FullyQualifiedName~Nothing"));
    }

    private static string DryRun(params string[] args)
    {
        Skip.IfNot(File.Exists("/usr/bin/make"), "make is not installed");
        var (exit, stdout, stderr) = MoshPrograms.Run("make", ["-n", "-C", MoshPrograms.RepositoryRoot, .. args],
            TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"make -n {string.Join(' ', args)} failed:\n{stderr}");
        return stdout;
    }

    [GeneratedRegex(@"^scripts/fuzz\.sh (\d+)([^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex FuzzRun();
}
