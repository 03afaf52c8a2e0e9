using System.Text.RegularExpressions;
using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>
/// The manual pages (packaging/man): each formats without a warning, and each names every option
/// its program's own usage text lists, so a new option cannot go undocumented.
/// </summary>
[Trait("Category", "Packaging")]
public partial class ManPageTests
{
    private static string Page(string name) => Path.Combine(MoshPrograms.RepositoryRoot, "packaging", "man", name + ".1");

    /// <summary>The page's text as formatted (roff's \- is a plain hyphen there).</summary>
    private static string Formatted(string name)
    {
        var (exit, stdout, stderr) = MoshPrograms.Run("groff", ["-man", "-Tutf8", "-ww", "-P", "-cbou", Page(name)], TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" });
        Assert.True(exit == 0, stderr);
        Assert.True(stderr.Length == 0, $"{name}.1: {stderr}");
        return stdout.Replace('\u2010', '-').Replace('\u2212', '-');
    }

    [SkippableTheory]
    [InlineData("mosh")]
    [InlineData("mosh-server")]
    [InlineData("mosh-client")]
    [InlineData("mosh-aot")]
    public void FormatsWithoutWarnings(string name)
    {
        PackagingArtifacts.NeedProgram("groff", "groff-base");
        Assert.Contains("NAME", Formatted(name));
    }

    [SkippableFact]
    public void LauncherPageNamesEveryOptionOfItsUsage()
    {
        PackagingArtifacts.NeedProgram("groff", "groff-base");
        string page = Formatted("mosh");
        string usage = MoshPrograms.Run(MoshPrograms.OurLauncher, ["--help"], TimeSpan.FromSeconds(10)).Stdout;
        string[] options = LongOption().Matches(usage).Select(m => m.Value).Concat(ShortOption().Matches(usage).Select(m => m.Groups[1].Value)).Distinct().ToArray();
        Assert.Contains("--predict=always", options);
        Assert.All(options, option => Assert.Contains(option, page));
    }

    [SkippableFact]
    public void ServerAndClientPagesNameEveryOptionOfTheirUsage()
    {
        PackagingArtifacts.NeedProgram("groff", "groff-base");
        foreach (string program in new[] { "mosh-server", "mosh-client" })
        {
            string page = Formatted(program);
            string binary = Path.Combine(Path.GetDirectoryName(MoshPrograms.RequireOurBinary())!, program);
            string usage = MoshPrograms.Run(binary, ["--help"], TimeSpan.FromSeconds(10)).Stdout;
            string[] options = UsageOption().Matches(usage).Select(m => m.Groups[1].Value).Distinct().ToArray();
            Assert.NotEmpty(options);
            Assert.All(options, option => Assert.Contains(option, page));
        }
    }

    [SkippableFact]
    public void MoshAotPageNamesEveryCommandOfItsUsage()
    {
        PackagingArtifacts.NeedProgram("groff", "groff-base");
        string page = Formatted("mosh-aot");
        string usage = MoshPrograms.Run(MoshPrograms.RequireOurBinary(), ["--help"], TimeSpan.FromSeconds(10)).Stdout;
        string[] commands = UsageCommand().Matches(usage).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains("probe", commands);
        Assert.All(commands, command => Assert.Contains(command, page));
    }

    [GeneratedRegex(@"--[a-z0-9-]+(=[a-z0-9-]+)?")]
    private static partial Regex LongOption();

    [GeneratedRegex(@"^(-[a-z0-9])\b", RegexOptions.Multiline)]
    private static partial Regex ShortOption();

    [GeneratedRegex(@"(?:\[|\s)(-[#a-zA-Z])(?=[\s\]])")]
    private static partial Regex UsageOption();

    [GeneratedRegex(@"^  ([a-z][a-z-]+|--[a-z]+) ", RegexOptions.Multiline)]
    private static partial Regex UsageCommand();
}
