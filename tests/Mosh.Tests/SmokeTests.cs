namespace Mosh.Tests;

public class RoleDispatchTests
{
    [Fact]
    public void UnknownSubcommandFails()
    {
        Assert.Equal(1, MoshAot.Program.Run("mosh-aot", ["no-such-command"]));
    }

    [Fact]
    public void VersionSucceeds()
    {
        Assert.Equal(0, MoshAot.Program.Run("mosh-aot", ["--version"]));
    }
}
