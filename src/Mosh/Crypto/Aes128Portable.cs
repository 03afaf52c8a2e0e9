using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mosh.Crypto;

/// <summary>
/// Software AES-128 for CPUs without AES instructions (ARM boards without the Cryptography
/// Extension such as the Raspberry Pi 4, older x86): constant-time, bitsliced eight blocks per pass
/// (<see cref="BitslicedAes"/>). A lone block costs a whole pass, which is why OCB hands over its
/// blocks eight at a time.
/// </summary>
internal readonly struct Aes128Portable : IAes128
{
    public static bool IsSupported => true;

    public static void ExpandKey(ReadOnlySpan<byte> key, ref AesKeySchedule schedule) =>
        BitslicedAes.ExpandKey(key, ref schedule.Encrypt, ref schedule.Decrypt, ref schedule.Bitsliced);

    public static Vector128<byte> Encrypt(Vector128<byte> block, ref readonly AesKeySchedule schedule)
    {
        Vector128<byte> b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        BitslicedAes.Encrypt8(ref block, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule.Bitsliced);
        return block;
    }

    public static Vector128<byte> Decrypt(Vector128<byte> block, ref readonly AesKeySchedule schedule)
    {
        Vector128<byte> b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        BitslicedAes.Decrypt8(ref block, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule.Bitsliced);
        return block;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Encrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesKeySchedule schedule) =>
        BitslicedAes.Encrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule.Bitsliced);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesKeySchedule schedule) =>
        BitslicedAes.Decrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule.Bitsliced);

    /// <summary>Two passes: a bitsliced pass runs one direction only.</summary>
    public static void Decrypt7Encrypt1(
        ref Vector128<byte> d0, ref Vector128<byte> d1, ref Vector128<byte> d2, ref Vector128<byte> d3,
        ref Vector128<byte> d4, ref Vector128<byte> d5, ref Vector128<byte> d6, ref Vector128<byte> e,
        ref readonly AesKeySchedule schedule)
    {
        Vector128<byte> unused = default;
        BitslicedAes.Decrypt8(ref d0, ref d1, ref d2, ref d3, ref d4, ref d5, ref d6, ref unused, in schedule.Bitsliced);
        e = Encrypt(e, in schedule);
    }
}
