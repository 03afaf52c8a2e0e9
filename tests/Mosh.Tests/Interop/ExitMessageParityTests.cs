using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// What the client leaves in the user's terminal when it ends: everything written after it left
/// the alternate screen (the notices, <c>[mosh is exiting.]</c>, their line breaks) must be
/// upstream's bytes exactly, so that the message lands on the same line and scripts that scrape
/// it keep working. Each case runs upstream's client and ours the same way under <c>script</c>,
/// which records every byte the client wrote to its terminal.
/// </summary>
[Trait("Category", "Interop")]
public class ExitMessageParityTests
{
    private const string LeaveAlternateScreen = "\u001b[?1049l";

    public enum Ending
    {
        /// <summary>The session's program exits on its own.</summary>
        ProgramExits,
        /// <summary>The user types Ctrl-^ . in a live session.</summary>
        UserQuits,
        /// <summary>The user types Ctrl-^ . having never reached a server.</summary>
        UserQuitsWithoutConnection,
    }

    [SkippableTheory]
    [InlineData(Ending.ProgramExits)]
    [InlineData(Ending.UserQuits)]
    [InlineData(Ending.UserQuitsWithoutConnection)]
    public void ClientEndsWithUpstreamsBytes(Ending ending)
    {
        Skip.IfNot(MoshPrograms.UpstreamInstalled, "upstream mosh is not installed (apt-get install mosh)");
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        Skip.IfNot(File.Exists("/usr/bin/script"), "script(1) is missing (Debian: bsdutils)");

        string upstream = TailAfterAlternateScreen(Record(MoshPrograms.UpstreamClient, ending));
        string ours = TailAfterAlternateScreen(Record(MoshPrograms.OurClient, ending));
        Assert.Contains("[mosh is exiting.]\r\n", upstream);
        Assert.Equal(Escape(upstream), Escape(ours));
    }

    /// <summary>Runs the client against our server (or against a port nobody listens on) and returns the bytes it wrote to its terminal.</summary>
    private static string Record(string client, Ending ending)
    {
        using var transcript = new TerminalTranscript();
        MoshPrograms.ServerInfo? server = null;
        try
        {
            string port = "9", key = "AAAAAAAAAAAAAAAAAAAAAA";
            if (ending != Ending.UserQuitsWithoutConnection)
            {
                string program = ending == Ending.ProgramExits ? "printf 'hello\\n'; sleep 1; exit 0" : "printf 'ready\\n'; exec sleep 60";
                server = MoshPrograms.StartServer(MoshPrograms.OurServer, ["/bin/sh", "-c", program]);
                port = server.Port.ToString();
                key = server.Key;
            }
            // The alternate screen's exit, as upstream's: without history (§14.3), which keeps our
            // client with our server on the main screen.
            var env = new Dictionary<string, string> { ["MOSH_KEY"] = key, ["LANG"] = "C.UTF-8", ["MOSH_SCROLLBACK"] = "0" };
            using var tmux = TmuxSession.Start($"{transcript.Wrap($"{client} 127.0.0.1 {port}")}; echo ENDED", 80, 24, env);
            if (ending != Ending.ProgramExits)
            {
                // Quit once the client is up: the program's output, or the notice that nothing came.
                Assert.True(tmux.WaitFor(s => s.Contains("ready") || s.Contains("mosh:"), TimeSpan.FromSeconds(15), out string start),
                    "the client did not start:\n" + start);
                Thread.Sleep(1000);
                tmux.Keys("C-^");
                tmux.Type(".");
            }
            // Upstream's client, never connected, waits for its shutdown to time out first.
            Assert.True(tmux.WaitForText("ENDED", TimeSpan.FromSeconds(40), out string screen), "the client did not exit:\n" + screen);
            return transcript.Read();
        }
        finally
        {
            server?.Dispose();
        }
    }

    /// <summary>From the last exit from the alternate screen to the end, without script(1)'s own trailer.</summary>
    private static string TailAfterAlternateScreen(string transcript)
    {
        int start = transcript.LastIndexOf(LeaveAlternateScreen, StringComparison.Ordinal);
        Assert.True(start >= 0, "the client never left the alternate screen:\n" + Escape(transcript));
        string tail = transcript[start..];
        int trailer = tail.IndexOf("\nScript done", StringComparison.Ordinal);
        return trailer >= 0 ? tail[..trailer] : tail;
    }

    private static string Escape(string s) => s.Replace("\u001b", "\\e").Replace("\r", "\\r").Replace("\n", "\\n\n");
}
