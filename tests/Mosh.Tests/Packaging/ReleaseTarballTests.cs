using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>The release tarballs `make dist` builds, and their checksums.</summary>
[Trait("Category", "Packaging")]
public class ReleaseTarballTests
{
    [SkippableFact]
    public void ChecksumsMatchBothTarballs()
    {
        string dist = PackagingArtifacts.DistDirectory;
        string sums = File.ReadAllText(Path.Combine(dist, "SHA256SUMS"));
        foreach (string arch in new[] { "x64", "arm64" })
            Assert.Contains($"  mosh-aot-1.4.0-linux-{arch}.tar.gz\n", sums);
        var psi = new System.Diagnostics.ProcessStartInfo("sha256sum", ["--check", "--strict", "SHA256SUMS"])
        {
            WorkingDirectory = dist,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000) && p.ExitCode == 0, output);
    }

    [SkippableTheory]
    [InlineData("x64")]
    [InlineData("arm64")]
    public void HoldsTheBinaryLinksManPagesReadmeAndLicence(string arch)
    {
        string tarball = Path.Combine(PackagingArtifacts.DistDirectory, $"mosh-aot-1.4.0-linux-{arch}.tar.gz");
        string dir = Directory.CreateTempSubdirectory("mosh-dist-").FullName;
        try
        {
            var (exit, _, stderr) = MoshPrograms.Run("tar", ["-xzf", tarball, "-C", dir], TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, stderr);
            string top = Path.Combine(dir, $"mosh-aot-1.4.0-linux-{arch}");
            string binary = Path.Combine(top, "bin", "mosh-aot");
            Assert.True(File.Exists(binary));
            Assert.True(OperatingSystem.IsWindows() || (File.GetUnixFileMode(binary) & UnixFileMode.UserExecute) != 0);
            foreach (string link in new[] { "mosh", "mosh-server", "mosh-client" })
                Assert.Equal("mosh-aot", new FileInfo(Path.Combine(top, "bin", link)).LinkTarget);
            foreach (string page in new[] { "mosh", "mosh-server", "mosh-client", "mosh-aot" })
                Assert.True(File.Exists(Path.Combine(top, "share", "man", "man1", page + ".1")), page);
            Assert.True(File.Exists(Path.Combine(top, "share", "bash-completion", "completions", "mosh")));
            Assert.Equal(File.ReadAllText(Path.Combine(MoshPrograms.RepositoryRoot, "LICENSE")), File.ReadAllText(Path.Combine(top, "LICENSE")));
            Assert.True(File.Exists(Path.Combine(top, "README.md")));
            if (arch == "x64")
            {
                // Unpacked anywhere, the links work: the binary picks its role from the name.
                var version = MoshPrograms.Run(Path.Combine(top, "bin", "mosh-client"), ["--version"], TimeSpan.FromSeconds(10));
                Assert.StartsWith("mosh-client (mosh-aot 1.4.0)", version.Stdout);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
