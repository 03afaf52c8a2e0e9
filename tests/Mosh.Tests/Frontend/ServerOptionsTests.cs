using MoshAot.Server;

namespace Mosh.Tests.Frontend;

public class ServerOptionsTests
{
    private static (ServerOptions? Options, int Exit, string Out, string Err) Parse(params string[] args) =>
        ParseWithEnv(null, args);

    private static (ServerOptions? Options, int Exit, string Out, string Err) ParseWithEnv(string? sshConnection, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var options = ServerOptions.Parse("mosh-server", args, stdout, stderr,
            name => name == "SSH_CONNECTION" ? sshConnection : null, out int exit);
        return (options, exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void NewWithAllOptions()
    {
        var r = Parse("new", "-c", "256", "-i", "127.0.0.1", "-p", "61000:61010", "-l", "LANG=C.UTF-8", "-l", "LC_ALL=C.UTF-8", "-v", "--", "/bin/bash", "--norc");
        Assert.NotNull(r.Options);
        Assert.Equal(256, r.Options!.Colors);
        Assert.Equal("127.0.0.1", r.Options.BindIp);
        Assert.Equal(new PortRange(61000, 61010), r.Options.Port);
        Assert.Equal(["LANG=C.UTF-8", "LC_ALL=C.UTF-8"], r.Options.LocaleAssignments);
        Assert.Equal(1, r.Options.Verbose);
        Assert.Equal(["/bin/bash", "--norc"], r.Options.Command!);
    }

    [Fact]
    public void ClusteredAndAttachedArguments()
    {
        var r = Parse("new", "-vvp60005", "-c8");
        Assert.Equal(2, r.Options!.Verbose);
        Assert.Equal(new PortRange(60005, 60005), r.Options.Port);
        Assert.Equal(8, r.Options.Colors);
    }

    [Fact]
    public void DashDashAtEndMeansNoCommand()
    {
        var r = Parse("new", "--");
        Assert.Null(r.Options!.Command);
    }

    [Fact]
    public void HelpBeforeDashDashPrintsUsage()
    {
        var r = Parse("new", "-c", "8", "--help");
        Assert.Null(r.Options);
        Assert.Equal(0, r.Exit);
        Assert.StartsWith("Usage: mosh-server new [-s]", r.Out);
    }

    [Fact]
    public void HelpAfterDashDashIsPartOfTheCommand()
    {
        var r = Parse("new", "--", "man", "--help");
        Assert.Equal(["man", "--help"], r.Options!.Command!);
    }

    [Fact]
    public void UnknownOptionIsReportedButNotFatal()
    {
        var r = Parse("new", "-x", "-c", "256");
        Assert.NotNull(r.Options);
        Assert.Equal(256, r.Options!.Colors);
        Assert.Contains("new: invalid option -- 'x'", r.Err);
    }

    [Fact]
    public void BadColorsIsFatal()
    {
        var r = Parse("new", "-c", "lots");
        Assert.Null(r.Options);
        Assert.Equal(1, r.Exit);
        Assert.StartsWith("mosh-server: Bad number of colors (lots)\n", r.Err);
    }

    [Theory]
    [InlineData("abc", "Invalid (low) port number (abc)")]
    [InlineData("99999", "(Low) port number 99999 outside valid range [0..65535]")]
    [InlineData("6000:x", "Invalid high port number (x)")]
    [InlineData("6000:70000", "High port number 70000 outside valid range [0..65535]")]
    [InlineData("7000:6000", "Low port 7000 greater than high port 6000")]
    [InlineData("0:6000", "Low port 0 incompatible with port ranges")]
    public void BadPortsAreFatalWithUpstreamsMessages(string port, string message)
    {
        var r = Parse("new", "-p", port);
        Assert.Null(r.Options);
        Assert.Equal(1, r.Exit);
        Assert.StartsWith(message + "\nmosh-server: Bad UDP port range (" + port + ")\nUsage:", r.Err);
    }

    [Fact]
    public void PortZeroLetsTheKernelChoose()
    {
        Assert.Equal(new PortRange(0, 0), Parse("new", "-p", "0").Options!.Port);
    }

    [Fact]
    public void LegacyForms()
    {
        Assert.Null(Parse().Options!.BindIp);
        Assert.Equal("10.0.0.1", Parse("10.0.0.1").Options!.BindIp);
        var two = Parse("10.0.0.1", "60010").Options!;
        Assert.Equal(new PortRange(60010, 60010), two.Port);
        var three = Parse("a", "b", "c");
        Assert.Null(three.Options);
        Assert.Equal(1, three.Exit);
    }

    [Theory]
    [InlineData("192.168.1.5 51000 192.168.1.9 22", "192.168.1.9")]
    [InlineData("::ffff:10.0.0.1 51000 ::FFFF:10.0.0.2 22", "10.0.0.2")]
    [InlineData("2001:db8::1 51000 2001:db8::2 22", "2001:db8::2")]
    public void DashSBindsTheSshConnectionsLocalAddress(string sshConnection, string expected)
    {
        var r = ParseWithEnv(sshConnection, ["new", "-i", "1.2.3.4", "-s"]);
        Assert.Equal(expected, r.Options!.BindIp);
    }

    [Fact]
    public void DashSWithoutSshConnectionWarnsAndBindsAny()
    {
        var r = ParseWithEnv(null, ["new", "-s"]);
        Assert.Null(r.Options!.BindIp);
        Assert.Contains("Warning: SSH_CONNECTION not found; binding to any interface.", r.Err);
        var bad = ParseWithEnv("garbage", ["new", "-s"]);
        Assert.Contains("Warning: Could not parse SSH_CONNECTION; binding to any interface.", bad.Err);
    }
}
