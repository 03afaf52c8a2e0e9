using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mosh.Crypto;

/// <summary>
/// Software AES-128 with one 256-entry round table per direction (rotated per row).
/// Table lookups indexed by secret bytes are NOT constant-time: cache timing can leak key bits to a
/// local attacker. It is used only where the CPU has no AES instructions.
/// </summary>
/// <remarks>
/// A column of the state is held as a little-endian word (row 0 in the low byte), so round keys are read
/// straight out of <see cref="AesRoundKeys"/> without byte swapping. .NET runs only on little-endian hosts.
/// </remarks>
internal readonly struct Aes128Portable : IAes128
{
    public static bool IsSupported => true;

    private static readonly byte[] s_sbox = BuildSbox();
    private static readonly byte[] s_inverseSbox = BuildInverseSbox(s_sbox);
    // Te[x]: the column contribution of S[x] in row 0 after MixColumns, (2s, s, s, 3s); row r is rotl(.., 8r).
    private static readonly uint[] s_encryptTable = BuildTable(s_sbox, 2, 1, 1, 3);
    // Td[x]: the column contribution of InvS[x] in row 0 after InvMixColumns, (14s, 9s, 13s, 11s).
    private static readonly uint[] s_decryptTable = BuildTable(s_inverseSbox, 14, 9, 13, 11);

    public static void ExpandKey(ReadOnlySpan<byte> key, ref AesRoundKeys encrypt, ref AesRoundKeys decrypt)
    {
        Span<uint> w = stackalloc uint[4 * AesRoundKeys.Count];
        for (int i = 0; i < 4; i++)
            w[i] = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(4 * i));
        uint rcon = 1;
        for (int i = 4; i < w.Length; i++)
        {
            uint t = w[i - 1];
            if (i % 4 == 0)
            {
                t = SubWord(BitOperations.RotateRight(t, 8)) ^ rcon;
                rcon = Gf256.Double((byte)rcon);
            }
            w[i] = w[i - 4] ^ t;
        }
        for (int r = 0; r < AesRoundKeys.Count; r++)
            encrypt[r] = Vector128.Create(w[4 * r], w[4 * r + 1], w[4 * r + 2], w[4 * r + 3]).AsByte();

        decrypt[0] = encrypt[AesRoundKeys.Count - 1];
        for (int r = 1; r < AesRoundKeys.Count - 1; r++)
        {
            int s = 4 * (AesRoundKeys.Count - 1 - r);
            decrypt[r] = Vector128.Create(
                InverseMixColumn(w[s]), InverseMixColumn(w[s + 1]),
                InverseMixColumn(w[s + 2]), InverseMixColumn(w[s + 3])).AsByte();
        }
        decrypt[AesRoundKeys.Count - 1] = encrypt[0];
        w.Clear();
    }

    public static Vector128<byte> Encrypt(Vector128<byte> block, ref readonly AesRoundKeys keys)
    {
        ref uint te = ref MemoryMarshal.GetArrayDataReference(s_encryptTable);
        Vector128<uint> k = keys[0].AsUInt32();
        Vector128<uint> b = block.AsUInt32();
        uint s0 = b.GetElement(0) ^ k.GetElement(0), s1 = b.GetElement(1) ^ k.GetElement(1);
        uint s2 = b.GetElement(2) ^ k.GetElement(2), s3 = b.GetElement(3) ^ k.GetElement(3);
        for (int r = 1; r < AesRoundKeys.Count - 1; r++)
        {
            k = keys[r].AsUInt32();
            uint t0 = Column(ref te, s0, s1, s2, s3) ^ k.GetElement(0);
            uint t1 = Column(ref te, s1, s2, s3, s0) ^ k.GetElement(1);
            uint t2 = Column(ref te, s2, s3, s0, s1) ^ k.GetElement(2);
            uint t3 = Column(ref te, s3, s0, s1, s2) ^ k.GetElement(3);
            s0 = t0; s1 = t1; s2 = t2; s3 = t3;
        }
        ref byte sbox = ref MemoryMarshal.GetArrayDataReference(s_sbox);
        k = keys[AesRoundKeys.Count - 1].AsUInt32();
        return Vector128.Create(
            LastColumn(ref sbox, s0, s1, s2, s3) ^ k.GetElement(0),
            LastColumn(ref sbox, s1, s2, s3, s0) ^ k.GetElement(1),
            LastColumn(ref sbox, s2, s3, s0, s1) ^ k.GetElement(2),
            LastColumn(ref sbox, s3, s0, s1, s2) ^ k.GetElement(3)).AsByte();
    }

    public static Vector128<byte> Decrypt(Vector128<byte> block, ref readonly AesRoundKeys keys)
    {
        ref uint td = ref MemoryMarshal.GetArrayDataReference(s_decryptTable);
        Vector128<uint> k = keys[0].AsUInt32();
        Vector128<uint> b = block.AsUInt32();
        uint s0 = b.GetElement(0) ^ k.GetElement(0), s1 = b.GetElement(1) ^ k.GetElement(1);
        uint s2 = b.GetElement(2) ^ k.GetElement(2), s3 = b.GetElement(3) ^ k.GetElement(3);
        // InvShiftRows moves row r right by r columns, so output column j takes row r from column j - r.
        for (int r = 1; r < AesRoundKeys.Count - 1; r++)
        {
            k = keys[r].AsUInt32();
            uint t0 = Column(ref td, s0, s3, s2, s1) ^ k.GetElement(0);
            uint t1 = Column(ref td, s1, s0, s3, s2) ^ k.GetElement(1);
            uint t2 = Column(ref td, s2, s1, s0, s3) ^ k.GetElement(2);
            uint t3 = Column(ref td, s3, s2, s1, s0) ^ k.GetElement(3);
            s0 = t0; s1 = t1; s2 = t2; s3 = t3;
        }
        ref byte inverseSbox = ref MemoryMarshal.GetArrayDataReference(s_inverseSbox);
        k = keys[AesRoundKeys.Count - 1].AsUInt32();
        return Vector128.Create(
            LastColumn(ref inverseSbox, s0, s3, s2, s1) ^ k.GetElement(0),
            LastColumn(ref inverseSbox, s1, s0, s3, s2) ^ k.GetElement(1),
            LastColumn(ref inverseSbox, s2, s1, s0, s3) ^ k.GetElement(2),
            LastColumn(ref inverseSbox, s3, s2, s1, s0) ^ k.GetElement(3)).AsByte();
    }

    // Software AES gains nothing from interleaving; the batch forms just run block by block.
    public static void Encrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesRoundKeys keys)
    {
        b0 = Encrypt(b0, in keys); b1 = Encrypt(b1, in keys); b2 = Encrypt(b2, in keys); b3 = Encrypt(b3, in keys);
        b4 = Encrypt(b4, in keys); b5 = Encrypt(b5, in keys); b6 = Encrypt(b6, in keys); b7 = Encrypt(b7, in keys);
    }

    public static void Decrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly AesRoundKeys keys)
    {
        b0 = Decrypt(b0, in keys); b1 = Decrypt(b1, in keys); b2 = Decrypt(b2, in keys); b3 = Decrypt(b3, in keys);
        b4 = Decrypt(b4, in keys); b5 = Decrypt(b5, in keys); b6 = Decrypt(b6, in keys); b7 = Decrypt(b7, in keys);
    }

    public static void Decrypt7Encrypt1(
        ref Vector128<byte> d0, ref Vector128<byte> d1, ref Vector128<byte> d2, ref Vector128<byte> d3,
        ref Vector128<byte> d4, ref Vector128<byte> d5, ref Vector128<byte> d6, ref Vector128<byte> e,
        ref readonly AesRoundKeys decryptKeys, ref readonly AesRoundKeys encryptKeys)
    {
        d0 = Decrypt(d0, in decryptKeys); d1 = Decrypt(d1, in decryptKeys); d2 = Decrypt(d2, in decryptKeys);
        d3 = Decrypt(d3, in decryptKeys); d4 = Decrypt(d4, in decryptKeys); d5 = Decrypt(d5, in decryptKeys);
        d6 = Decrypt(d6, in decryptKeys); e = Encrypt(e, in encryptKeys);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Column(ref uint table, uint row0From, uint row1From, uint row2From, uint row3From) =>
        Unsafe.Add(ref table, row0From & 0xFF)
        ^ BitOperations.RotateLeft(Unsafe.Add(ref table, (row1From >> 8) & 0xFF), 8)
        ^ BitOperations.RotateLeft(Unsafe.Add(ref table, (row2From >> 16) & 0xFF), 16)
        ^ BitOperations.RotateLeft(Unsafe.Add(ref table, row3From >> 24), 24);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LastColumn(ref byte sbox, uint row0From, uint row1From, uint row2From, uint row3From) =>
        Unsafe.Add(ref sbox, row0From & 0xFF)
        | ((uint)Unsafe.Add(ref sbox, (row1From >> 8) & 0xFF) << 8)
        | ((uint)Unsafe.Add(ref sbox, (row2From >> 16) & 0xFF) << 16)
        | ((uint)Unsafe.Add(ref sbox, row3From >> 24) << 24);

    private static uint SubWord(uint w) =>
        s_sbox[w & 0xFF] | ((uint)s_sbox[(w >> 8) & 0xFF] << 8)
        | ((uint)s_sbox[(w >> 16) & 0xFF] << 16) | ((uint)s_sbox[w >> 24] << 24);

    // InvMixColumns of one column: Td[S[x]] is the InvMixColumns contribution of x itself.
    private static uint InverseMixColumn(uint w)
    {
        uint[] td = s_decryptTable;
        byte[] s = s_sbox;
        return td[s[w & 0xFF]]
            ^ BitOperations.RotateLeft(td[s[(w >> 8) & 0xFF]], 8)
            ^ BitOperations.RotateLeft(td[s[(w >> 16) & 0xFF]], 16)
            ^ BitOperations.RotateLeft(td[s[w >> 24]], 24);
    }

    private static byte[] BuildSbox()
    {
        // Multiplicative inverse in GF(2^8) via powers of the generator 3, then the FIPS-197 affine map.
        Span<byte> exp = stackalloc byte[256];
        Span<byte> log = stackalloc byte[256];
        byte x = 1;
        for (int i = 0; i < 255; i++)
        {
            exp[i] = x;
            log[x] = (byte)i;
            x = (byte)(x ^ Gf256.Double(x));
        }
        var sbox = new byte[256];
        for (int v = 0; v < 256; v++)
        {
            byte inverse = v == 0 ? (byte)0 : exp[(255 - log[v]) % 255];
            int a = inverse;
            int rotated = a ^ Rotl8(a, 1) ^ Rotl8(a, 2) ^ Rotl8(a, 3) ^ Rotl8(a, 4);
            sbox[v] = (byte)(rotated ^ 0x63);
        }
        return sbox;

        static int Rotl8(int a, int n) => ((a << n) | (a >> (8 - n))) & 0xFF;
    }

    private static byte[] BuildInverseSbox(byte[] sbox)
    {
        var inverse = new byte[256];
        for (int v = 0; v < 256; v++)
            inverse[sbox[v]] = (byte)v;
        return inverse;
    }

    private static uint[] BuildTable(byte[] sbox, int c0, int c1, int c2, int c3)
    {
        var table = new uint[256];
        for (int v = 0; v < 256; v++)
        {
            byte s = sbox[v];
            table[v] = Gf256.Multiply(s, c0) | ((uint)Gf256.Multiply(s, c1) << 8)
                | ((uint)Gf256.Multiply(s, c2) << 16) | ((uint)Gf256.Multiply(s, c3) << 24);
        }
        return table;
    }
}
