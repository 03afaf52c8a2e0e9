using Mosh.Crypto;
using Mosh.Tests.Support;
using MoshAot.Probe;

namespace Mosh.Tests.Frontend;

/// <summary>
/// A JIT (framework-dependent) build of mosh-aot started through its apphost sees "mosh-aot.dll"
/// as argv[0], whatever it was called as. Its server must still reach the daemon it re-executes:
/// make bench counts that daemon's GCs and allocations over EventPipe.
/// </summary>
public class JitServerDaemonTests
{
    [SkippableFact]
    public void JitBuildServerDaemonAnswersAClient()
    {
        // The test project references mosh-aot, so its JIT build and apphost sit beside the tests.
        string apphost = Path.Combine(AppContext.BaseDirectory, "mosh-aot");
        Skip.IfNot(File.Exists(apphost), "no mosh-aot apphost beside the tests");

        using var server = MoshPrograms.StartServer(apphost, ["/bin/sh"], subcommand: ["server"]);
        // A fresh server no client has used: the probe's exchange may use its key (protocol §1.4).
        Assert.True(SessionKey.TryParse(server.Key, out SessionKey? key, out _));
        ProbeResult r = ProbeExchange.Run("127.0.0.1", server.Port, key!, TimeSpan.FromSeconds(10));

        Assert.Equal(ProbeOutcome.Authentic, r.Outcome);
        Assert.Equal("mosh-server", File.ReadAllText($"/proc/{server.Pid}/comm").Trim());
    }
}
