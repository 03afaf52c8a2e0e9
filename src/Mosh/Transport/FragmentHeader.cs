using System.Buffers.Binary;

namespace Mosh.Transport;

/// <summary>
/// The 10-byte header in front of every fragment (protocol §4.1): the instruction id (u64 BE), then
/// a u16 BE whose top bit marks the final fragment and whose low 15 bits number it.
/// </summary>
public readonly struct FragmentHeader
{
    public const int Length = 10;

    /// <summary>The 15-bit fragment number caps an instruction at 32 767 fragments.</summary>
    public const int MaxFragmentNumber = 0x7FFF;

    private const ushort FinalBit = 0x8000;

    public readonly ulong InstructionId;
    public readonly ushort Number;
    public readonly bool Final;

    public FragmentHeader(ulong instructionId, ushort number, bool final)
    {
        InstructionId = instructionId;
        Number = (ushort)(number & MaxFragmentNumber);
        Final = final;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, InstructionId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)(Number | (Final ? FinalBit : 0)));
    }

    /// <summary>Split a fragment into header and contents; false if it is shorter than the header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> fragment, out FragmentHeader header, out ReadOnlySpan<byte> contents)
    {
        if (fragment.Length < Length)
        {
            header = default;
            contents = default;
            return false;
        }
        ushort n = BinaryPrimitives.ReadUInt16BigEndian(fragment[8..]);
        header = new FragmentHeader(BinaryPrimitives.ReadUInt64BigEndian(fragment), (ushort)(n & MaxFragmentNumber), (n & FinalBit) != 0);
        contents = fragment[Length..];
        return true;
    }
}
