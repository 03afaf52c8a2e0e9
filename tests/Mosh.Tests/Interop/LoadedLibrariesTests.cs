using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// The server's daemon and the client map no library they do not need. OpenSSL in particular
/// (which .NET's System.Security.Cryptography loads on Linux, e.g. for RandomNumberGenerator)
/// would add about 3.6 MB of resident memory to every session for nothing: our crypto and our
/// random numbers are our own.
/// </summary>
[Trait("Category", "Interop")]
public class LoadedLibrariesTests
{
    [Fact]
    public void TheServerDaemonDoesNotLoadOpenSsl()
    {
        using MoshPrograms.ServerInfo info = MoshPrograms.StartServer(MoshPrograms.OurServer, ["/bin/sh", "-c", "exec sleep 30"]);
        string maps = File.ReadAllText($"/proc/{info.Pid}/maps");
        Assert.Contains("mosh-aot", maps);
        Assert.DoesNotContain("libcrypto", maps);
        Assert.DoesNotContain("libssl", maps);
    }

    [SkippableFact]
    public void TheClientDoesNotLoadOpenSsl()
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        using MoshPrograms.ServerInfo info = MoshPrograms.StartServer(MoshPrograms.OurServer, ["/bin/sh", "-c", "echo ready; exec sleep 30"]);
        var env = new Dictionary<string, string> { ["MOSH_KEY"] = info.Key, ["LANG"] = "C.UTF-8" };
        using var tmux = TmuxSession.Start($"{MoshPrograms.OurClient} 127.0.0.1 {info.Port}", 80, 24, env);
        Assert.True(tmux.WaitForText("ready", TimeSpan.FromSeconds(15), out string screen), screen);
        string pid = tmux.Run("display-message", "-p", "-t", "main", "#{pane_pid}").Trim();
        string maps = File.ReadAllText($"/proc/{pid}/maps");
        Assert.Contains("mosh-aot", maps);
        Assert.DoesNotContain("libcrypto", maps);
        Assert.DoesNotContain("libssl", maps);
    }
}
