using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>The packages `make deb` builds: what they declare and hold, and lintian's verdict.</summary>
[Trait("Category", "Packaging")]
public class DebianPackageTests
{
    public static TheoryData<string> Architectures => new() { "amd64", "arm64" };

    [SkippableTheory]
    [MemberData(nameof(Architectures))]
    public void DeclaresThatItTakesThePlaceOfDebiansMosh(string architecture)
    {
        PackagingArtifacts.NeedProgram("dpkg-deb", "dpkg");
        string deb = PackagingArtifacts.Single(PackagingArtifacts.DebDirectory, $"mosh-aot_*_{architecture}.deb");
        Assert.Equal("mosh-aot", Field(deb, "Package"));
        Assert.Equal(architecture, Field(deb, "Architecture"));
        Assert.Equal("mosh", Field(deb, "Conflicts"));
        Assert.Equal("mosh", Field(deb, "Replaces"));
        Assert.Equal("mosh (= 1.4.0)", Field(deb, "Provides"));
        Assert.StartsWith("libc6 (>= 2.27)", Field(deb, "Depends"));
    }

    [SkippableTheory]
    [MemberData(nameof(Architectures))]
    public void HoldsTheBinaryItsLinksManPagesAndCompletion(string architecture)
    {
        PackagingArtifacts.NeedProgram("dpkg-deb", "dpkg");
        string deb = PackagingArtifacts.Single(PackagingArtifacts.DebDirectory, $"mosh-aot_*_{architecture}.deb");
        var (exit, listing, stderr) = MoshPrograms.Run("dpkg-deb", ["--contents", deb], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, stderr);
        Assert.Matches(@"-rwxr-xr-x root/root +\d+ .* \./usr/bin/mosh-aot\n", listing);
        foreach (string link in new[] { "mosh", "mosh-server", "mosh-client" })
            Assert.Contains($"./usr/bin/{link} -> mosh-aot\n", listing);
        foreach (string page in new[] { "mosh", "mosh-server", "mosh-client", "mosh-aot" })
            Assert.Contains($"./usr/share/man/man1/{page}.1.gz\n", listing);
        Assert.Contains("./usr/share/bash-completion/completions/mosh\n", listing);
        Assert.Contains("./usr/share/doc/mosh-aot/copyright\n", listing);

        // The binary inside is the one built for that architecture.
        string dir = Directory.CreateTempSubdirectory("mosh-deb-").FullName;
        try
        {
            Assert.Equal(0, MoshPrograms.Run("dpkg-deb", ["--extract", deb, dir], TimeSpan.FromSeconds(30)).Exit);
            string machine = MoshPrograms.Run("readelf", ["--file-header", Path.Combine(dir, "usr/bin/mosh-aot")], TimeSpan.FromSeconds(30)).Stdout;
            Assert.Contains(architecture == "arm64" ? "AArch64" : "X86-64", machine);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void LintianFindsNoErrors()
    {
        PackagingArtifacts.NeedProgram("lintian", "lintian");
        string[] debs = Directory.GetFiles(PackagingArtifacts.DebDirectory, "mosh-aot_*.deb");
        Assert.Equal(2, debs.Length);
        var (exit, stdout, stderr) = MoshPrograms.Run("lintian", ["--fail-on", "error", .. debs], TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, stdout + stderr);
        Assert.DoesNotContain("E: ", stdout);
    }

    internal static string Field(string deb, string name)
    {
        var (exit, stdout, stderr) = MoshPrograms.Run("dpkg-deb", ["--field", deb, name], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, stderr);
        return stdout.Trim();
    }
}
