namespace Mosh.Posix;

/// <summary>A <c>waitpid</c> status word, decoded (the encoding is the same on Linux and the BSDs).</summary>
public readonly struct ExitStatus
{
    public ExitStatus(int raw) => Raw = raw;

    public int Raw { get; }
    public bool Exited => (Raw & 0x7f) == 0;
    /// <summary>The exit code when <see cref="Exited"/>.</summary>
    public int ExitCode => (Raw >> 8) & 0xff;
    public bool Signaled => (Raw & 0x7f) != 0 && (Raw & 0x7f) != 0x7f;
    /// <summary>The terminating signal when <see cref="Signaled"/>.</summary>
    public int TerminatingSignal => Raw & 0x7f;
    public bool Stopped => (Raw & 0xff) == 0x7f;
    public int StopSignal => (Raw >> 8) & 0xff;

    public override string ToString() =>
        Exited ? $"exited {ExitCode}" : Signaled ? $"killed by signal {TerminatingSignal}" : Stopped ? $"stopped by signal {StopSignal}" : $"status 0x{Raw:x}";
}
