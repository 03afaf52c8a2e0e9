using System.Runtime.Intrinsics;

namespace Mosh.Crypto;

/// <summary>
/// One AES-128 code path. Implemented by empty structs so that generic OCB code over
/// <c>TAes : struct, IAes128</c> is specialised per path and every call is direct and inlinable.
/// The multi-block forms exist so independent blocks overlap in the AES pipeline (hardware paths)
/// or share one bitsliced pass (the portable path).
/// </summary>
internal interface IAes128
{
    static abstract bool IsSupported { get; }

    /// <summary>Fills the parts of <paramref name="schedule"/> this path uses (and, for the portable path, all of them).</summary>
    static abstract void ExpandKey(ReadOnlySpan<byte> key, ref AesKeySchedule schedule);

    static abstract Vector128<byte> Encrypt(Vector128<byte> block, ref readonly AesKeySchedule schedule);

    static abstract Vector128<byte> Decrypt(Vector128<byte> block, ref readonly AesKeySchedule schedule);

    static abstract void Encrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesKeySchedule schedule);

    static abstract void Decrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesKeySchedule schedule);

    /// <summary>Decrypts seven blocks and encrypts one, interleaved (OCB decryption's last blocks and its pad).</summary>
    static abstract void Decrypt7Encrypt1(
        ref Vector128<byte> d0, ref Vector128<byte> d1, ref Vector128<byte> d2, ref Vector128<byte> d3,
        ref Vector128<byte> d4, ref Vector128<byte> d5, ref Vector128<byte> d6, ref Vector128<byte> e,
        ref readonly AesKeySchedule schedule);
}
