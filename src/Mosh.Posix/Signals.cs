using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>Signal numbers for this platform, and the few direct signal operations mosh needs.</summary>
public static class Signals
{
    public static int SIGHUP => Constants.SIGHUP;
    public static int SIGINT => Constants.SIGINT;
    public static int SIGQUIT => Constants.SIGQUIT;
    public static int SIGABRT => Constants.SIGABRT;
    public static int SIGKILL => Constants.SIGKILL;
    public static int SIGPIPE => Constants.SIGPIPE;
    public static int SIGTERM => Constants.SIGTERM;
    public static int SIGUSR1 => Constants.SIGUSR1;
    public static int SIGUSR2 => Constants.SIGUSR2;
    public static int SIGCHLD => Constants.SIGCHLD;
    public static int SIGCONT => Constants.SIGCONT;
    public static int SIGSTOP => Constants.SIGSTOP;
    public static int SIGTSTP => Constants.SIGTSTP;
    public static int SIGWINCH => Constants.SIGWINCH;

    public static Errno Kill(int pid, int signal) => LibC.Kill(pid, signal) == 0 ? Errno.None : Errno.Last;

    public static Errno KillProcessGroup(int processGroup, int signal) => LibC.KillPg(processGroup, signal) == 0 ? Errno.None : Errno.Last;

    /// <summary><c>raise(3)</c>: the signal goes to the calling thread.</summary>
    public static Errno Raise(int signal) => LibC.Raise(signal) == 0 ? Errno.None : Errno.Last;

    /// <summary>The client's suspend: stop our whole process group (<c>kill(0, SIGSTOP)</c>); returns after SIGCONT.</summary>
    public static Errno StopProcessGroup() => Kill(0, Constants.SIGSTOP);

    /// <summary>Sets the disposition to <c>SIG_IGN</c> (the server ignores SIGHUP and SIGPIPE).
    /// Ignored dispositions survive exec, so the spawn functions reset them for the child.</summary>
    public static Errno Ignore(int signal) => LibC.Signal(signal, 1) == -1 ? Errno.Last : Errno.None;

    /// <summary>Sets the disposition back to <c>SIG_DFL</c>.</summary>
    public static Errno SetDefault(int signal) => LibC.Signal(signal, 0) == -1 ? Errno.Last : Errno.None;
}
