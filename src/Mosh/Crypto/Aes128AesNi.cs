using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Mosh.Crypto;

/// <summary>
/// AES-128 on x86 AES-NI. AESENC has a latency of several cycles but issues once or twice per cycle,
/// so the batch forms run eight independent blocks round by round to keep the units busy.
/// </summary>
internal readonly struct Aes128AesNi : IAes128
{
    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    public static void ExpandKey(ReadOnlySpan<byte> key, ref AesKeySchedule schedule)
    {
        ref AesRoundKeys encrypt = ref schedule.Encrypt;
        ref AesRoundKeys decrypt = ref schedule.Decrypt;
        Vector128<byte> k = Vector128.Create(key);
        encrypt[0] = k;
        // KeygenAssist needs its round constant as an immediate, hence the unrolled calls.
        encrypt[1] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x01));
        encrypt[2] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x02));
        encrypt[3] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x04));
        encrypt[4] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x08));
        encrypt[5] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x10));
        encrypt[6] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x20));
        encrypt[7] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x40));
        encrypt[8] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x80));
        encrypt[9] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x1B));
        encrypt[10] = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x36));

        decrypt[0] = encrypt[10];
        for (int r = 1; r < AesRoundKeys.Count - 1; r++)
            decrypt[r] = X86Aes.InverseMixColumns(encrypt[AesRoundKeys.Count - 1 - r]);
        decrypt[10] = encrypt[0];
    }

    // w4..w7 = prefix-xor of w0..w3, each xored with SubWord(RotWord(w3)) ^ rcon (word 3 of KeygenAssist).
    private static Vector128<byte> NextRoundKey(Vector128<byte> key, Vector128<byte> assist)
    {
        Vector128<byte> t = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Encrypt(Vector128<byte> block, ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys keys = ref schedule.Encrypt;
        block ^= keys[0];
        block = X86Aes.Encrypt(block, keys[1]);
        block = X86Aes.Encrypt(block, keys[2]);
        block = X86Aes.Encrypt(block, keys[3]);
        block = X86Aes.Encrypt(block, keys[4]);
        block = X86Aes.Encrypt(block, keys[5]);
        block = X86Aes.Encrypt(block, keys[6]);
        block = X86Aes.Encrypt(block, keys[7]);
        block = X86Aes.Encrypt(block, keys[8]);
        block = X86Aes.Encrypt(block, keys[9]);
        return X86Aes.EncryptLast(block, keys[10]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Decrypt(Vector128<byte> block, ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys keys = ref schedule.Decrypt;
        block ^= keys[0];
        block = X86Aes.Decrypt(block, keys[1]);
        block = X86Aes.Decrypt(block, keys[2]);
        block = X86Aes.Decrypt(block, keys[3]);
        block = X86Aes.Decrypt(block, keys[4]);
        block = X86Aes.Decrypt(block, keys[5]);
        block = X86Aes.Decrypt(block, keys[6]);
        block = X86Aes.Decrypt(block, keys[7]);
        block = X86Aes.Decrypt(block, keys[8]);
        block = X86Aes.Decrypt(block, keys[9]);
        return X86Aes.DecryptLast(block, keys[10]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Encrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys keys = ref schedule.Encrypt;
        Vector128<byte> k = keys[0];
        b0 ^= k; b1 ^= k; b2 ^= k; b3 ^= k; b4 ^= k; b5 ^= k; b6 ^= k; b7 ^= k;
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[1]);
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[2]);
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[3]);
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[4]);
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[5]);
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[6]);
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[7]);
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[8]);
        EncryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[9]);
        k = keys[10];
        b0 = X86Aes.EncryptLast(b0, k); b1 = X86Aes.EncryptLast(b1, k);
        b2 = X86Aes.EncryptLast(b2, k); b3 = X86Aes.EncryptLast(b3, k);
        b4 = X86Aes.EncryptLast(b4, k); b5 = X86Aes.EncryptLast(b5, k);
        b6 = X86Aes.EncryptLast(b6, k); b7 = X86Aes.EncryptLast(b7, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys keys = ref schedule.Decrypt;
        Vector128<byte> k = keys[0];
        b0 ^= k; b1 ^= k; b2 ^= k; b3 ^= k; b4 ^= k; b5 ^= k; b6 ^= k; b7 ^= k;
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[1]);
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[2]);
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[3]);
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[4]);
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[5]);
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[6]);
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[7]);
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[8]);
        DecryptRound8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, keys[9]);
        k = keys[10];
        b0 = X86Aes.DecryptLast(b0, k); b1 = X86Aes.DecryptLast(b1, k);
        b2 = X86Aes.DecryptLast(b2, k); b3 = X86Aes.DecryptLast(b3, k);
        b4 = X86Aes.DecryptLast(b4, k); b5 = X86Aes.DecryptLast(b5, k);
        b6 = X86Aes.DecryptLast(b6, k); b7 = X86Aes.DecryptLast(b7, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decrypt7Encrypt1(
        ref Vector128<byte> d0, ref Vector128<byte> d1, ref Vector128<byte> d2, ref Vector128<byte> d3,
        ref Vector128<byte> d4, ref Vector128<byte> d5, ref Vector128<byte> d6, ref Vector128<byte> e,
        ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys decryptKeys = ref schedule.Decrypt;
        ref readonly AesRoundKeys encryptKeys = ref schedule.Encrypt;
        Vector128<byte> k = decryptKeys[0];
        d0 ^= k; d1 ^= k; d2 ^= k; d3 ^= k; d4 ^= k; d5 ^= k; d6 ^= k;
        e ^= encryptKeys[0];
        for (int r = 1; r < AesRoundKeys.Count - 1; r++)
        {
            k = decryptKeys[r];
            d0 = X86Aes.Decrypt(d0, k); d1 = X86Aes.Decrypt(d1, k); d2 = X86Aes.Decrypt(d2, k);
            d3 = X86Aes.Decrypt(d3, k); d4 = X86Aes.Decrypt(d4, k); d5 = X86Aes.Decrypt(d5, k);
            d6 = X86Aes.Decrypt(d6, k); e = X86Aes.Encrypt(e, encryptKeys[r]);
        }
        k = decryptKeys[10];
        d0 = X86Aes.DecryptLast(d0, k); d1 = X86Aes.DecryptLast(d1, k); d2 = X86Aes.DecryptLast(d2, k);
        d3 = X86Aes.DecryptLast(d3, k); d4 = X86Aes.DecryptLast(d4, k); d5 = X86Aes.DecryptLast(d5, k);
        d6 = X86Aes.DecryptLast(d6, k); e = X86Aes.EncryptLast(e, encryptKeys[10]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EncryptRound8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        Vector128<byte> k)
    {
        b0 = X86Aes.Encrypt(b0, k); b1 = X86Aes.Encrypt(b1, k); b2 = X86Aes.Encrypt(b2, k); b3 = X86Aes.Encrypt(b3, k);
        b4 = X86Aes.Encrypt(b4, k); b5 = X86Aes.Encrypt(b5, k); b6 = X86Aes.Encrypt(b6, k); b7 = X86Aes.Encrypt(b7, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecryptRound8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        Vector128<byte> k)
    {
        b0 = X86Aes.Decrypt(b0, k); b1 = X86Aes.Decrypt(b1, k); b2 = X86Aes.Decrypt(b2, k); b3 = X86Aes.Decrypt(b3, k);
        b4 = X86Aes.Decrypt(b4, k); b5 = X86Aes.Decrypt(b5, k); b6 = X86Aes.Decrypt(b6, k); b7 = X86Aes.Decrypt(b7, k);
    }
}
