using Mosh.Posix;

namespace MoshAot.Client;

/// <summary>
/// Gives the user's terminal back on the exits that skip the session's own cleanup. Native AOT
/// runs no <c>finally</c> block for an unhandled exception, so without this a crash would leave
/// the terminal raw, in the alternate screen, with mouse reporting on. Covered: unhandled
/// exceptions on any thread, <c>Environment.Exit</c>, and the catchable signals whose default
/// action ends the process (SIGQUIT, SIGABRT sent from outside, SIGUSR1/2, SIGALRM, …; the process
/// still dies of them). SIGTERM, SIGINT, SIGHUP and SIGPIPE end the session loop cleanly instead.
/// Not covered: SIGKILL, and faults in native code (SIGSEGV, SIGBUS), which .NET does not let
/// a program catch.
/// </summary>
internal sealed class LastResortRestore : IDisposable
{
    private readonly LocalTerminal _local;
    private readonly TerminatingSignals _signals;

    private LastResortRestore(LocalTerminal local, ReadOnlySpan<int> exceptSignals)
    {
        _local = local;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        _signals = TerminatingSignals.Register(_ => _local.RestoreAfterCrash(), exceptSignals);
    }

    /// <summary>Starts guarding <paramref name="local"/>; <paramref name="exceptSignals"/> are left to the session.</summary>
    public static LastResortRestore Install(LocalTerminal local, ReadOnlySpan<int> exceptSignals) => new(local, exceptSignals);

    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs e) => _local.RestoreAfterCrash();

    private void OnProcessExit(object? sender, EventArgs e) => _local.RestoreAfterCrash();

    public void Dispose()
    {
        _signals.Dispose();
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
    }
}
