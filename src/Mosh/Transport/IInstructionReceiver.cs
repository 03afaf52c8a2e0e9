namespace Mosh.Transport;

/// <summary>
/// What a connection hands complete instructions to: the transport in the programs and the
/// harnesses. The connection also reads back when a round trip last succeeded, which decides
/// when a client hops to a new port (§3.3).
/// </summary>
public interface IInstructionReceiver
{
    /// <summary>Processes one complete instruction from the peer (§4.8).</summary>
    ReceiveResult Receive(in Instruction instruction, long nowMs);

    /// <summary>Send time of our newest state the peer has acknowledged.</summary>
    long LastRoundtripSuccessMs { get; }
}
