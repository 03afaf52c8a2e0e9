using System.Text.RegularExpressions;
using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>
/// What the shipped binaries ask of the machine they land on (README, "Requirements"): no glibc
/// symbol version newer than the floor, only glibc's own libraries, and at most 5 MB each. Both
/// architectures; readelf reads either.
/// </summary>
[Trait("Category", "Packaging")]
public partial class BinaryPortabilityTests
{
    /// <summary>The oldest glibc the README promises (the Makefile's GLIBC_FLOOR).</summary>
    private static readonly Version GlibcFloor = new(2, 27);

    private const long MaxBytes = 5L * 1024 * 1024;

    /// <summary>The libraries every glibc system has; anything else (libstdc++, libz, libssl…) may be missing.</summary>
    private static readonly string[] GlibcLibraries =
        ["libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"];

    [SkippableTheory]
    [InlineData("x64")]
    [InlineData("arm64")]
    public void NeedsNoGlibcNewerThanTheFloor(string architecture)
    {
        string dump = ReadElf(Binary(architecture), "--version-info");
        Version[] needed = GlibcVersion().Matches(dump).Select(m => Version.Parse(m.Groups[1].Value)).Distinct().Order().ToArray();
        Assert.NotEmpty(needed);
        Assert.True(needed[^1] <= GlibcFloor, $"{architecture} needs GLIBC_{needed[^1]}, newer than the floor {GlibcFloor}:\n{dump}");
    }

    [SkippableTheory]
    [InlineData("x64")]
    [InlineData("arm64")]
    public void LinksOnlyGlibcLibraries(string architecture)
    {
        string dump = ReadElf(Binary(architecture), "--dynamic");
        string[] needed = NeededLibrary().Matches(dump).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains("libc.so.6", needed);
        Assert.All(needed, library => Assert.Contains(library, GlibcLibraries));
    }

    [SkippableTheory]
    [InlineData("x64")]
    [InlineData("arm64")]
    public void IsAtMostFiveMegabytes(string architecture)
    {
        long size = new FileInfo(Binary(architecture)).Length;
        Assert.True(size <= MaxBytes, $"{architecture}: {size} bytes");
    }

    private static string Binary(string architecture) =>
        architecture == "arm64" ? Arm64Emulation.Binary : MoshPrograms.RequireOurBinary();

    private static string ReadElf(string binary, string what)
    {
        var (exit, stdout, stderr) = MoshPrograms.Run("readelf", [what, "--wide", binary], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, stderr);
        return stdout;
    }

    [GeneratedRegex(@"Name: GLIBC_([0-9]+\.[0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex GlibcVersion();

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial Regex NeededLibrary();
}
