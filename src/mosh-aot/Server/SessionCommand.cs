using Mosh.Posix;

namespace MoshAot.Server;

/// <summary>
/// What the session runs (protocol §6.1, §6.2): the given command (looked up in PATH, argv as given),
/// or the user's login shell — $SHELL, else the passwd entry, else /bin/sh — with argv[0] "-name".
/// </summary>
internal readonly record struct SessionCommand(string File, string[] Argv, bool IsLoginShell)
{
    public static SessionCommand Resolve(string[]? command)
    {
        if (command is { Length: > 0 }) return new SessionCommand(command[0], command, false);
        string shell = System.Environment.GetEnvironmentVariable("SHELL") ?? UserAccount.Current?.Shell ?? "";
        if (shell.Length == 0) shell = "/bin/sh";
        return new SessionCommand(shell, ["-" + Path.GetFileName(shell)], true);
    }

    /// <summary>
    /// The session's environment: ours, with TERM from the client's colour count,
    /// NCURSES_NO_UTF8_ACS (line drawing arrives as UTF-8; there are no DEC charsets), no STY
    /// (so screen inside mosh acts as top level) and PWD at home.
    /// </summary>
    public static string[] Environment(int colors, string home) =>
        ChildProcess.BuildEnvironment(
        [
            new("TERM", colors == 256 ? "xterm-256color" : "xterm"),
            new("NCURSES_NO_UTF8_ACS", "1"),
            new("STY", null),
            new("PWD", home),
        ]);
}
