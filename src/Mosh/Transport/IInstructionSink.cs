namespace Mosh.Transport;

/// <summary>
/// Where a transport's outgoing instructions go: the connection (protobuf, zlib, fragments,
/// encryption, sockets) in the programs, an in-memory link in tests. The instruction's
/// <see cref="Instruction.Diff"/> and <see cref="Instruction.Chaff"/> are views into the
/// sender's buffers, valid only during the call: copy what must outlive it.
/// </summary>
public interface IInstructionSink
{
    /// <summary>Whether the peer's address is known; the sender sends nothing until it is (a server before its first client packet).</summary>
    bool HasPeer { get; }

    /// <summary>Sends <paramref name="instruction"/> as of <paramref name="nowMs"/> (the time its datagrams carry).</summary>
    void Send(in Instruction instruction, long nowMs);

    /// <summary>
    /// Whether the last <see cref="Send"/> failed locally (sendto refused it: a firewall, an
    /// interface that is down): the peer certainly did not get it. Loss on the way is not a failure.
    /// </summary>
    bool LastSendFailed { get; }

    /// <summary>
    /// Bytes the last <see cref="Send"/> put on the wire before fragmenting (the compressed
    /// instruction, protocol §4.2); 0 if nothing was sent. A sender of pieces sizes the next one by it.
    /// </summary>
    int LastSendPayloadBytes { get; }
}
