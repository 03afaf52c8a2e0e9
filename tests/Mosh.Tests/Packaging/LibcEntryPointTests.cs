using System.Text.RegularExpressions;
using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>
/// Our P/Invokes are resolved when first called, so the binary's symbol versions do not show
/// them. This test links a C file that references every libc entry point the sources declare
/// against the glibc floor, with the same zig `make` links with: whatever glibc 2.27 lacks must be
/// one of the entry points the code falls back from. A blind spot: symbols that glibc 2.34 moved
/// into libc keep their old versions there, so zig lists them in libc for older glibc too;
/// openpty is one, and <c>Pty</c> falls back to libutil.so.1 for it.
/// </summary>
[Trait("Category", "Packaging")]
public partial class LibcEntryPointTests
{
    private const string GlibcFloor = "2.27";

    /// <summary>Newer than the floor, each with a fallback where it is called.</summary>
    private static readonly string[] WithFallback =
    [
        "posix_spawn_file_actions_addchdir_np",    // glibc 2.29: ChildProcess changes directory around the spawn
        "posix_spawn_file_actions_addclosefrom_np", // glibc 2.34: ChildProcess adds one close action per open descriptor
    ];

    [SkippableTheory]
    [InlineData("x86_64")]
    [InlineData("aarch64")]
    public void EveryLibcEntryPointExistsAtTheFloorOrHasAFallback(string architecture)
    {
        string zig = Environment.GetEnvironmentVariable("ZIG")
            ?? Path.Combine(MoshPrograms.RepositoryRoot, "build", "tools", "node_modules", "@ryoppippi", "zig-linux-x64", "zig");
        bool required = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MOSH_AOT_BINARY"));
        if (required)
            Assert.True(File.Exists(zig), $"{zig} is missing: make installs it (scripts/install-zig.sh)");
        else
            Skip.IfNot(File.Exists(zig), $"{zig} is missing: run scripts/install-zig.sh");

        string[] entryPoints = LibcEntryPoints();
        Assert.Contains("posix_spawn", entryPoints);
        string dir = Directory.CreateTempSubdirectory("mosh-libc-").FullName;
        try
        {
            string source = Path.Combine(dir, "references.c");
            File.WriteAllLines(source,
                entryPoints.Select(e => $"extern char {e}[];")
                    .Append("void *volatile used[] = {")
                    .Concat(entryPoints.Select(e => $"  {e},"))
                    .Append("};")
                    .Append("int main(void) { return used[0] == 0; }"));
            // The cache scripts/zig-cc uses: the C runtime pieces for the floor are built there already.
            string cache = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(zig)!, "..", "..", "..", "zig-cache"));
            var env = new Dictionary<string, string> { ["ZIG_GLOBAL_CACHE_DIR"] = cache, ["ZIG_LOCAL_CACHE_DIR"] = cache };
            var (exit, stdout, stderr) = MoshPrograms.Run(zig, ["cc", "-target", $"{architecture}-linux-gnu.{GlibcFloor}", source, "-o", Path.Combine(dir, "a.out")],
                TimeSpan.FromMinutes(5), env);
            string[] missing = UndefinedSymbol().Matches(stderr).Select(m => m.Groups[1].Value).Distinct().Order().ToArray();
            Assert.True(missing.SequenceEqual(WithFallback.Order()),
                $"missing from glibc {GlibcFloor} ({architecture}): {string.Join(", ", missing)}; expected exactly: {string.Join(", ", WithFallback)}\n{stdout}{stderr}");
            Assert.NotEqual(0, exit);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every EntryPoint of a LibraryImport of "libc" (LibC.cs calls it Lib) in src/.</summary>
    private static string[] LibcEntryPoints()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(MoshPrograms.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            foreach (Match m in LibcImport().Matches(File.ReadAllText(file)))
                names.Add(m.Groups[1].Value);
        }
        return [.. names];
    }

    [GeneratedRegex(@"LibraryImport\((?:Lib|""libc"")\s*,\s*EntryPoint\s*=\s*""(\w+)""")]
    private static partial Regex LibcImport();

    [GeneratedRegex(@"undefined symbol: (\w+)")]
    private static partial Regex UndefinedSymbol();
}
