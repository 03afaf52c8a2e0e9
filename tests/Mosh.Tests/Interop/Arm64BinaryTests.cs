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
        Assert.Contains("ok   Portable (constant-time, bitsliced)", stdout); // the bitsliced path's shuffles on ARM64
        Assert.Contains("sessions use: Arm", stdout);
    }

    [SkippableFact]
    public void ArmBinaryTalksToUpstreamServer()
    {
        string binary = Arm64Emulation.Binary;
        string server = MoshPrograms.RequireUpstream(MoshPrograms.UpstreamServer);
        var (exit, stdout, stderr) = MoshPrograms.Run(Arm64Emulation.Qemu,
            ["-L", Arm64Emulation.Sysroot, binary, "probe", "127.0.0.1", "--", server, "new", "-i", "127.0.0.1", "-p", "0", "--", "/bin/sh"],
            TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["LC_ALL"] = "C.UTF-8" });
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("authenticated: yes", stdout);
        Assert.Contains("host bytes:", stdout);
        Assert.Contains("server shut down: yes", stdout);
    }
}
