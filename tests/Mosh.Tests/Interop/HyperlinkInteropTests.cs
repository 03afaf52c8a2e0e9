using System.Text.RegularExpressions;
using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// OSC 8 hyperlinks through real sessions: the client must write the link to its terminal
/// around the linked text. Ours with ours always; with upstream's development branch (which
/// carries hyperlinks; 1.4.0 does not) on either side when a build of it is given in
/// <c>MOSH_MASTER_BUILD</c> (a directory holding its <c>mosh-server</c> and <c>mosh-client</c>,
/// see scripts/build-upstream-master.sh); and a 1.4.0 client with our server sees the text
/// without any OSC 8, as with upstream's own server.
/// </summary>
[Trait("Category", "Interop")]
public partial class HyperlinkInteropTests
{
    private const string Program = "printf 'A \\033]8;id=x;http://example.com/a\\033\\\\link\\033]8;;\\033\\\\ plain\\n'; exec sleep 30";

    [GeneratedRegex(@"\u001b\]8;id=x;http://example\.com/a(\u0007|\u001b\\)link\u001b\]8;;(\u0007|\u001b\\)")]
    private static partial Regex LinkAroundText();

    private static string? MasterBuild =>
        Environment.GetEnvironmentVariable("MOSH_MASTER_BUILD") is { Length: > 0 } dir
        && File.Exists(Path.Combine(dir, "mosh-server")) && File.Exists(Path.Combine(dir, "mosh-client")) ? dir : null;

    [SkippableFact]
    public void OursWithOursCarriesTheLink()
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        Assert.Matches(LinkAroundText(), Record(MoshPrograms.OurServer, MoshPrograms.OurClient));
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void UpstreamsDevelopmentBranchOnEitherSideCarriesTheLink(bool ourServer)
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        string? master = MasterBuild;
        Skip.If(master is null, "MOSH_MASTER_BUILD does not name a build of upstream's development branch (scripts/build-upstream-master.sh)");
        string server = ourServer ? MoshPrograms.OurServer : Path.Combine(master!, "mosh-server");
        string client = ourServer ? Path.Combine(master!, "mosh-client") : MoshPrograms.OurClient;
        Assert.Matches(LinkAroundText(), Record(server, client));
    }

    [SkippableFact]
    public void A140ClientGetsTheTextAndNoLink()
    {
        Skip.IfNot(MoshPrograms.UpstreamInstalled, "upstream mosh is not installed (apt-get install mosh)");
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        string transcript = Record(MoshPrograms.OurServer, MoshPrograms.UpstreamClient);
        Assert.Contains("link", transcript);
        Assert.DoesNotContain("\u001b]8;", transcript);
    }

    /// <summary>Everything the client wrote to its terminal while showing the program's line.</summary>
    private static string Record(string server, string client)
    {
        using var transcript = new TerminalTranscript();
        using MoshPrograms.ServerInfo info = MoshPrograms.StartServer(server, ["/bin/sh", "-c", Program]);
        var env = new Dictionary<string, string> { ["MOSH_KEY"] = info.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" };
        using var tmux = TmuxSession.Start($"{transcript.Wrap($"{client} 127.0.0.1 {info.Port}")}; sleep 60", 80, 24, env);
        Assert.True(tmux.WaitForText("plain", TimeSpan.FromSeconds(15), out string screen), "the line did not arrive:\n" + screen);
        Thread.Sleep(300);
        return transcript.Read();
    }
}
