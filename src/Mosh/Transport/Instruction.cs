namespace Mosh.Transport;

/// <summary>
/// One SSP instruction (protocol §4.3): "to get state <see cref="NewNum"/>, apply <see cref="Diff"/>
/// to your copy of state <see cref="OldNum"/>", with the piggy-backed ack and throwaway numbers.
/// A plain value: <see cref="Diff"/> and <see cref="Chaff"/> are views into buffers owned by
/// whoever built or decoded the instruction, valid until that owner reuses them.
/// </summary>
public struct Instruction
{
    /// <summary>MOSH_PROTOCOL_VERSION: bumped to 2 for the echo ack. Every instruction carries it.</summary>
    public const uint CurrentProtocolVersion = 2;

    /// <summary>The state number reserved for shutdown (2^64−1).</summary>
    public const ulong ShutdownNum = ulong.MaxValue;

    public uint ProtocolVersion;
    public ulong OldNum;
    public ulong NewNum;
    public ulong AckNum;
    public ulong ThrowawayNum;
    public ReadOnlyMemory<byte> Diff;
    public ReadOnlyMemory<byte> Chaff;

    // Negotiated extensions (protocol §14.1): fields an upstream 1.4.0 peer never sees set, and
    // skips when it receives them. Each is written only when it is not its default.

    /// <summary>Field 8: what the sender supports (<see cref="SessionFeatures"/>).</summary>
    public SessionFeatures Features;

    /// <summary>Field 9, server to client: the session's id in the per-user session registry.</summary>
    public ReadOnlyMemory<byte> SessionId;

    /// <summary>Field 10, client to server: the client is leaving; keep the session for a later attach.</summary>
    public bool DetachRequest;

    /// <summary>Field 11, server to client: this key is retired because the client detached; exit.</summary>
    public bool Detached;

    /// <summary>Field 12, server to client: another client attached to the session from this address; exit.</summary>
    public ReadOnlyMemory<byte> TakenOverBy;

    /// <summary>A notice that this key is retired (<see cref="Detached"/> or <see cref="TakenOverBy"/>): it carries no state.</summary>
    public readonly bool IsRetirementNotice => Detached || !TakenOverBy.IsEmpty;
}
