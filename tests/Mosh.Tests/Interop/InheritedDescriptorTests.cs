using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// sshd can leave descriptors without close-on-exec to the programs it starts. Whatever our
/// mosh-server inherits that way must reach neither its daemon (a held ssh pipe keeps ssh from
/// returning) nor the user's shell.
/// </summary>
[Trait("Category", "Interop")]
public class InheritedDescriptorTests
{
    [Fact]
    public void DescriptorsWithoutCloseOnExecReachNeitherTheDaemonNorTheShell()
    {
        string dir = Directory.CreateTempSubdirectory("mosh-fds-").FullName;
        try
        {
            string marker = Path.Combine(dir, "inherited-from-sshd");
            string report = Path.Combine(dir, "shell-fds");
            File.WriteAllText(marker, "x");
            // sh opens fd 7 on the marker without close-on-exec, then becomes mosh-server.
            var launch = new MoshPrograms.Invocation("/bin/sh", ["-c", "exec 7<\"$0\"; exec \"$@\"", marker, MoshPrograms.OurServer]);
            // The session's program reports its pid, then becomes sleep with the descriptors it got.
            string[] program = ["/bin/sh", "-c", "echo $$ > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"; exec sleep 60", report];
            using var server = MoshPrograms.StartServer(launch, program);

            string daemonFds = string.Join('\n', Directory.GetFiles($"/proc/{server.Pid}/fd").Select(f => new FileInfo(f).LinkTarget));
            Assert.DoesNotContain(marker, daemonFds);

            // The program starts when the first client state arrives; a probe is such a client.
            var (exit, stdout, stderr) = MoshPrograms.Run(MoshPrograms.RequireOurBinary(), ["probe", "127.0.0.1", server.Port.ToString()],
                TimeSpan.FromSeconds(30), new Dictionary<string, string> { ["MOSH_KEY"] = server.Key });
            Assert.True(exit == 0, stdout + stderr);
            Assert.True(MoshSession.WaitUntil(() => File.Exists(report), TimeSpan.FromSeconds(10)), "the session's program did not run");

            int shell = int.Parse(File.ReadAllText(report).Trim());
            Assert.True(MoshSession.WaitUntil(() => File.ReadAllText($"/proc/{shell}/comm").Trim() == "sleep", TimeSpan.FromSeconds(10)));
            var fds = Directory.GetFiles($"/proc/{shell}/fd").ToDictionary(f => int.Parse(Path.GetFileName(f)), f => new FileInfo(f).LinkTarget);
            string listing = string.Join('\n', fds.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} -> {kv.Value}"));
            Assert.DoesNotContain(marker, listing);
            Assert.True(fds.Keys.Order().SequenceEqual([0, 1, 2]), listing);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
