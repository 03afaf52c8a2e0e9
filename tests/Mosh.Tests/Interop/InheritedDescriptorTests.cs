using Mosh.Crypto;
using MoshAot.Probe;
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
            // The session's program writes down the descriptors it got (the probe ends the session
            // right after its exchange, so they are recorded by the program itself).
            string[] program = ["/bin/sh", "-c", "ls -l /proc/$$/fd > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"; exec sleep 60", report];
            using var server = MoshPrograms.StartServer(launch, program);

            string daemonFds = string.Join('\n', Directory.GetFiles($"/proc/{server.Pid}/fd").Select(f => new FileInfo(f).LinkTarget));
            Assert.DoesNotContain(marker, daemonFds);

            // The program starts when the first client state arrives; the probe's exchange is such a
            // client (this server is fresh: no client has used its key).
            Assert.True(SessionKey.TryParse(server.Key, out SessionKey? key, out _));
            ProbeResult probe = ProbeExchange.Run("127.0.0.1", server.Port, key!, TimeSpan.FromSeconds(30));
            Assert.Equal(ProbeOutcome.Authentic, probe.Outcome);
            Assert.True(MoshSession.WaitUntil(() => File.Exists(report), TimeSpan.FromSeconds(10)), "the session's program did not run");

            string listing = File.ReadAllText(report).Trim();
            // `ls -l` runs as the shell's child; the redirect is its own, so the shell's table is as given.
            int[] fds = listing.Split('\n').Where(line => line.Contains(" -> "))
                .Select(line => int.Parse(line[..line.IndexOf(" -> ", StringComparison.Ordinal)].Split(' ')[^1])).Order().ToArray();
            Assert.DoesNotContain(marker, listing);
            // The listing shell adds its own (stdout saved as 10, the redirect as 1); fd 7 must not be there.
            Assert.DoesNotContain(7, fds);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
