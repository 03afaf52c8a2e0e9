using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class TerminfoTests
{
    [Fact]
    public void Xterm256ColorMatchesInfocmp()
    {
        TerminfoEntry? e = TerminfoDatabase.Load("xterm-256color");
        Assert.NotNull(e);
        Assert.StartsWith("xterm-256color|", e.Names);
        Assert.Equal(256, e.Colors);
        Assert.True(e.BackColorErase);
        Assert.True(e.HasEraseChars);
        Assert.Equal("\e[?1049h\e[22;0;0t", Encoding.ASCII.GetString(e.EnterCaMode));
        Assert.Equal("\e[?1049l\e[23;0;0t", Encoding.ASCII.GetString(e.ExitCaMode));
        Assert.Equal("\e[%p1%dX", Encoding.ASCII.GetString(e.GetString(TerminfoEntry.StringEraseChars)));
        Assert.Equal(80, e.GetNumber(TerminfoEntry.NumberColumns));
        Assert.Equal(24, e.GetNumber(TerminfoEntry.NumberLines));
    }

    [SkippableTheory]
    [InlineData("xterm-256color")]
    [InlineData("tmux-256color")]
    [InlineData("screen-256color")]
    [InlineData("linux")]
    public void ExtendedCapabilitiesAgreeWithInfocmp(string term)
    {
        // The user-defined capabilities the renderer asks for (smxx, Smulx, Setulc, Smol), as
        // `infocmp -x` lists them.
        TerminfoEntry? e = TerminfoDatabase.Load(term);
        Skip.If(e is null, $"no terminfo entry for {term}");
        var psi = new System.Diagnostics.ProcessStartInfo("infocmp", ["-x", "-1", term]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string listing = p.StandardOutput.ReadToEnd();
        p.WaitForExit(10_000);
        foreach (string name in (string[])["smxx", "Smulx", "Setulc", "Smol", "rmxx", "Ss"])
        {
            string? expected = null;
            foreach (string line in listing.Split('\n'))
            {
                string l = line.Trim().TrimEnd(',');
                if (l.StartsWith(name + "=", StringComparison.Ordinal))
                    expected = l[(name.Length + 1)..].Replace("\\E", "\e").Replace("\\072", ":");
            }
            string actual = Encoding.ASCII.GetString(e.GetExtendedString(name));
            if (expected is null)
                Assert.False(e.HasExtended(name), $"{term} {name}");
            else
                Assert.Equal(expected, actual);
        }
        Assert.Equal(listing.Contains("\tdim="), e.HasDim);
    }

    [SkippableTheory]
    [InlineData("xterm")]
    [InlineData("xterm-256color")]
    [InlineData("vt100")]
    [InlineData("dumb")]
    [InlineData("screen")]
    [InlineData("linux")]
    public void ColorsAgreeWithTput(string term)
    {
        TerminfoEntry? e = TerminfoDatabase.Load(term);
        Skip.If(e is null, $"no terminfo entry for {term} is installed here (Debian: ncurses-base / ncurses-term)");
        Skip.IfNot(File.Exists("/usr/bin/tput"), "/usr/bin/tput is missing (Debian: ncurses-bin)");
        var start = new ProcessStartInfo("/usr/bin/tput", ["-T", term, "colors"]) { RedirectStandardOutput = true };
        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        Assert.True(p.WaitForExit(10_000));
        Assert.Equal(output, e.Colors.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DumbHasNoColorsNoCaModeNoEch()
    {
        TerminfoEntry? e = TerminfoDatabase.Load("dumb");
        Assert.NotNull(e);
        Assert.Equal(-1, e.Colors);
        Assert.False(e.BackColorErase);
        Assert.False(e.HasEraseChars);
        Assert.True(e.EnterCaMode.IsEmpty);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SyntheticEntriesInBothNumberFormats(bool wide)
    {
        byte[] data = BuildEntry(wide, colors: wide ? 0x1000000 : 88);
        TerminfoEntry e = TerminfoEntry.Parse(data)!;
        Assert.Equal("test|synthetic", e.Names);
        Assert.Equal(wide ? 0x1000000 : 88, e.Colors);
        Assert.True(e.BackColorErase);
        Assert.Equal("\e[?47h", Encoding.ASCII.GetString(e.EnterCaMode));
        Assert.False(e.HasEraseChars);
        Assert.True(e.ExitCaMode.IsEmpty);
    }

    [Fact]
    public void TruncatedOrGarbageInputGivesNull()
    {
        byte[] good = BuildEntry(false, 8);
        for (int n = 0; n < good.Length - 1; n++)
        {
            TerminfoEntry.Parse(good[..n]); // must not throw
        }
        Assert.Null(TerminfoEntry.Parse(good[..(good.Length - 1)]));
        Assert.Null(TerminfoEntry.Parse(Encoding.ASCII.GetBytes("#!/bin/sh\necho not terminfo\n")));
        byte[] negative = (byte[])good.Clone();
        BinaryPrimitives.WriteInt16LittleEndian(negative.AsSpan(4), -5);
        Assert.Null(TerminfoEntry.Parse(negative));
    }

    [Fact]
    public void UnsafeNamesAreNotLookedUp()
    {
        Assert.Null(TerminfoDatabase.Locate("../x/xterm"));
        Assert.Null(TerminfoDatabase.Locate(""));
        Assert.Null(TerminfoDatabase.Locate(null));
        Assert.Null(TerminfoDatabase.Load("no-such-terminal-type"));
    }

    [Fact]
    public void LetterAndHashedDirectoryLayoutsAreFoundInOrder()
    {
        string first = Directory.CreateTempSubdirectory("mosh-ti").FullName;
        string second = Directory.CreateTempSubdirectory("mosh-ti").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(first, "7a"));
            File.WriteAllBytes(Path.Combine(first, "7a", "zz-term"), BuildEntry(false, 16)); // macOS-style hashed
            Directory.CreateDirectory(Path.Combine(second, "z"));
            File.WriteAllBytes(Path.Combine(second, "z", "zz-term"), BuildEntry(true, 99));
            Assert.Equal(Path.Combine(first, "7a", "zz-term"), TerminfoDatabase.Locate("zz-term", [first, second]));
            Assert.Equal(Path.Combine(second, "z", "zz-term"), TerminfoDatabase.Locate("zz-term", [second, first]));
            Assert.Null(TerminfoDatabase.Locate("zz-other", [first, second]));
        }
        finally
        {
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }

    [Fact]
    public void SystemDirectoriesComeLast()
    {
        List<string> dirs = TerminfoDatabase.SearchDirectories();
        Assert.Equal(["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"], dirs[^3..]);
    }

    private static byte[] BuildEntry(bool wide, int colors)
    {
        var names = Encoding.ASCII.GetBytes("test|synthetic\0"); // 15 bytes: odd, so a pad byte follows the booleans? (15 + 29 = 44, even)
        int boolCount = 29;
        int numberCount = 14;
        int stringCount = 41;
        byte[] table = Encoding.ASCII.GetBytes("\e[?47h\0");
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write((short)(wide ? 0x021E : 0x011A));
        w.Write((short)names.Length);
        w.Write((short)boolCount);
        w.Write((short)numberCount);
        w.Write((short)stringCount);
        w.Write((short)table.Length);
        w.Write(names);
        for (int i = 0; i < boolCount; i++)
        {
            w.Write((byte)(i == TerminfoEntry.BoolBackColorErase ? 1 : 0));
        }
        if ((names.Length + boolCount) % 2 == 1)
        {
            w.Write((byte)0);
        }
        for (int i = 0; i < numberCount; i++)
        {
            int v = i == TerminfoEntry.NumberColors ? colors : -1;
            if (wide) w.Write(v); else w.Write((short)v);
        }
        for (int i = 0; i < stringCount; i++)
        {
            w.Write((short)(i == TerminfoEntry.StringEnterCaMode ? 0 : i == TerminfoEntry.StringExitCaMode ? -2 : -1));
        }
        w.Write(table);
        return ms.ToArray();
    }
}
