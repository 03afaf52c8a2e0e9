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
}
