using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>
/// Where `make deb` and `make dist` put their output, and the tools the packaging tests use.
/// `make test` names the folders (MOSH_AOT_DEB_DIR, MOSH_AOT_DIST_DIR), and then what is missing
/// fails the test; otherwise build/deb and build/dist are looked at, and what is missing skips it.
/// </summary>
internal static class PackagingArtifacts
{
    public static string DebDirectory => Directory("MOSH_AOT_DEB_DIR", "deb", "make deb");

    public static string DistDirectory => Directory("MOSH_AOT_DIST_DIR", "dist", "make dist");

    /// <summary>True when `make test` runs us: then every tool the packaging tests need must be there.</summary>
    public static bool Required => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MOSH_AOT_BINARY"));

    /// <summary>The one file in <paramref name="directory"/> matching <paramref name="pattern"/>.</summary>
    public static string Single(string directory, string pattern)
    {
        string[] found = System.IO.Directory.GetFiles(directory, pattern);
        Assert.True(found.Length == 1, $"expected one {pattern} in {directory}, found {found.Length}");
        return found[0];
    }

    /// <summary>Fails (under make test) or skips when <paramref name="program"/> is not installed.</summary>
    public static void NeedProgram(string program, string package)
    {
        bool present = new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin" }.Any(d => File.Exists(Path.Combine(d, program)));
        string why = $"{program} is missing: scripts/install-deps.sh installs {package}";
        if (Required) Assert.True(present, why);
        else Skip.IfNot(present, why);
    }

    private static string Directory(string variable, string name, string target)
    {
        string? env = Environment.GetEnvironmentVariable(variable);
        bool required = !string.IsNullOrEmpty(env);
        string path = required ? env! : Path.Combine(MoshPrograms.RepositoryRoot, "build", name);
        string why = $"{path} is missing: run `{target}` (make test does and sets {variable})";
        if (required) Assert.True(System.IO.Directory.Exists(path), why);
        else Skip.IfNot(System.IO.Directory.Exists(path), why);
        return path;
    }
}
