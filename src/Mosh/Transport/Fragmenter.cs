using System.Runtime.CompilerServices;

namespace Mosh.Transport;

/// <summary>
/// Cuts a compressed instruction into fragments of at most MTU − 38 bytes of contents and picks
/// the instruction id (protocol §4.1). The id stays the same only when the instruction's numbers,
/// version, chaff and the MTU are unchanged, so a retransmission of identical bytes keeps its
/// id and the receiver can still combine fragments of both copies.
/// </summary>
public struct Fragmenter
{
    /// <summary>Chaff we compare inline; longer chaff (never produced by us) always counts as changed.</summary>
    private const int MaxComparedChaff = 16;

    [InlineArray(MaxComparedChaff)]
    private struct ChaffBytes { private byte _b; }

    private ulong _lastId;
    private bool _hasLast;
    private uint _version;
    private ulong _old, _new, _ack, _throwaway;
    private int _mtu;
    private int _chaffLength;
    private ChaffBytes _chaff;

    /// <summary>The id used by the last call to <see cref="AssignId"/> (0 before the first).</summary>
    public readonly ulong LastId => _lastId;

    /// <summary>
    /// The id for this instruction: the previous one when nothing the receiver compares has
    /// changed, otherwise the next (the first id is 1).
    /// </summary>
    public ulong AssignId(in Instruction instruction, int datagramMtu)
    {
        ReadOnlySpan<byte> chaff = instruction.Chaff.Span;
        bool same = _hasLast
            && _version == instruction.ProtocolVersion
            && _old == instruction.OldNum
            && _new == instruction.NewNum
            && _ack == instruction.AckNum
            && _throwaway == instruction.ThrowawayNum
            && _mtu == datagramMtu
            && chaff.Length <= MaxComparedChaff
            && chaff.SequenceEqual(((ReadOnlySpan<byte>)_chaff)[.._chaffLength]);
        if (same)
            return _lastId;

        _lastId++;
        _hasLast = true;
        _version = instruction.ProtocolVersion;
        _old = instruction.OldNum;
        _new = instruction.NewNum;
        _ack = instruction.AckNum;
        _throwaway = instruction.ThrowawayNum;
        _mtu = datagramMtu;
        if (chaff.Length <= MaxComparedChaff)
        {
            chaff.CopyTo(_chaff);
            _chaffLength = chaff.Length;
        }
        else
        {
            _hasLast = false; // cannot compare next time: force a new id
        }
        return _lastId;
    }

    /// <summary>How many fragments a compressed instruction needs; 0 if it cannot be sent (too large or MTU too small).</summary>
    public static int FragmentCount(int compressedLength, int datagramMtu)
    {
        int per = Network.Mtu.MaxFragmentContents(datagramMtu);
        if (per <= 0 || compressedLength < 0)
            return 0;
        long count = compressedLength == 0 ? 1 : ((long)compressedLength + per - 1) / per;
        return count > FragmentHeader.MaxFragmentNumber + 1 ? 0 : (int)count;
    }

    /// <summary>
    /// Write fragment <paramref name="index"/> (header + contents) into <paramref name="destination"/>;
    /// returns its length. The caller keeps <paramref name="index"/> below <see cref="FragmentCount"/>.
    /// </summary>
    public static int WriteFragment(ReadOnlySpan<byte> compressed, ulong instructionId, int index, int datagramMtu, Span<byte> destination)
    {
        int per = Network.Mtu.MaxFragmentContents(datagramMtu);
        int start = index * per;
        int length = Math.Min(per, compressed.Length - start);
        bool final = start + length >= compressed.Length;
        new FragmentHeader(instructionId, (ushort)index, final).Write(destination);
        compressed.Slice(start, length).CopyTo(destination[FragmentHeader.Length..]);
        return FragmentHeader.Length + length;
    }
}
