using System.Runtime.InteropServices;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// A last word before a signal ends the process: for each catchable signal whose default action
/// terminates it, a handler runs and then the default action goes ahead (the process still dies
/// of the signal, with the usual exit status). The handler runs on the runtime's signal thread
/// (<see cref="PosixSignalRegistration"/>), outside signal context, so it may call anything.
/// </summary>
/// <remarks>
/// Not covered: SIGKILL and SIGSTOP (uncatchable); SIGSEGV, SIGBUS, SIGFPE and SIGILL (the runtime
/// owns them to raise NullReferenceException and the like); a SIGABRT raised by the runtime itself
/// (its abort resets the disposition before the handler thread could run); and the signals a
/// program watches through its <see cref="SignalPipe"/> (pass them in <c>except</c>).
/// </remarks>
public sealed class TerminatingSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    private TerminatingSignals()
    {
    }

    /// <summary>The signals handled: their default action is to terminate (or dump core).</summary>
    public static IReadOnlyList<int> All { get; } =
    [
        Constants.SIGQUIT, Constants.SIGABRT, Constants.SIGUSR1, Constants.SIGUSR2, Constants.SIGALRM,
        Constants.SIGXCPU, Constants.SIGXFSZ, Constants.SIGVTALRM, Constants.SIGPROF,
    ];

    /// <summary>Runs <paramref name="handler"/> (with the signal number) before each of <see cref="All"/> but <paramref name="except"/> takes effect.</summary>
    public static TerminatingSignals Register(Action<int> handler, ReadOnlySpan<int> except)
    {
        var registered = new TerminatingSignals();
        foreach (int signal in All)
        {
            if (except.Contains(signal)) continue;
            int number = signal;
            registered._registrations.Add(PosixSignalRegistration.Create(
                number == Constants.SIGQUIT ? PosixSignal.SIGQUIT : (PosixSignal)number,
                context =>
                {
                    handler(number);
                    context.Cancel = false;
                }));
        }
        return registered;
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations) r.Dispose();
        _registrations.Clear();
    }
}
