using Mosh.Posix;

namespace Mosh.Tests.Posix;

public class UtmpTests
{
    private const string Utmpdump = "/usr/bin/utmpdump";

    [Fact]
    public void LoginThenLogoutRecordsInAPrivateFile()
    {
        WithPrivateFiles((utmp, wtmp) =>
        {
            Assert.True(Utmp.Login("/dev/pts/77", Utmp.DetachedHost(4242), 4242, "someone"));
            Assert.Equal("mosh [4242]", Utmp.FindHost("/dev/pts/77", out short type, out int pid));
            Assert.Equal(7, type);
            Assert.Equal(4242, pid);
            Assert.Equal(384, new FileInfo(utmp).Length);

            Assert.True(Utmp.Login("/dev/pts/77", Utmp.AttachedHost("10.0.0.9", 4242), 4242, "someone"));
            Assert.Equal("10.0.0.9 via mosh [4242]", Utmp.FindHost("pts/77", out _, out _));
            Assert.Equal(384, new FileInfo(utmp).Length); // same line: updated in place

            Assert.True(Utmp.Logout("/dev/pts/77", 4242));
            Assert.Null(Utmp.FindHost("pts/77", out _, out _)); // getutxline only sees live entries
            Assert.Equal(384, new FileInfo(utmp).Length);
            Assert.Equal(3 * 384, new FileInfo(wtmp).Length);
        });
    }

    /// <summary>Cross-checks our record layout with util-linux's reader.</summary>
    [SkippableFact]
    public void UtmpdumpReadsTheRecordWeWrite()
    {
        Skip.IfNot(File.Exists(Utmpdump), $"{Utmpdump} is missing (Debian: util-linux)");
        WithPrivateFiles((utmp, _) =>
        {
            Assert.True(Utmp.Login("/dev/pts/77", Utmp.DetachedHost(4242), 4242, "someone"));
            AssertUtmpdumpSees(utmp, "[7] [04242] [s/77] [someone", "[pts/77", "[mosh ?4242?"); // utmpdump shows brackets inside fields as ?
        });
    }

    /// <summary>Points utmp and wtmp at empty files in a fresh directory for the duration of <paramref name="body"/>.</summary>
    private static void WithPrivateFiles(Action<string, string> body)
    {
        string dir = Directory.CreateTempSubdirectory("mosh-utmp").FullName;
        string utmp = Path.Combine(dir, "utmp");
        string wtmp = Path.Combine(dir, "wtmp");
        File.WriteAllBytes(utmp, []);
        File.WriteAllBytes(wtmp, []);
        try
        {
            Assert.True(Utmp.UseFiles(utmp, wtmp));
            body(utmp, wtmp);
        }
        finally
        {
            Utmp.UseFiles(null, null);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertUtmpdumpSees(string file, params string[] fragments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Utmpdump, [file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(10_000));
        foreach (string f in fragments)
        {
            Assert.True(output.Contains(f, StringComparison.Ordinal), output);
        }
        Assert.Contains("[" + DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-", output);
    }
}
