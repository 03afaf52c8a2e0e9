using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// The linux-arm64 binary (`make publish-arm64`), run under qemu-user: its ARM AES path against
/// the RFC vectors and the portable path, and a real exchange with upstream's mosh-server.
/// </summary>
[Trait("Category", "Interop")]
public class Arm64BinaryTests
{
    [SkippableFact]
    public void ArmAesPathMatchesTheReferenceVectors()
    {
        var (exit, stdout, stderr) = MoshPrograms.Run(Arm64Emulation.Qemu, ["-L", Arm64Emulation.Sysroot, Arm64Emulation.Binary, "selftest-crypto"], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("ok   Arm", stdout);
        Assert.Contains("auto: Arm", stdout);
    }

    [SkippableFact]
    public void ArmBinaryTalksToUpstreamServer()
    {
        string binary = Arm64Emulation.Binary;
        using var server = MoshPrograms.StartServer(MoshPrograms.RequireUpstream(MoshPrograms.UpstreamServer), ["/bin/sh"]);
        var (exit, stdout, stderr) = MoshPrograms.Run(Arm64Emulation.Qemu, ["-L", Arm64Emulation.Sysroot, binary, "probe", "127.0.0.1", server.Port.ToString()],
            TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["MOSH_KEY"] = server.Key });
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("authenticated: yes", stdout);
        Assert.Contains("host bytes:", stdout);
    }
}
