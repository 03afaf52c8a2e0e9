using System.Diagnostics;
using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// Real sessions on loopback, typed into through tmux, in the three pairings that matter:
/// upstream client with our server, our client with upstream's server, and ours with ours.
/// </summary>
[Trait("Category", "Interop")]
public class SessionInteropTests
{
    public static TheoryData<Impl, Impl> Pairings => new()
    {
        { Impl.Ours, Impl.Upstream },
        { Impl.Upstream, Impl.Ours },
        { Impl.Ours, Impl.Ours },
    };

    [Theory]
    [MemberData(nameof(Pairings))]
    public void CommandOutputAppears(Impl server, Impl client)
    {
        using var s = MoshSession.Start(server, client);
        s.Command("echo interop-$((6*7))");
        Assert.True(s.WaitForLine("interop-42", TimeSpan.FromSeconds(10), out string screen), screen);
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public void FullScreenProgramLooksAsInPlainTmux(Impl server, Impl client)
    {
        string script = FullScreenScript.Write();
        // Reference: the same program in a plain tmux pane of the same size.
        string expected;
        using (var plain = TmuxSession.Start($"sh {script}; sleep 60", 80, 24, new Dictionary<string, string> { ["LANG"] = "C.UTF-8" }))
        {
            Assert.True(plain.WaitForText("END-OF-DRAWING", TimeSpan.FromSeconds(10), out _));
            plain.WaitStable(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
            expected = plain.CaptureCells();
        }

        using var s = MoshSession.Start(server, client);
        s.Command($"sh {script}; sleep 60");
        Assert.True(s.Tmux.WaitForText("END-OF-DRAWING", TimeSpan.FromSeconds(10), out _));
        string actual = "";
        bool same = MoshSession.WaitUntil(() => (actual = s.Tmux.CaptureCells()) == expected, TimeSpan.FromSeconds(5));
        Assert.True(same, $"expected:\n{expected}\nactual:\n{actual}");
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public void WindowResizeReachesTheSession(Impl server, Impl client)
    {
        using var s = MoshSession.Start(server, client);
        // The resize travels as a user-stream event and may reach the pty after a command typed at
        // once: the shell polls the pty's size (every 0.1 s, for at most 5 s) and prints the last one.
        s.Command("waitsize() { for i in $(seq 50); do [ \"$(stty size)\" = \"$1\" ] && break; sleep 0.1; done; echo \"size: $(stty size)\"; }");
        s.Tmux.Resize(100, 30);
        s.Command("waitsize '30 100'");
        Assert.True(s.WaitForLine("size: 30 100", TimeSpan.FromSeconds(10), out string screen), screen);
        s.Tmux.Resize(72, 20);
        s.Command("waitsize '20 72'");
        Assert.True(s.WaitForLine("size: 20 72", TimeSpan.FromSeconds(10), out screen), screen);
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public void CtrlCStopsAFloodOfOutput(Impl server, Impl client)
    {
        using var s = MoshSession.Start(server, client);
        s.Command("yes flood-flood-flood-flood");
        Assert.True(s.Tmux.WaitForText("flood-flood", TimeSpan.FromSeconds(10), out _));
        Thread.Sleep(1000);
        var sw = Stopwatch.StartNew();
        s.Tmux.Keys("C-c");
        // The flood has stopped once the prompt is back at the bottom and the screen holds still.
        bool prompt = s.Tmux.WaitFor(screen => screen.TrimEnd('\n').Split('\n')[^1].StartsWith("mosh$", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), out string last);
        var elapsed = sw.Elapsed;
        Assert.True(prompt, last);
        // "Within a second" on an idle machine; CI machines are shared and slow, so allow some slack.
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"Ctrl-C took {elapsed.TotalMilliseconds:F0} ms");
        s.Command("echo after-$((2+3))");
        Assert.True(s.WaitForLine("after-5", TimeSpan.FromSeconds(10), out string screen), screen);
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public void ExitEndsBothSidesCleanly(Impl server, Impl client)
    {
        using var s = MoshSession.Start(server, client);
        s.Command("exit");
        Assert.Equal(0, s.WaitForClientExit(TimeSpan.FromSeconds(15)));
        Assert.True(s.Server.WaitForExit(TimeSpan.FromSeconds(10)), "server still running");
        Assert.Contains("[mosh is exiting.]", s.Tmux.Capture());
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public void EscapeDotQuitsAndTheServerGoesAway(Impl server, Impl client)
    {
        using var s = MoshSession.Start(server, client, serverEnv: new Dictionary<string, string> { ["MOSH_SERVER_NETWORK_TMOUT"] = "5" });
        s.Tmux.Keys("C-^");
        s.Tmux.Type(".");
        Assert.True(s.WaitForClientExit(TimeSpan.FromSeconds(15)) is not null, "client still running: " + s.Tmux.Capture());
        Assert.True(s.Server.WaitForExit(TimeSpan.FromSeconds(15)), "server still running");
    }
}

/// <summary>A deterministic full-screen drawing: alternate screen, colours, wide and combining characters, box drawing.</summary>
internal static class FullScreenScript
{
    private static readonly object s_lock = new();
    private static string? s_path;

    public static string Write()
    {
        lock (s_lock)
        {
            if (s_path is not null) return s_path;
            string path = Path.Combine(Path.GetTempPath(), $"moshaot-fullscreen-{Environment.ProcessId}.sh");
            File.WriteAllText(path, """
                printf '\033[?1049h\033[H\033[2J'
                printf '\033[1;1H\033[1;37;44m  mosh-aot full-screen check  \033[0m'
                printf '\033[3;5H\033[31mred\033[32m green\033[33m yellow\033[34m blue\033[0m'
                printf '\033[4;5H\033[38;5;208morange-256\033[0m \033[48;5;22mbg-256\033[0m \033[38;2;10;200;30mtruecolor\033[0m'
                printf '\033[5;5H\033[1mbold\033[0m \033[4munderline\033[0m \033[7minverse\033[0m \033[3mitalic\033[0m'
                printf '\033[7;5H日本語の表示 한국어 中文'
                printf '\033[8;5He\314\201 cafe\314\201 n\314\203'
                printf '\033[10;5H┌────────┐\033[11;5H│ boxed  │\033[12;5H└────────┘'
                printf '\033[14;70Hright-edge\033[15;1Hwrapped-line-%070d' 0
                printf '\033[20;1H\033[2KEND-OF-DRAWING'
                """.Replace("\r\n", "\n"));
            s_path = path;
            return path;
        }
    }
}
