using System.Text.RegularExpressions;
using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// No core file can hold a session key: started with an unlimited soft core-file limit, the
/// client and the server daemon run with 0, while the session's shell gets the user's limit back
/// (upstream: Crypto::disable_dumping_core first thing, reenable_dumping_core before the exec).
/// Read from /proc/&lt;pid&gt;/limits of the running programs, ours beside upstream's.
/// </summary>
[Trait("Category", "Interop")]
public partial class CoreDumpLimitTests
{
    public static TheoryData<Impl> Implementations => new() { Impl.Ours, Impl.Upstream };

    private const string Unlimited = "ulimit -S -c unlimited || exit 97; ";

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void ClientAndServerDumpNoCoreButTheShellKeepsTheUsersLimit(Impl impl)
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        string server = MoshSession.ServerPath(impl);
        string client = MoshSession.ClientPath(impl);

        var (exit, stdout, stderr) = MoshPrograms.Run("/bin/sh",
            ["-c", Unlimited + "exec \"$0\" \"$@\"", server, "new", "-i", "127.0.0.1", "-p", "0", "--", .. MoshSession.ShellCommand],
            TimeSpan.FromSeconds(15), new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["PS1"] = "mosh$ " });
        Skip.If(exit == 97, "the hard core-file limit here does not allow an unlimited soft limit");
        Match connect = ConnectLine().Match(stdout);
        Match pid = PidLine().Match(stderr);
        Assert.True(exit == 0 && connect.Success && pid.Success, stdout + stderr);
        int daemon = int.Parse(pid.Groups[1].Value);
        try
        {
            string port = connect.Groups[1].Value;
            var env = new Dictionary<string, string> { ["MOSH_KEY"] = connect.Groups[2].Value, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" };
            using var tmux = TmuxSession.Start(Unlimited + $"exec {client} 127.0.0.1 {port}", env: env);
            Assert.True(tmux.WaitForText("mosh$", TimeSpan.FromSeconds(15), out string screen), screen);

            int clientPid = Assert.Single(MoshSession.ProcessesMentioning($" 127.0.0.1 {port}"),
                p => File.ReadAllText($"/proc/{p}/comm").Trim() == "mosh-client");
            int shell = Assert.Single(ChildrenOf(daemon));

            Assert.Equal("0", SoftCoreLimit(clientPid));
            Assert.Equal("0", SoftCoreLimit(daemon));
            Assert.Equal("unlimited", SoftCoreLimit(shell));
        }
        finally
        {
            MoshPrograms.Run("kill", ["-KILL", daemon.ToString()], TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>The soft "Max core file size" of a running process.</summary>
    internal static string SoftCoreLimit(int pid)
    {
        foreach (string line in File.ReadAllLines($"/proc/{pid}/limits"))
            if (line.StartsWith("Max core file size", StringComparison.Ordinal))
                return line["Max core file size".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        throw new InvalidOperationException($"no core limit in /proc/{pid}/limits");
    }

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[1]) == parent) children.Add(pid);
            }
            catch (IOException) { }
        }
        return children;
    }

    [GeneratedRegex(@"^MOSH CONNECT (\d+) ([A-Za-z0-9/+]{22})\s*$", RegexOptions.Multiline)]
    private static partial Regex ConnectLine();

    [GeneratedRegex(@"detached, pid = (\d+)")]
    private static partial Regex PidLine();
}
