using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// The last resort: our client dies in the middle of a session — an unhandled exception in its
/// loop (Native AOT runs no finally block then) or a fatal signal it does not otherwise handle —
/// after the session has put the terminal in raw mode, the alternate screen and application
/// cursor keys, with mouse reporting on and the cursor hidden. Afterwards the terminal (a tmux
/// pane) is back: cooked mode with echo, main screen, no mouse reporting, cursor visible. The
/// process still dies as it would have (the exit status names the signal). Upstream's client
/// leaves the terminal raw in these cases.
/// </summary>
[Trait("Category", "Interop")]
public class TerminalRestoreTests
{
    private const string ExitMarker = "client-exit=";

    public static TheoryData<string, string?, int> Crashes => new()
    {
        // How it dies, the hidden fault variable, the exit status the shell reports.
        { "USR1", "unhandled-exception-on-sigusr1", 128 + 6 }, // the runtime aborts after an unhandled exception
        { "QUIT", null, 128 + 3 },
        { "ABRT", null, 128 + 6 },
        { "USR2", null, 128 + 12 },
        { "ALRM", null, 128 + 14 },
    };

    [SkippableTheory]
    [MemberData(nameof(Crashes))]
    public void TerminalIsRestoredWhenTheClientDies(string signal, string? fault, int exitStatus)
    {
        Skip.IfNot(TmuxSession.IsAvailable, "tmux is not installed");
        using var server = MoshPrograms.StartServer(MoshPrograms.OurServer, MoshSession.ShellCommand,
            env: new Dictionary<string, string> { ["PS1"] = "mosh$ " });
        // The alternate screen's path: with history (§14.3) the session is on the main screen
        // instead (ScrollbackTests covers leaving that).
        var env = new Dictionary<string, string>
        {
            ["MOSH_KEY"] = server.Key, ["LANG"] = "C.UTF-8", ["TERM"] = "xterm-256color", ["MOSH_SCROLLBACK"] = "0",
        };
        if (fault is not null) env["MOSH_AOT_FAULT"] = fault;
        // After the client, the shell shows the terminal's mode before anything else can touch it.
        using var tmux = TmuxSession.Start(
            $"{MoshPrograms.OurClient} 127.0.0.1 {server.Port}; echo {ExitMarker}$?; stty -a | tr ';' '\\n' | grep -E -- '^ ?-?(icanon|echo|isig)( |$)'; exec sleep 300",
            env: env);
        Assert.True(tmux.WaitForText("mosh$", TimeSpan.FromSeconds(15), out string screen), screen);

        // The application asks for mouse reporting and hides the cursor; the client passes both on.
        tmux.Type("printf '\\e[?1000h\\e[?1002h\\e[?25l'; echo modes-$((6*7))");
        tmux.Keys("Enter");
        Assert.True(MoshSession.WaitUntil(() => Flags(tmux) == "alt=1 mouse=1 cursor=0 appcursor=1", TimeSpan.FromSeconds(10)),
            "the session never set the modes this test needs: " + Flags(tmux));

        int client = Assert.Single(MoshSession.ProcessesMentioning($" 127.0.0.1 {server.Port}"),
            p => File.ReadAllText($"/proc/{p}/comm").Trim() == "mosh-client");
        MoshPrograms.Run("kill", ["-" + signal, client.ToString()], TimeSpan.FromSeconds(5));

        Assert.True(tmux.WaitFor(s => s.Contains("icanon", StringComparison.Ordinal), TimeSpan.FromSeconds(15), out screen), screen);
        string flat = screen.Replace("\n", " ");
        Assert.Contains($"{ExitMarker}{exitStatus}", flat);
        Assert.Equal("alt=0 mouse=0 cursor=1 appcursor=0", Flags(tmux));
        Assert.DoesNotContain("-icanon", flat);
        Assert.DoesNotContain("-echo ", flat);
        Assert.DoesNotContain("-isig", flat);
    }

    private static string Flags(TmuxSession tmux) =>
        tmux.Run("display-message", "-p", "-t", tmux.Target,
            "alt=#{alternate_on} mouse=#{mouse_any_flag} cursor=#{cursor_flag} appcursor=#{keypad_cursor_flag}").Trim();
}
