using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mosh.Crypto;

/// <summary>
/// The eleven AES-128 round keys as bit planes (see <see cref="BitslicedAes"/>): plane 8·r + b holds
/// bit b of every byte of round key r, each bit spread over the eight block positions of a byte
/// (0x00 or 0xFF), so adding a round key to eight bitsliced blocks is eight xors.
/// </summary>
[InlineArray(Count)]
internal struct BitslicedRoundKeys
{
    public const int Count = AesRoundKeys.Count * 8;

    private Vector128<byte> _first;
}
