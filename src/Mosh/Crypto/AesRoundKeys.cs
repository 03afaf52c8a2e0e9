using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mosh.Crypto;

/// <summary>
/// The eleven 16-byte round keys of AES-128, each held in memory byte order (the order of the state's
/// bytes, column by column). Decryption keys use the "equivalent inverse cipher" layout of FIPS-197 §5.3.5:
/// reversed, with InvMixColumns applied to rounds 1..9, which is what AESDEC and AESD+AESIMC expect.
/// </summary>
[InlineArray(Count)]
internal struct AesRoundKeys
{
    public const int Count = 11;

    private Vector128<byte> _first;
}
