using System.Runtime.InteropServices;
using Mosh.Terminal.Unicode;

namespace Mosh.Tests.Terminal.Unicode;

public class CharWidthTests
{
    [Theory]
    [InlineData(0x1FAE8, -1)] // unassigned in Unicode 14 (assigned in 15)
    [InlineData(0x1F600, 2)]
    [InlineData(0x231A, 2)]
    [InlineData(0x0300, 0)]
    [InlineData(0x200B, 0)]
    [InlineData(0xFE0F, 0)]
    [InlineData(0x1F1E6, 1)]
    [InlineData(0xE000, 1)]
    [InlineData(0x00AD, 1)]
    [InlineData(0x4E2D, 2)]
    [InlineData(0x0041, 1)]
    [InlineData(0x00E9, 1)]
    public void SpecExamples(int codePoint, int expected)
    {
        Assert.Equal(expected, CharWidth.Of(codePoint));
    }

    [Theory]
    [InlineData(0x00)]      // NUL: upstream's print treats it as unprintable
    [InlineData(0x07)]
    [InlineData(0x1B)]
    [InlineData(0x7F)]
    [InlineData(0x85)]
    [InlineData(0x9F)]
    [InlineData(0xD800)]
    [InlineData(0xDFFF)]
    [InlineData(0x110000)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void UnprintableIsMinusOne(int codePoint)
    {
        Assert.Equal(-1, CharWidth.Of(codePoint));
    }

    [Fact]
    public void ForcedRangesAreWidthOne()
    {
        for (int cp = 0x20; cp <= 0x7E; cp++)
            Assert.Equal(1, CharWidth.Of(cp));
        for (int cp = 0xA0; cp <= 0xFF; cp++)
            Assert.Equal(1, CharWidth.Of(cp));
    }

    /// <summary>
    /// Every code point against the C library of this machine. Only meaningful on glibc 2.36
    /// (Debian 12, Unicode 14), which the table reproduces; elsewhere the comparison means
    /// nothing, so the test is skipped.
    /// </summary>
    [SkippableFact]
    public void EqualsGlibc236WcwidthForEveryCodePoint()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "needs glibc 2.36's wcwidth (Linux)");
        string? glibc = LibC.GlibcVersion();
        Skip.If(glibc != "2.36", $"the width table reproduces glibc 2.36 (Unicode 14); this machine has {(glibc is null ? "no glibc" : "glibc " + glibc)}");
        Assert.NotEqual(IntPtr.Zero, LibC.setlocale(LibC.LC_ALL, "C.UTF-8"));

        int mismatches = 0;
        string first = "";
        for (int cp = 1; cp <= 0x10FFFF; cp++)
        {
            if ((uint)(cp - 0x20) <= 0x7E - 0x20 || (uint)(cp - 0xA0) <= 0xFF - 0xA0)
                continue;
            int expected = LibC.wcwidth(cp);
            int actual = CharWidth.Of(cp);
            if (expected != actual && mismatches++ == 0)
                first = $"U+{cp:X4}: libc {expected}, ours {actual}";
        }
        Assert.True(mismatches == 0, $"{mismatches} mismatches, first {first}");
    }

    private static class LibC
    {
        public const int LC_ALL = 6;

        [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false)]
        public static extern IntPtr setlocale(int category, string locale);

        [DllImport("libc")]
        public static extern int wcwidth(int wc);

        [DllImport("libc")]
        private static extern IntPtr gnu_get_libc_version();

        public static string? GlibcVersion()
        {
            try
            {
                return Marshal.PtrToStringAnsi(gnu_get_libc_version());
            }
            catch (EntryPointNotFoundException)
            {
                return null;
            }
        }
    }
}
