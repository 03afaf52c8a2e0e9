using MoshAot.Client;

namespace Mosh.Tests.Frontend;

public class ClientOptionsTests
{
    private static (ClientOptions? Options, ClientOptions.Action Action, int Exit, string Err) Parse(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var options = ClientOptions.Parse("mosh-client", args, stdout, stderr, out var action, out int exit);
        return (options, action, exit, stderr.ToString());
    }

    [Fact]
    public void IpAndPort()
    {
        var r = Parse("127.0.0.1", "60001");
        Assert.Equal(ClientOptions.Action.Connect, r.Action);
        Assert.Equal("127.0.0.1", r.Options!.Ip);
        Assert.Equal(60001, r.Options.Port);
    }

    [Fact]
    public void TheLaunchersCommandLineArgumentIsIgnored()
    {
        var r = Parse("-#", "--local -p 61260 127.0.0.1 -- /bin/bash |", "127.0.0.1", "61260");
        Assert.Equal(61260, r.Options!.Port);
    }

    [Fact]
    public void DashCPrintsColors()
    {
        Assert.Equal(ClientOptions.Action.PrintColors, Parse("-c").Action);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("70000")]
    [InlineData("")]
    public void BadPort(string port)
    {
        var r = Parse("127.0.0.1", port);
        Assert.Null(r.Options);
        Assert.Equal(1, r.Exit);
        Assert.StartsWith($"mosh-client: Bad UDP port ({port})", r.Err);
    }

    [Fact]
    public void WrongArgumentCountPrintsUsage()
    {
        var r = Parse("127.0.0.1");
        Assert.Equal(1, r.Exit);
        Assert.Contains("Usage: mosh-client [-# 'ARGS'] IP PORT", r.Err);
    }

    [Fact]
    public void UnknownOption()
    {
        var r = Parse("-x", "127.0.0.1", "1");
        Assert.Equal(1, r.Exit);
        Assert.StartsWith("mosh-client: invalid option -- 'x'", r.Err);
    }
}
