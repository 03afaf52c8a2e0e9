using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mosh.Crypto;

/// <summary>
/// Constant-time AES-128 on eight blocks at once, bitsliced: no table lookup and no branch depends
/// on the key or the data, so cache and branch timing reveal nothing about either.
/// </summary>
/// <remarks>
/// <para>
/// Layout. Eight blocks become eight 128-bit <em>planes</em> s0…s7: byte i of plane b holds bit b of
/// state byte i of all eight blocks, block j in bit j. State byte i keeps its memory position
/// (column i / 4, row i % 4), so every byte permutation of the cipher — ShiftRows, and the row
/// rotations inside MixColumns — is one constant byte shuffle per plane (PSHUFB on x86 with SSSE3,
/// TBL on ARM64), and SubBytes is a Boolean circuit evaluated once for all 128 bytes.
/// Getting in and out of the layout is an 8×8 bit-matrix transpose at each byte position: three
/// rounds of swaps between pairs of planes.
/// </para>
/// <para>
/// SubBytes is the 113-gate S-box circuit of Boyar and Peralta ("A depth-16 circuit for the AES
/// S-box", 2011: 32 ANDs, 77 XORs, 4 XNORs). InvSubBytes is SubBytes between two inverse affine
/// maps, since S = A∘inv implies S⁻¹ = A⁻¹∘S∘A⁻¹ on top of inv being an involution. InvMixColumns is
/// MixColumns after multiplying each column by 04·x² + 05 (the matrix of InvMixColumns factors
/// through that of MixColumns). Decryption is the straightforward inverse cipher with the
/// encryption round keys in reverse order.
/// </para>
/// <para>
/// Cost: one pass costs the same for one block or eight (about 180 vector operations per round),
/// so callers batch; a single block pays for eight.
/// </para>
/// </remarks>
internal static class BitslicedAes
{
    /// <summary>Encrypts eight blocks in place with bitsliced round keys.</summary>
    public static void Encrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly BitslicedRoundKeys keys)
    {
        Transpose(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        AddRoundKey(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in keys, 0);
        for (int round = 1; round < AesRoundKeys.Count - 1; round++)
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in keys, round, RoundKind.Encrypt);
        Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in keys, AesRoundKeys.Count - 1, RoundKind.EncryptLast);
        Transpose(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
    }

    /// <summary>Decrypts eight blocks in place with the same bitsliced round keys as <see cref="Encrypt8"/>.</summary>
    public static void Decrypt8(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly BitslicedRoundKeys keys)
    {
        Transpose(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        AddRoundKey(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in keys, AesRoundKeys.Count - 1);
        for (int round = AesRoundKeys.Count - 2; round > 0; round--)
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in keys, round, RoundKind.Decrypt);
        Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in keys, 0, RoundKind.DecryptLast);
        Transpose(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
    }

    /// <summary>
    /// The AES-128 key schedule (FIPS-197 §5.2) without tables: SubWord runs through the bitsliced
    /// S-box. Fills the byte-order encryption keys, the equivalent-inverse-cipher decryption keys
    /// (InvMixColumns of rounds 1..9, as the hardware paths use them) and the bitsliced keys.
    /// </summary>
    public static void ExpandKey(ReadOnlySpan<byte> key, ref AesRoundKeys encrypt, ref AesRoundKeys decrypt, ref BitslicedRoundKeys bitsliced)
    {
        uint w0 = BinaryPrimitives.ReadUInt32LittleEndian(key);
        uint w1 = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(4));
        uint w2 = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(8));
        uint w3 = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(12));
        encrypt[0] = Vector128.Create(w0, w1, w2, w3).AsByte();
        uint rcon = 1;
        for (int r = 1; r < AesRoundKeys.Count; r++)
        {
            w0 ^= SubWord(BitOperations.RotateRight(w3, 8)) ^ rcon;
            w1 ^= w0;
            w2 ^= w1;
            w3 ^= w2;
            encrypt[r] = Vector128.Create(w0, w1, w2, w3).AsByte();
            rcon = Gf256.Double((byte)rcon); // the round constant is public
        }
        w0 = w1 = w2 = w3 = 0;

        for (int r = 0; r < AesRoundKeys.Count; r++)
            Bitslice(encrypt[r], ref bitsliced, r);

        decrypt[0] = encrypt[AesRoundKeys.Count - 1];
        for (int r = 1; r < AesRoundKeys.Count - 1; r++)
            decrypt[r] = InverseMixColumns(encrypt[AesRoundKeys.Count - 1 - r]);
        decrypt[AesRoundKeys.Count - 1] = encrypt[0];
    }

    /// <summary>SubWord: the S-box on each byte of a word, via the circuit (byte order is kept).</summary>
    private static uint SubWord(uint word)
    {
        Vector128<byte> s0 = Vector128.CreateScalar(word).AsByte(), s1 = default, s2 = default, s3 = default;
        Vector128<byte> s4 = default, s5 = default, s6 = default, s7 = default;
        Transpose(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
        BitslicedRoundKeys unused = default;
        Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, in unused, 0, RoundKind.SubBytesOnly);
        Transpose(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
        return s0.AsUInt32().ToScalar();
    }

    /// <summary>InvMixColumns of one 16-byte state, for the equivalent-inverse-cipher keys.</summary>
    private static Vector128<byte> InverseMixColumns(Vector128<byte> state)
    {
        Vector128<byte> s0 = state, s1 = state, s2 = state, s3 = state, s4 = state, s5 = state, s6 = state, s7 = state;
        Transpose(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
        InverseMixColumns(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
        Transpose(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
        return s0;
    }

    /// <summary>Round key <paramref name="round"/> as bit planes: the same key in all eight block positions.</summary>
    private static void Bitslice(Vector128<byte> roundKey, ref BitslicedRoundKeys keys, int round)
    {
        Vector128<byte> s0 = roundKey, s1 = roundKey, s2 = roundKey, s3 = roundKey;
        Vector128<byte> s4 = roundKey, s5 = roundKey, s6 = roundKey, s7 = roundKey;
        Transpose(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
        int at = 8 * round;
        keys[at] = s0; keys[at + 1] = s1; keys[at + 2] = s2; keys[at + 3] = s3;
        keys[at + 4] = s4; keys[at + 5] = s5; keys[at + 6] = s6; keys[at + 7] = s7;
    }

    /// <summary>
    /// The 8×8 bit transpose at every byte position between "register j = block j, bit b of a byte =
    /// bit b" and "register b = plane b, bit j of a byte = block j". It is its own inverse.
    /// Each swap exchanges one bit of the register number with the same bit of the bit number.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Transpose(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7)
    {
        Vector128<byte> s0 = b0, s1 = b1, s2 = b2, s3 = b3, s4 = b4, s5 = b5, s6 = b6, s7 = b7;
        Vector128<byte> m1 = Vector128.Create((byte)0x55), m2 = Vector128.Create((byte)0x33), m4 = Vector128.Create((byte)0x0F);
        SwapBits(ref s0, ref s1, 1, m1); SwapBits(ref s2, ref s3, 1, m1); SwapBits(ref s4, ref s5, 1, m1); SwapBits(ref s6, ref s7, 1, m1);
        SwapBits(ref s0, ref s2, 2, m2); SwapBits(ref s1, ref s3, 2, m2); SwapBits(ref s4, ref s6, 2, m2); SwapBits(ref s5, ref s7, 2, m2);
        SwapBits(ref s0, ref s4, 4, m4); SwapBits(ref s1, ref s5, 4, m4); SwapBits(ref s2, ref s6, 4, m4); SwapBits(ref s3, ref s7, 4, m4);
        b0 = s0; b1 = s1; b2 = s2; b3 = s3; b4 = s4; b5 = s5; b6 = s6; b7 = s7;
    }

    /// <summary>Swaps the bits of <paramref name="low"/> at mask positions + shift with the bits of <paramref name="high"/> at mask positions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SwapBits(ref Vector128<byte> low, ref Vector128<byte> high, [ConstantExpected] int shift, Vector128<byte> mask)
    {
        // The masks keep every moved bit inside its byte, so a 64-bit shift serves as a byte shift.
        Vector128<byte> t = ((low.AsUInt64() >>> shift).AsByte() ^ high) & mask;
        high ^= t;
        low ^= (t.AsUInt64() << shift).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRoundKey(
        ref Vector128<byte> s0, ref Vector128<byte> s1, ref Vector128<byte> s2, ref Vector128<byte> s3,
        ref Vector128<byte> s4, ref Vector128<byte> s5, ref Vector128<byte> s6, ref Vector128<byte> s7,
        ref readonly BitslicedRoundKeys keys, int round)
    {
        int at = 8 * round;
        s0 ^= keys[at]; s1 ^= keys[at + 1]; s2 ^= keys[at + 2]; s3 ^= keys[at + 3];
        s4 ^= keys[at + 4]; s5 ^= keys[at + 5]; s6 ^= keys[at + 6]; s7 ^= keys[at + 7];
    }

    // Byte i of the state is row i % 4 of column i / 4. ShiftRows: row r of column c comes from column c + r.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ShiftRows(Vector128<byte> s) =>
        Vector128.Shuffle(s, Vector128.Create((byte)0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> InverseShiftRows(Vector128<byte> s) =>
        Vector128.Shuffle(s, Vector128.Create((byte)0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3));

    /// <summary>Each byte takes the next row's byte of its column (row r from row r + 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> RotateRows1(Vector128<byte> s) =>
        Vector128.Shuffle(s, Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12));

    /// <summary>Each byte takes the byte two rows down in its column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> RotateRows2(Vector128<byte> s) =>
        Vector128.Shuffle(s, Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftRows(
        ref Vector128<byte> s0, ref Vector128<byte> s1, ref Vector128<byte> s2, ref Vector128<byte> s3,
        ref Vector128<byte> s4, ref Vector128<byte> s5, ref Vector128<byte> s6, ref Vector128<byte> s7)
    {
        s0 = ShiftRows(s0); s1 = ShiftRows(s1); s2 = ShiftRows(s2); s3 = ShiftRows(s3);
        s4 = ShiftRows(s4); s5 = ShiftRows(s5); s6 = ShiftRows(s6); s7 = ShiftRows(s7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InverseShiftRows(
        ref Vector128<byte> s0, ref Vector128<byte> s1, ref Vector128<byte> s2, ref Vector128<byte> s3,
        ref Vector128<byte> s4, ref Vector128<byte> s5, ref Vector128<byte> s6, ref Vector128<byte> s7)
    {
        s0 = InverseShiftRows(s0); s1 = InverseShiftRows(s1); s2 = InverseShiftRows(s2); s3 = InverseShiftRows(s3);
        s4 = InverseShiftRows(s4); s5 = InverseShiftRows(s5); s6 = InverseShiftRows(s6); s7 = InverseShiftRows(s7);
    }

    /// <summary>
    /// out[r] = 2·a[r] + 3·a[r+1] + a[r+2] + a[r+3] = 2·t[r] + a[r+1] + t[r+2] with t[r] = a[r] + a[r+1];
    /// doubling in GF(2^8) moves plane b to b + 1 and folds plane 7 into planes 0, 1, 3 and 4 (x^8 = x^4 + x^3 + x + 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MixColumns(
        ref Vector128<byte> s0, ref Vector128<byte> s1, ref Vector128<byte> s2, ref Vector128<byte> s3,
        ref Vector128<byte> s4, ref Vector128<byte> s5, ref Vector128<byte> s6, ref Vector128<byte> s7)
    {
        Vector128<byte> a0 = RotateRows1(s0), a1 = RotateRows1(s1), a2 = RotateRows1(s2), a3 = RotateRows1(s3);
        Vector128<byte> a4 = RotateRows1(s4), a5 = RotateRows1(s5), a6 = RotateRows1(s6), a7 = RotateRows1(s7);
        Vector128<byte> t0 = s0 ^ a0, t1 = s1 ^ a1, t2 = s2 ^ a2, t3 = s3 ^ a3;
        Vector128<byte> t4 = s4 ^ a4, t5 = s5 ^ a5, t6 = s6 ^ a6, t7 = s7 ^ a7;
        s0 = t7 ^ a0 ^ RotateRows2(t0);
        s1 = t0 ^ t7 ^ a1 ^ RotateRows2(t1);
        s2 = t1 ^ a2 ^ RotateRows2(t2);
        s3 = t2 ^ t7 ^ a3 ^ RotateRows2(t3);
        s4 = t3 ^ t7 ^ a4 ^ RotateRows2(t4);
        s5 = t4 ^ a5 ^ RotateRows2(t5);
        s6 = t5 ^ a6 ^ RotateRows2(t6);
        s7 = t6 ^ a7 ^ RotateRows2(t7);
    }

    /// <summary>a[r] += 4·(a[r] + a[r+2]) on every column, then MixColumns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InverseMixColumns(
        ref Vector128<byte> s0, ref Vector128<byte> s1, ref Vector128<byte> s2, ref Vector128<byte> s3,
        ref Vector128<byte> s4, ref Vector128<byte> s5, ref Vector128<byte> s6, ref Vector128<byte> s7)
    {
        Vector128<byte> v0 = s0 ^ RotateRows2(s0), v1 = s1 ^ RotateRows2(s1), v2 = s2 ^ RotateRows2(s2), v3 = s3 ^ RotateRows2(s3);
        Vector128<byte> v4 = s4 ^ RotateRows2(s4), v5 = s5 ^ RotateRows2(s5), v6 = s6 ^ RotateRows2(s6), v7 = s7 ^ RotateRows2(s7);
        // 4·v: plane b takes plane b − 2, with planes 6 and 7 folded in by the reduction.
        s0 ^= v6;
        s1 ^= v7 ^ v6;
        s2 ^= v0 ^ v7;
        s3 ^= v1 ^ v6;
        s4 ^= v2 ^ v7 ^ v6;
        s5 ^= v3 ^ v7;
        s6 ^= v4;
        s7 ^= v5;
        MixColumns(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
    }

    /// <summary>What <see cref="Round"/> does around the S-box.</summary>
    private enum RoundKind
    {
        /// <summary>SubBytes, ShiftRows, MixColumns, AddRoundKey.</summary>
        Encrypt,

        /// <summary>SubBytes, ShiftRows, AddRoundKey.</summary>
        EncryptLast,

        /// <summary>InvShiftRows, InvSubBytes, AddRoundKey, InvMixColumns.</summary>
        Decrypt,

        /// <summary>InvShiftRows, InvSubBytes, AddRoundKey.</summary>
        DecryptLast,

        /// <summary>SubBytes alone (the key schedule's SubWord).</summary>
        SubBytesOnly,
    }

    /// <summary>
    /// One round on eight bitsliced blocks. The S-box circuit is written out here rather than in a
    /// helper because the JIT does not inline a method with this many locals, and the planes
    /// would then go through memory; one call per round keeps them in registers. The round kind
    /// is public, so its branches reveal nothing.
    /// </summary>
    /// <remarks>
    /// The S-box is Boyar–Peralta's circuit with U0 the most significant bit (plane 7) and S0 the
    /// most significant bit of the result; XNOR is XOR then NOT.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Round(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7,
        ref readonly BitslicedRoundKeys keys, int round, RoundKind kind)
    {
        Vector128<byte> s0 = b0, s1 = b1, s2 = b2, s3 = b3, s4 = b4, s5 = b5, s6 = b6, s7 = b7;
        bool decrypt = kind is RoundKind.Decrypt or RoundKind.DecryptLast;
        if (decrypt)
        {
            InverseShiftRows(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
            InverseAffine(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
        }

        Vector128<byte> u0 = s7, u1 = s6, u2 = s5, u3 = s4, u4 = s3, u5 = s2, u6 = s1, u7 = s0;

        // Top linear layer.
        Vector128<byte> t1 = u0 ^ u3, t2 = u0 ^ u5, t3 = u0 ^ u6, t4 = u3 ^ u5, t5 = u4 ^ u6;
        Vector128<byte> t6 = t1 ^ t5, t7 = u1 ^ u2, t8 = u7 ^ t6, t9 = u7 ^ t7, t10 = t6 ^ t7;
        Vector128<byte> t11 = u1 ^ u5, t12 = u2 ^ u5, t13 = t3 ^ t4, t14 = t6 ^ t11, t15 = t5 ^ t11;
        Vector128<byte> t16 = t5 ^ t12, t17 = t9 ^ t16, t18 = u3 ^ u7, t19 = t7 ^ t18, t20 = t1 ^ t19;
        Vector128<byte> t21 = u6 ^ u7, t22 = t7 ^ t21, t23 = t2 ^ t22, t24 = t2 ^ t10, t25 = t20 ^ t17;
        Vector128<byte> t26 = t3 ^ t16, t27 = t1 ^ t12;

        // Middle, non-linear layer (inversion in GF(2^8) through GF(2^4)).
        Vector128<byte> m1 = t13 & t6, m2 = t23 & t8, m3 = t14 ^ m1, m4 = t19 & u7, m5 = m4 ^ m1;
        Vector128<byte> m6 = t3 & t16, m7 = t22 & t9, m8 = t26 ^ m6, m9 = t20 & t17, m10 = m9 ^ m6;
        Vector128<byte> m11 = t1 & t15, m12 = t4 & t27, m13 = m12 ^ m11, m14 = t2 & t10, m15 = m14 ^ m11;
        Vector128<byte> m16 = m3 ^ m2, m17 = m5 ^ t24, m18 = m8 ^ m7, m19 = m10 ^ m15, m20 = m16 ^ m13;
        Vector128<byte> m21 = m17 ^ m15, m22 = m18 ^ m13, m23 = m19 ^ t25, m24 = m22 ^ m23, m25 = m22 & m20;
        Vector128<byte> m26 = m21 ^ m25, m27 = m20 ^ m21, m28 = m23 ^ m25, m29 = m28 & m27, m30 = m26 & m24;
        Vector128<byte> m31 = m20 & m23, m32 = m27 & m31, m33 = m27 ^ m25, m34 = m21 & m22, m35 = m24 & m34;
        Vector128<byte> m36 = m24 ^ m25, m37 = m21 ^ m29, m38 = m32 ^ m33, m39 = m23 ^ m30, m40 = m35 ^ m36;
        Vector128<byte> m41 = m38 ^ m40, m42 = m37 ^ m39, m43 = m37 ^ m38, m44 = m39 ^ m40, m45 = m42 ^ m41;
        Vector128<byte> m46 = m44 & t6, m47 = m40 & t8, m48 = m39 & u7, m49 = m43 & t16, m50 = m38 & t9;
        Vector128<byte> m51 = m37 & t17, m52 = m42 & t15, m53 = m45 & t27, m54 = m41 & t10, m55 = m44 & t13;
        Vector128<byte> m56 = m40 & t23, m57 = m39 & t19, m58 = m43 & t3, m59 = m38 & t22, m60 = m37 & t20;
        Vector128<byte> m61 = m42 & t1, m62 = m45 & t4, m63 = m41 & t2;

        // Bottom linear layer.
        Vector128<byte> l0 = m61 ^ m62, l1 = m50 ^ m56, l2 = m46 ^ m48, l3 = m47 ^ m55, l4 = m54 ^ m58;
        Vector128<byte> l5 = m49 ^ m61, l6 = m62 ^ l5, l7 = m46 ^ l3, l8 = m51 ^ m59, l9 = m52 ^ m53;
        Vector128<byte> l10 = m53 ^ l4, l11 = m60 ^ l2, l12 = m48 ^ m51, l13 = m50 ^ l0, l14 = m52 ^ m61;
        Vector128<byte> l15 = m55 ^ l1, l16 = m56 ^ l0, l17 = m57 ^ l1, l18 = m58 ^ l8, l19 = m63 ^ l4;
        Vector128<byte> l20 = l0 ^ l1, l21 = l1 ^ l7, l22 = l3 ^ l12, l23 = l18 ^ l2, l24 = l15 ^ l9;
        Vector128<byte> l25 = l6 ^ l10, l26 = l7 ^ l9, l27 = l8 ^ l10, l28 = l11 ^ l14, l29 = l11 ^ l17;

        s7 = l6 ^ l24;
        s6 = ~(l16 ^ l26);
        s5 = ~(l19 ^ l28);
        s4 = l6 ^ l21;
        s3 = l20 ^ l22;
        s2 = l25 ^ l29;
        s1 = ~(l13 ^ l27);
        s0 = ~(l6 ^ l23);

        switch (kind)
        {
            case RoundKind.Encrypt:
                ShiftRows(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                MixColumns(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                AddRoundKey(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, in keys, round);
                break;
            case RoundKind.EncryptLast:
                ShiftRows(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                AddRoundKey(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, in keys, round);
                break;
            case RoundKind.Decrypt:
                InverseAffine(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                AddRoundKey(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, in keys, round);
                InverseMixColumns(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                break;
            case RoundKind.DecryptLast:
                InverseAffine(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                AddRoundKey(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, in keys, round);
                break;
        }
        b0 = s0; b1 = s1; b2 = s2; b3 = s3; b4 = s4; b5 = s5; b6 = s6; b7 = s7;
    }

    /// <summary>The inverse of the S-box's affine map: b'_i = b_(i−1) + b_(i−3) + b_(i−6) + (05)_i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InverseAffine(
        ref Vector128<byte> s0, ref Vector128<byte> s1, ref Vector128<byte> s2, ref Vector128<byte> s3,
        ref Vector128<byte> s4, ref Vector128<byte> s5, ref Vector128<byte> s6, ref Vector128<byte> s7)
    {
        Vector128<byte> x0 = s0, x1 = s1, x2 = s2, x3 = s3, x4 = s4, x5 = s5, x6 = s6, x7 = s7;
        s0 = ~(x7 ^ x5 ^ x2);
        s1 = x0 ^ x6 ^ x3;
        s2 = ~(x1 ^ x7 ^ x4);
        s3 = x2 ^ x0 ^ x5;
        s4 = x3 ^ x1 ^ x6;
        s5 = x4 ^ x2 ^ x7;
        s6 = x5 ^ x3 ^ x0;
        s7 = x6 ^ x4 ^ x1;
    }
}
