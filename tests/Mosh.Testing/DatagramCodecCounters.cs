using System.Runtime.CompilerServices;
using Mosh.Network;

namespace Mosh.Testing;

/// <summary>
/// Moves a <see cref="DatagramCodec"/>'s send counters forward, so tests can reach the
/// sequence-number and key-usage limits without sending 2^63 datagrams. Reaches the private
/// fields from outside, so the shipped codec carries no test-only member.
/// </summary>
public static class DatagramCodecCounters
{
    public static void Set(DatagramCodec codec, ulong nextSequence, ulong blocksEncrypted)
    {
        NextSequence(codec) = nextSequence;
        BlocksEncrypted(codec) = blocksEncrypted;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_nextSequence")]
    private static extern ref ulong NextSequence(DatagramCodec codec);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_blocksEncrypted")]
    private static extern ref ulong BlocksEncrypted(DatagramCodec codec);
}
