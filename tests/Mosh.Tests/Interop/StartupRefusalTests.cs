using System.Text;
using Mosh.Posix;
using Mosh.Tests.Posix;
using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// Environments in which upstream's programs refuse to start — a terminal type terminfo does not
/// know, an empty or missing TERM, a hardcopy or generic entry, a locale whose character set is
/// not UTF-8, a locale that is not installed — must get the same words, the same `locale`
/// listing and the same exit status from ours. The client runs on a real pty, so anything it
/// wrote to the terminal (a session started regardless, terminal set-up sequences) shows up in
/// the transcript compared byte for byte.
/// </summary>
[Trait("Category", "Interop")]
public class StartupRefusalTests
{
    /// <summary>Entries compiled for the test: a hardcopy one, a generic one, and a "generic" one that can address the cursor.</summary>
    private const string TestEntries =
        "hardc|hardcopy test,\n\thc, cols#80,\n" +
        "genr|generic test,\n\tgn, cols#80,\n" +
        "notgen|not really generic,\n\tgn, cup=\\E[%i%p1%d;%p2%dH, clear=\\E[H\\E[2J,\n";

    public static TheoryData<string> ClientEnvironments => new()
    {
        "TERM=unknown-term",
        "TERM=",
        "",                                  // TERM unset
        "TERM=hardc",
        "TERM=genr",
        "TERM=notgen",
        "TERM=xterm LANG=C",
        "TERM=xterm LC_ALL= LANG=C",
        "TERM=xterm LANG=xx_YY.UTF-8",       // not installed: the setlocale warning, then the refusal
        "TERM=unknown-term LANG=C",          // the terminal type is checked first
    };

    [SkippableTheory]
    [MemberData(nameof(ClientEnvironments))]
    public void ClientRefusesAsUpstreamDoes(string assignments)
    {
        Skip.IfNot(MoshPrograms.UpstreamInstalled, "upstream mosh is not installed (apt-get install mosh)");
        string terminfo = CompileTestEntries();
        (string terminal, string stderr) ours = RunClientOnPty(MoshPrograms.OurClient, assignments, terminfo);
        (string terminal, string stderr) upstream = RunClientOnPty(MoshPrograms.UpstreamClient, assignments, terminfo);
        Assert.Contains("status=1", upstream.terminal);
        Assert.Equal(upstream.stderr, ours.stderr);
        Assert.Equal(upstream.terminal, ours.terminal);
    }

    public static TheoryData<string, string> ServerEnvironments => new()
    {
        { "LANG=C", "" },
        { "LANG=C", "-l LANG=C" },
        { "LANG=xx_YY.UTF-8", "-l LC_ALL=yy.UTF-8" },
        { "LC_CTYPE=C", "-l LC_ALL=" },
    };

    [SkippableTheory]
    [MemberData(nameof(ServerEnvironments))]
    public void ServerRefusesAsUpstreamDoes(string assignments, string localeOptions)
    {
        Skip.IfNot(MoshPrograms.UpstreamInstalled, "upstream mosh is not installed (apt-get install mosh)");
        var ours = RunServer(MoshPrograms.OurServer, assignments, localeOptions);
        var upstream = RunServer(MoshPrograms.UpstreamServer, assignments, localeOptions);
        Assert.Equal(1, upstream.Exit);
        Assert.Contains("LC_CTYPE=", upstream.Stdout); // the locale listing
        Assert.Equal(upstream, ours);
    }

    private static (int Exit, string Stdout, string Stderr) RunServer(string server, string assignments, string localeOptions)
    {
        string script = $"exec env -i PATH=/usr/bin:/bin {assignments} {server} new -i 127.0.0.1 -p 0 {localeOptions} -- /bin/true";
        return MoshPrograms.Run("/bin/sh", ["-c", script], TimeSpan.FromSeconds(15));
    }

    /// <summary>Runs the client on a fresh pty with stderr to a file; returns what the terminal showed and what went to stderr.</summary>
    private static (string Terminal, string Stderr) RunClientOnPty(string client, string assignments, string terminfo)
    {
        string errFile = Path.Combine(Path.GetTempPath(), $"moshaot-refusal-{Environment.ProcessId}-{Guid.NewGuid():N}.err");
        try
        {
            // A port nobody listens on: a client that started anyway would only wait there, then time out.
            string script = $"env -i PATH=/usr/bin:/bin TERMINFO={terminfo} MOSH_KEY=AAAAAAAAAAAAAAAAAAAAAA LANG=C.UTF-8 {assignments} "
                + $"timeout 5 {client} 127.0.0.1 9 2>{errFile}; echo status=$?";
            (PtyPair pty, int pid) = PtyTestSupport.SpawnShell(script);
            try
            {
                // Everything until the shell exits and the pty reports end of file.
                string terminal = PtyTestSupport.ReadUntil(pty.Master, "\0never", timeout: TimeSpan.FromSeconds(15));
                return (terminal, File.ReadAllText(errFile, Encoding.UTF8));
            }
            finally
            {
                PtyTestSupport.Reap(pid);
                FileDescriptor.Close(pty.Master);
            }
        }
        finally
        {
            File.Delete(errFile);
        }
    }

    private static string CompileTestEntries()
    {
        Skip.IfNot(File.Exists("/usr/bin/tic"), "/usr/bin/tic is missing (Debian: ncurses-bin)");
        string dir = Path.Combine(Path.GetTempPath(), $"moshaot-terminfo-{Environment.ProcessId}");
        if (Directory.Exists(Path.Combine(dir, "n"))) return dir;
        Directory.CreateDirectory(dir);
        string source = Path.Combine(dir, "entries.src");
        File.WriteAllText(source, TestEntries);
        var (exit, _, stderr) = MoshPrograms.Run("/usr/bin/tic", ["-o", dir, source], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, "tic failed: " + stderr);
        return dir;
    }
}
