using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// Our server starts the session's program as it starts, at its initial size, not when the first
/// client state arrives (protocol §13.2): the program's start-up overlaps the client's, so the
/// first frame can carry its prompt. A program that ends before any client arrived still has its
/// last screen shown to the first client, which then exits as after any session.
/// </summary>
[Trait("Category", "Interop")]
public class ProgramStartTests
{
    [SkippableFact]
    public void TheProgramRunsBeforeAnyClientHasSpoken()
    {
        string marker = Path.Combine(Path.GetTempPath(), $"moshaot-started-{Guid.NewGuid():N}");
        using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, ["/bin/sh", "-c", $"stty size > {marker}.tmp; mv {marker}.tmp {marker}; exec sleep 60"]);
        try
        {
            Assert.True(MoshSession.WaitUntil(() => File.Exists(marker), TimeSpan.FromSeconds(10)), "the program did not start without a client");
            // stdin is not a tty here, so the initial size is 80×24.
            Assert.Equal("24 80", File.ReadAllText(marker).Trim());
            Assert.True(server.IsRunning);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void AProgramThatEndedBeforeTheClientArrivedIsStillShown(bool upstreamClient)
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        Skip.If(upstreamClient && !MoshPrograms.UpstreamInstalled, "upstream mosh is not installed");
        using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, ["/bin/sh", "-c", "echo early-$((6*7))"]);
        Thread.Sleep(1000); // the program is long gone when the client starts
        Assert.True(server.IsRunning, "the server ended before its first client arrived");
        string client = upstreamClient ? MoshPrograms.UpstreamClient : MoshPrograms.OurClient;
        // The client draws the last screen and exits (leaving its alternate screen): the transcript keeps what it drew.
        using var transcript = new TerminalTranscript();
        using var tmux = TmuxSession.Start($"{transcript.Wrap($"{client} 127.0.0.1 {server.Port}")}; echo client-exit=$?; exec sleep 300",
            env: new Dictionary<string, string> { ["MOSH_KEY"] = server.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color" });
        Assert.True(tmux.WaitForText("client-exit=0", TimeSpan.FromSeconds(15), out string screen), screen);
        Assert.Contains("early-42", transcript.Read());
        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(10)), "the server did not end after showing the last screen");
    }
}
