using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>`make install` and `make uninstall` into a staging root (DESTDIR), with the binary already built.</summary>
[Trait("Category", "Packaging")]
public class MakeInstallTests
{
    private static readonly string[] Installed =
    [
        "usr/bin/mosh-aot", "usr/bin/mosh", "usr/bin/mosh-server", "usr/bin/mosh-client",
        "usr/share/man/man1/mosh.1", "usr/share/man/man1/mosh-server.1", "usr/share/man/man1/mosh-client.1",
        "usr/share/man/man1/mosh-aot.1", "usr/share/bash-completion/completions/mosh",
    ];

    [SkippableFact]
    public void InstallPutsEverythingInPlaceAndUninstallTakesOnlyOursAway()
    {
        string binary = MoshPrograms.RequireOurBinary();
        PackagingArtifacts.NeedProgram("make", "make");
        string root = Directory.CreateTempSubdirectory("mosh-install-").FullName;
        try
        {
            Make("install", root);
            foreach (string path in Installed)
                Assert.True(File.Exists(Path.Combine(root, path)), path);
            Assert.Equal(File.ReadAllBytes(binary), File.ReadAllBytes(Path.Combine(root, "usr/bin/mosh-aot")));
            Assert.Equal("mosh-aot", new FileInfo(Path.Combine(root, "usr/bin/mosh-server")).LinkTarget);
            Assert.StartsWith("mosh-server (mosh-aot 1.4.0)",
                MoshPrograms.Run(Path.Combine(root, "usr/bin/mosh-server"), ["--version"], TimeSpan.FromSeconds(10)).Stdout);

            // A mosh that is not our link (say, another implementation's) survives uninstall.
            string foreign = Path.Combine(root, "usr/bin/mosh");
            File.Delete(foreign);
            File.WriteAllText(foreign, "#!/bin/sh\n");
            Make("uninstall", root);
            Assert.True(File.Exists(foreign));
            foreach (string path in Installed.Where(p => p != "usr/bin/mosh"))
                Assert.False(File.Exists(Path.Combine(root, path)) || new FileInfo(Path.Combine(root, path)).LinkTarget is not null, path);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Runs a make target against the binary already built (make's build step is not run again).</summary>
    private static void Make(string target, string destDir)
    {
        var (exit, stdout, stderr) = MoshPrograms.Run("make",
            ["-C", MoshPrograms.RepositoryRoot, "-o", "build", "-o", "toolchain", target, $"DESTDIR={destDir}", "PREFIX=/usr",
             $"BUILD={Path.GetDirectoryName(MoshPrograms.RequireOurBinary())}"],
            TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, stdout + stderr);
    }
}
