namespace Mosh.Posix;

/// <summary>
/// The terminal mode found at start-up, and raw mode derived from it. <see cref="Restore"/> only
/// re-applies the saved bytes: no allocation, no exceptions, idempotent, so every exit path
/// (normal exit, fatal error, suspend, a ProcessExit hook) can call it, in any order, any number of times.
/// </summary>
public sealed class SavedTerminal
{
    private readonly int _fd;
    private TerminalMode _saved;
    private TerminalMode _raw;

    private SavedTerminal(int fd, in TerminalMode saved)
    {
        _fd = fd;
        _saved = saved;
        _raw = saved;
        _raw.MakeRaw();
    }

    public int Fd => _fd;

    /// <summary>Captures the current mode of <paramref name="fd"/>; fails (e.g. ENOTTY) if it is not a terminal.</summary>
    public static SavedTerminal? Capture(int fd, out Errno error)
    {
        error = Termios.Get(fd, out TerminalMode mode);
        return error.IsError ? null : new SavedTerminal(fd, mode);
    }

    /// <summary>Switches to raw mode (<c>cfmakeraw</c> + <c>IUTF8</c>).</summary>
    public Errno EnterRaw() => Termios.Set(_fd, _raw);

    /// <summary>Puts back the captured mode.</summary>
    public Errno Restore() => Termios.Set(_fd, _saved);
}
