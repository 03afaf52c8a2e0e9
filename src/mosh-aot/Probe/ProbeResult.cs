namespace MoshAot.Probe;

/// <summary>How a probe ended.</summary>
internal enum ProbeOutcome
{
    /// <summary>At least one authentic instruction came back.</summary>
    Authentic,
    ResolveFailed,
    SocketError,
    /// <summary>Nothing at all came back.</summary>
    Timeout,
    /// <summary>Datagrams came back, but none authenticated.</summary>
    NoAuthenticReply,
}

/// <summary>One instruction the server sent, in brief.</summary>
internal sealed record ProbeInstruction(
    ulong OldNum, ulong NewNum, ulong AckNum, ulong ThrowawayNum, int DiffLength,
    ulong? EchoAck, (int Width, int Height)? Resize, byte[] HostBytes, bool DiffMalformed);

/// <summary>Everything a probe learned; <see cref="ProbeCommand.Print"/> renders it. It never holds the key.</summary>
internal sealed class ProbeResult
{
    public ProbeOutcome Outcome;
    public string Target = "";
    public string Reason = "";
    public int DatagramsSent;
    public int DatagramsReceived;
    public int AuthenticationFailures;
    public int OtherRejects;
    public List<ProbeInstruction> Instructions = [];
    public double? SrttMs;
    public double? FirstReplyMs;
    public bool SawHostBytes;

    /// <summary>The server acknowledged the probe's shutdown, so it has ended and its key with it.</summary>
    public bool ServerShutDown;

    public int ExitCode => Outcome == ProbeOutcome.Authentic ? 0 : 1;
}
