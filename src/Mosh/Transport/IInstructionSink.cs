namespace Mosh.Transport;

/// <summary>
/// Where a transport's outgoing instructions go: the wire pipeline (protobuf, zlib, fragments,
/// encryption) in the programs, an in-memory link in tests. The instruction's
/// <see cref="Instruction.Diff"/> and <see cref="Instruction.Chaff"/> are views into the
/// sender's buffers, valid only during the call: copy what must outlive it.
/// </summary>
public interface IInstructionSink
{
    void Send(in Instruction instruction);
}
