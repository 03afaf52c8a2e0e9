using Mosh.Posix;
using MoshAot.Launcher;

namespace Mosh.Tests.Frontend;

public class LauncherOptionsTests
{
    private static LauncherOptions Parse(params string[] args)
    {
        var o = LauncherOptions.Parse(args, out string? error);
        Assert.True(o is not null, error);
        return o!;
    }

    [Fact]
    public void DefaultsMatchUpstream()
    {
        var o = Parse("host");
        Assert.Equal("mosh-client", o.Client);
        Assert.Equal("mosh-server", o.Server);
        Assert.Equal("prefer-inet", o.Family);
        Assert.Equal(["ssh"], o.Ssh);
        Assert.True(o.SshPty);
        Assert.True(o.TermInit);
        Assert.Equal("proxy", o.RemoteIpMode);
        Assert.Equal(["host"], o.Rest);
    }

    [Fact]
    public void LongOptionsWithEqualsOrSeparateValues()
    {
        var o = Parse("--client=/opt/c", "--server", "env X=1 mosh-server", "--predict=always", "--port", "61000:61010", "user@h");
        Assert.Equal("/opt/c", o.Client);
        Assert.Equal("env X=1 mosh-server", o.Server);
        Assert.Equal("always", o.Predict);
        Assert.Equal("61000:61010", o.PortRequest);
        Assert.Equal(["user@h"], o.Rest);
    }

    [Fact]
    public void ShortFlags()
    {
        var o = Parse("-a", "-6", "-o", "-p", "60005", "h");
        Assert.Equal("always", o.Predict);
        Assert.Equal("inet6", o.Family);
        Assert.True(o.PredictOverwrite);
        Assert.Equal("60005", o.PortRequest);
        Assert.Equal("never", Parse("-n", "h").Predict);
    }

    [Fact]
    public void NegationsAndAbbreviations()
    {
        var o = Parse("--no-init", "--no-ssh-pty", "--loc", "--bind=any", "127.0.0.1");
        Assert.False(o.TermInit);
        Assert.False(o.SshPty);
        Assert.True(o.Local);
        Assert.Equal("any", o.BindServer);
    }

    [Fact]
    public void AmbiguousAbbreviationIsAnError()
    {
        Assert.Null(LauncherOptions.Parse(["--pre=always", "h"], out string? error));
        Assert.Contains("ambiguous", error);
    }

    [Fact]
    public void SshCommandIsSplitLikeAShell()
    {
        var o = Parse("--ssh=ssh -p 2222 -i '/tmp/my key' -o \"StrictHostKeyChecking=no\"", "h");
        Assert.Equal(["ssh", "-p", "2222", "-i", "/tmp/my key", "-o", "StrictHostKeyChecking=no"], o.Ssh);
    }

    [Fact]
    public void CommandAfterDashDash()
    {
        var o = Parse("h", "--", "tmux", "attach", "-d");
        Assert.Equal(["h", "tmux", "attach", "-d"], o.Rest);
    }
}

public class LauncherPlanTests
{
    private static readonly Dictionary<string, string> s_env = new() { ["LANG"] = "C.UTF-8", ["LC_CTYPE"] = "en_US.UTF-8" };

    private static string? Env(string name) => s_env.TryGetValue(name, out var v) ? v : null;

    private static LauncherPlan Plan(out LauncherOptions o, params string[] args)
    {
        o = LauncherOptions.Parse(args, out _)!;
        return LauncherPlan.Create(o, Env);
    }

    [Fact]
    public void ScrollbackGoesToTheClientAndNeverToTheServer()
    {
        var plan = Plan(out var o, "--scrollback=2500", "user@example.org");
        Assert.Equal(2500, plan.Scrollback);
        // An upstream server would refuse an option it does not know: the client asks in the protocol instead.
        Assert.DoesNotContain(plan.ServerArguments(o, 256, Env), a => a.Contains("scrollback", StringComparison.Ordinal));
        Assert.Equal(0, Plan(out _, "--scrollback", "0", "h").Scrollback);
        Assert.Null(Plan(out _, "h").Scrollback);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("lots")]
    [InlineData("100001")]
    public void AnImpossibleScrollbackIsRefused(string value)
    {
        var o = LauncherOptions.Parse(["--scrollback=" + value, "h"], out _)!;
        var e = Assert.Throws<LauncherException>(() => LauncherPlan.Create(o, Env));
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerArgumentsAsUpstreamBuildsThem()
    {
        var plan = Plan(out var o, "-p", "60010", "user@example.org", "--", "tmux", "a");
        Assert.Equal(["new", "-c", "256", "-s", "-p", "60010", "-l", "LANG=C.UTF-8", "-l", "LC_CTYPE=en_US.UTF-8", "--", "tmux", "a"],
            plan.ServerArguments(o, 256, Env));
    }

    [Fact]
    public void LocalBindsTheGivenAddress()
    {
        var plan = Plan(out var o, "--local", "127.0.0.1");
        Assert.Equal(["new", "-c", "8", "-i", "127.0.0.1", "-l", "LANG=C.UTF-8", "-l", "LC_CTYPE=en_US.UTF-8"], plan.ServerArguments(o, 8, Env));
    }

    [Fact]
    public void SshCommandLineInProxyMode()
    {
        var plan = Plan(out var o, "--ssh=ssh -p 2222", "me@host");
        var server = plan.ServerArguments(o, 256, _ => null);
        var ssh = plan.SshArguments(o, server, ["/usr/bin/mosh"]);
        Assert.Equal(["ssh", "-p", "2222", "-n", "-tt", "-S", "none", "-o",
            "ProxyCommand='/usr/bin/mosh' '--family=prefer-inet' --fake-proxy -- %h %p",
            "me@host", "--", "mosh-server 'new' '-c' '256' '-s'"], ssh);
    }

    [Fact]
    public void QuotesSurviveTheRemoteShell()
    {
        Assert.Equal("'it'\\''s' 'a b'", ShellWords.Quote(["it's", "a b"]));
    }

    [Theory]
    [InlineData("abc", "Server-side port or range (abc) is not valid.")]
    [InlineData("70000", "Server-side (low) port (70000) must be within valid range [0..65535].")]
    [InlineData("100:0", "Server-side high port (0) must be within valid range [1..65535].")]
    [InlineData("0:100", "Server-side port ranges may not be used with starting port 0 (0:100).")]
    [InlineData("200:100", "Server-side port range (200:100): low port greater than high port.")]
    public void PortRequestsAreValidated(string port, string message)
    {
        var o = LauncherOptions.Parse(["-p", port, "h"], out _)!;
        var e = Assert.Throws<LauncherException>(() => LauncherPlan.Create(o, _ => null));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void UnknownPredictionModeFromEnvironmentSaysSo()
    {
        var o = LauncherOptions.Parse(["h"], out _)!;
        var e = Assert.Throws<LauncherException>(() => LauncherPlan.Create(o, n => n == "MOSH_PREDICTION_DISPLAY" ? "sometimes" : null));
        Assert.Contains("Unknown mode \"sometimes\" (MOSH_PREDICTION_DISPLAY in environment).", e.Message);
    }
}

public class ConnectMessageReaderTests
{
    [Fact]
    public void SkipsNoiseAndStopsAtConnect()
    {
        var reader = new ConnectMessageReader();
        var passthrough = new StringWriter();
        string[] lines = ["Welcome to the machine", "MOSH IP 10.1.2.3", "", "\r", "MOSH CONNECT 60001 HKlEsIWg3XLf/dv8XiV+9Q\r", "after"];
        int consumed = 0;
        foreach (var l in lines)
        {
            consumed++;
            if (!reader.Accept(l, false, passthrough)) break;
        }
        Assert.Equal(5, consumed);
        Assert.Equal("10.1.2.3", reader.Ip);
        Assert.Equal("60001", reader.Port);
        Assert.Equal("HKlEsIWg3XLf/dv8XiV+9Q", reader.Key);
        Assert.Equal("Welcome to the machine\n\n\n", passthrough.ToString());
    }

    [Fact]
    public void MalformedConnectLineIsAnError()
    {
        var reader = new ConnectMessageReader();
        Assert.Throws<LauncherException>(() => reader.Accept("MOSH CONNECT 60001 short", false, TextWriter.Null));
    }

    [Fact]
    public void SecondMoshIpIsAnError()
    {
        var reader = new ConnectMessageReader();
        reader.Accept("MOSH IP 1.2.3.4", false, TextWriter.Null);
        Assert.Throws<LauncherException>(() => reader.Accept("MOSH IP 5.6.7.8", false, TextWriter.Null));
    }

    [Fact]
    public void SshConnectionGivesTheServerAddress()
    {
        var reader = new ConnectMessageReader();
        reader.Accept("MOSH SSH_CONNECTION 10.0.0.5 50000 10.0.0.9 22", false, TextWriter.Null);
        Assert.Equal("10.0.0.9", reader.SshConnectionIp);
    }
}

public class BoundedLineReaderTests
{
    [Fact]
    public void LinesUpToTheLimitComeWholeAndLongerOnesInMarkedPieces()
    {
        Assert.Equal(Errno.None, FileDescriptor.CreatePipe(out int read, out int write, nonBlocking: false));
        string input = "short\n" + new string('x', 25) + "\nMOSH CONNECT 1 k\nno newline at the end";
        FileDescriptor.WriteAll(write, System.Text.Encoding.UTF8.GetBytes(input));
        FileDescriptor.Close(write);
        var reader = new BoundedLineReader(read, maxLineBytes: 10);
        var pieces = new List<(string, bool, bool)>();
        while (reader.TryRead(out string text, out bool overlong, out bool endsLine)) pieces.Add((text, overlong, endsLine));
        FileDescriptor.Close(read);
        Assert.Equal(
        [
            ("short", false, true),
            ("xxxxxxxxxx", true, false), ("xxxxxxxxxx", true, false), ("xxxxx", true, true),
            ("MOSH CONNE", true, false), ("CT 1 k", true, true),
            ("no newline", true, false), (" at the en", true, false), ("d", true, true),
        ], pieces);
    }
}
