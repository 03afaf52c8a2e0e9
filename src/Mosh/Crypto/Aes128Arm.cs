using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;

namespace Mosh.Crypto;

/// <summary>
/// AES-128 on the ARMv8 Cryptography Extension. AESE/AESD do AddRoundKey first (then the byte
/// substitution and row shift) and leave (Inv)MixColumns to AESMC/AESIMC, so the round-key xor sits
/// one step earlier than on x86 and the final key is a plain xor. The same equivalent-inverse-cipher
/// decryption keys as AES-NI work here.
/// </summary>
internal readonly struct Aes128Arm : IAes128
{
    public static bool IsSupported => ArmAes.IsSupported;

    public static void ExpandKey(ReadOnlySpan<byte> key, ref AesKeySchedule schedule)
    {
        ref AesRoundKeys encrypt = ref schedule.Encrypt;
        ref AesRoundKeys decrypt = ref schedule.Decrypt;
        uint w0 = BinaryPrimitives.ReadUInt32LittleEndian(key);
        uint w1 = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(4));
        uint w2 = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(8));
        uint w3 = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(12));
        encrypt[0] = Vector128.Create(w0, w1, w2, w3).AsByte();
        byte rcon = 1;
        for (int r = 1; r < AesRoundKeys.Count; r++)
        {
            w0 ^= SubWord(BitOperations.RotateRight(w3, 8)) ^ rcon;
            w1 ^= w0;
            w2 ^= w1;
            w3 ^= w2;
            encrypt[r] = Vector128.Create(w0, w1, w2, w3).AsByte();
            rcon = Gf256.Double(rcon);
        }

        decrypt[0] = encrypt[10];
        for (int r = 1; r < AesRoundKeys.Count - 1; r++)
            decrypt[r] = ArmAes.InverseMixColumns(encrypt[AesRoundKeys.Count - 1 - r]);
        decrypt[10] = encrypt[0];
    }

    // With the word in all four columns, ShiftRows is the identity, so AESE with a zero key is SubWord.
    private static uint SubWord(uint w) =>
        ArmAes.Encrypt(Vector128.Create(w).AsByte(), Vector128<byte>.Zero).AsUInt32().GetElement(0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Encrypt(Vector128<byte> block, ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys keys = ref schedule.Encrypt;
        for (int r = 0; r < AesRoundKeys.Count - 2; r++)
            block = ArmAes.MixColumns(ArmAes.Encrypt(block, keys[r]));
        return ArmAes.Encrypt(block, keys[9]) ^ keys[10];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Decrypt(Vector128<byte> block, ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys keys = ref schedule.Decrypt;
        for (int r = 0; r < AesRoundKeys.Count - 2; r++)
            block = ArmAes.InverseMixColumns(ArmAes.Decrypt(block, keys[r]));
        return ArmAes.Decrypt(block, keys[9]) ^ keys[10];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Encrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys keys = ref schedule.Encrypt;
        Vector128<byte> k;
        for (int r = 0; r < AesRoundKeys.Count - 2; r++)
        {
            k = keys[r];
            b0 = EncryptRound(b0, k); b1 = EncryptRound(b1, k); b2 = EncryptRound(b2, k); b3 = EncryptRound(b3, k);
            b4 = EncryptRound(b4, k); b5 = EncryptRound(b5, k); b6 = EncryptRound(b6, k); b7 = EncryptRound(b7, k);
        }
        k = keys[9];
        Vector128<byte> last = keys[10];
        b0 = ArmAes.Encrypt(b0, k) ^ last; b1 = ArmAes.Encrypt(b1, k) ^ last;
        b2 = ArmAes.Encrypt(b2, k) ^ last; b3 = ArmAes.Encrypt(b3, k) ^ last;
        b4 = ArmAes.Encrypt(b4, k) ^ last; b5 = ArmAes.Encrypt(b5, k) ^ last;
        b6 = ArmAes.Encrypt(b6, k) ^ last; b7 = ArmAes.Encrypt(b7, k) ^ last;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys keys = ref schedule.Decrypt;
        Vector128<byte> k;
        for (int r = 0; r < AesRoundKeys.Count - 2; r++)
        {
            k = keys[r];
            b0 = DecryptRound(b0, k); b1 = DecryptRound(b1, k); b2 = DecryptRound(b2, k); b3 = DecryptRound(b3, k);
            b4 = DecryptRound(b4, k); b5 = DecryptRound(b5, k); b6 = DecryptRound(b6, k); b7 = DecryptRound(b7, k);
        }
        k = keys[9];
        Vector128<byte> last = keys[10];
        b0 = ArmAes.Decrypt(b0, k) ^ last; b1 = ArmAes.Decrypt(b1, k) ^ last;
        b2 = ArmAes.Decrypt(b2, k) ^ last; b3 = ArmAes.Decrypt(b3, k) ^ last;
        b4 = ArmAes.Decrypt(b4, k) ^ last; b5 = ArmAes.Decrypt(b5, k) ^ last;
        b6 = ArmAes.Decrypt(b6, k) ^ last; b7 = ArmAes.Decrypt(b7, k) ^ last;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decrypt7Encrypt1(
        ref Vector128<byte> d0, ref Vector128<byte> d1, ref Vector128<byte> d2, ref Vector128<byte> d3,
        ref Vector128<byte> d4, ref Vector128<byte> d5, ref Vector128<byte> d6, ref Vector128<byte> e,
        ref readonly AesKeySchedule schedule)
    {
        ref readonly AesRoundKeys decryptKeys = ref schedule.Decrypt;
        ref readonly AesRoundKeys encryptKeys = ref schedule.Encrypt;
        Vector128<byte> k;
        for (int r = 0; r < AesRoundKeys.Count - 2; r++)
        {
            k = decryptKeys[r];
            d0 = DecryptRound(d0, k); d1 = DecryptRound(d1, k); d2 = DecryptRound(d2, k); d3 = DecryptRound(d3, k);
            d4 = DecryptRound(d4, k); d5 = DecryptRound(d5, k); d6 = DecryptRound(d6, k);
            e = EncryptRound(e, encryptKeys[r]);
        }
        k = decryptKeys[9];
        Vector128<byte> last = decryptKeys[10];
        d0 = ArmAes.Decrypt(d0, k) ^ last; d1 = ArmAes.Decrypt(d1, k) ^ last; d2 = ArmAes.Decrypt(d2, k) ^ last;
        d3 = ArmAes.Decrypt(d3, k) ^ last; d4 = ArmAes.Decrypt(d4, k) ^ last; d5 = ArmAes.Decrypt(d5, k) ^ last;
        d6 = ArmAes.Decrypt(d6, k) ^ last;
        e = ArmAes.Encrypt(e, encryptKeys[9]) ^ encryptKeys[10];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> EncryptRound(Vector128<byte> block, Vector128<byte> key) =>
        ArmAes.MixColumns(ArmAes.Encrypt(block, key));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> DecryptRound(Vector128<byte> block, Vector128<byte> key) =>
        ArmAes.InverseMixColumns(ArmAes.Decrypt(block, key));
}
