using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mosh.Crypto;

public sealed partial class OcbCipher
{
    /// <summary>
    /// Verifies and decrypts ciphertext-then-tag into <paramref name="destination"/> (which may be the same
    /// memory as the input). Returns false, without throwing, when the input is shorter than a tag, when
    /// destination cannot hold the plaintext, or when the tag does not verify; on false the plaintext area
    /// of destination is zeroed so unauthenticated data never escapes.
    /// </summary>
    /// <exception cref="ArgumentException">The nonce is not 12 bytes (a caller bug, not bad input).</exception>
    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> destination)
    {
        CheckNonce(nonce);
        int length = ciphertextAndTag.Length - TagLength;
        if (length < 0 || destination.Length < length)
            return false;
        bool opened = _implementation switch
        {
            AesImplementation.X86AesNi => OpenCore<Aes128AesNi>(nonce, ciphertextAndTag, destination, Vector128<byte>.Zero),
            AesImplementation.Arm => OpenCore<Aes128Arm>(nonce, ciphertextAndTag, destination, Vector128<byte>.Zero),
            _ => OpenCore<Aes128Portable>(nonce, ciphertextAndTag, destination, Vector128<byte>.Zero),
        };
        // As in Seal: the finalizer must not zero the key while this call still uses it.
        GC.KeepAlive(this);
        return opened;
    }

    /// <summary>As <see cref="TryOpen(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>, also authenticating <paramref name="associatedData"/>.</summary>
    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> destination)
    {
        CheckNonce(nonce);
        int length = ciphertextAndTag.Length - TagLength;
        if (length < 0 || destination.Length < length)
            return false;
        bool opened = _implementation switch
        {
            AesImplementation.X86AesNi => OpenCore<Aes128AesNi>(nonce, ciphertextAndTag, destination, Hash<Aes128AesNi>(associatedData)),
            AesImplementation.Arm => OpenCore<Aes128Arm>(nonce, ciphertextAndTag, destination, Hash<Aes128Arm>(associatedData)),
            _ => OpenCore<Aes128Portable>(nonce, ciphertextAndTag, destination, Hash<Aes128Portable>(associatedData)),
        };
        GC.KeepAlive(this);
        return opened;
    }

    private bool OpenCore<TAes>(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, Span<byte> destination, Vector128<byte> hash)
        where TAes : IAes128
    {
        ref KeyMaterial m = ref Material;
        ref readonly AesKeySchedule keys = ref m.Schedule;
        ref byte src = ref MemoryMarshal.GetReference(input);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int length = input.Length - TagLength;
        Vector128<byte> receivedTag = Vector128.LoadUnsafe(ref src, (nuint)length);
        int fullBlocks = length >> 4;
        int done = 0;
        nuint pos = 0;
        Vector128<byte> offset = InitialOffset<TAes>(nonce, ref m.OpenStretch, in keys);
        Vector128<byte> checksum = Vector128<byte>.Zero;

        for (; fullBlocks - done >= 8; done += 8, pos += 128)
        {
            Vector128<byte> next = offset ^ m.Prefix[7] ^ m.L[BitOperations.TrailingZeroCount(done + 8)];
            Vector128<byte> b0 = Vector128.LoadUnsafe(ref src, pos) ^ offset ^ m.Prefix[1];
            Vector128<byte> b1 = Vector128.LoadUnsafe(ref src, pos + 16) ^ offset ^ m.Prefix[2];
            Vector128<byte> b2 = Vector128.LoadUnsafe(ref src, pos + 32) ^ offset ^ m.Prefix[3];
            Vector128<byte> b3 = Vector128.LoadUnsafe(ref src, pos + 48) ^ offset ^ m.Prefix[4];
            Vector128<byte> b4 = Vector128.LoadUnsafe(ref src, pos + 64) ^ offset ^ m.Prefix[5];
            Vector128<byte> b5 = Vector128.LoadUnsafe(ref src, pos + 80) ^ offset ^ m.Prefix[6];
            Vector128<byte> b6 = Vector128.LoadUnsafe(ref src, pos + 96) ^ offset ^ m.Prefix[7];
            Vector128<byte> b7 = Vector128.LoadUnsafe(ref src, pos + 112) ^ next;
            TAes.Decrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in keys);
            b0 ^= offset ^ m.Prefix[1];
            b1 ^= offset ^ m.Prefix[2];
            b2 ^= offset ^ m.Prefix[3];
            b3 ^= offset ^ m.Prefix[4];
            b4 ^= offset ^ m.Prefix[5];
            b5 ^= offset ^ m.Prefix[6];
            b6 ^= offset ^ m.Prefix[7];
            b7 ^= next;
            checksum ^= ((b0 ^ b1) ^ (b2 ^ b3)) ^ ((b4 ^ b5) ^ (b6 ^ b7));
            b0.StoreUnsafe(ref dst, pos);
            b1.StoreUnsafe(ref dst, pos + 16);
            b2.StoreUnsafe(ref dst, pos + 32);
            b3.StoreUnsafe(ref dst, pos + 48);
            b4.StoreUnsafe(ref dst, pos + 64);
            b5.StoreUnsafe(ref dst, pos + 80);
            b6.StoreUnsafe(ref dst, pos + 96);
            b7.StoreUnsafe(ref dst, pos + 112);
            offset = next;
        }

        // Tail: up to seven full blocks decrypt alongside the pad's encryption; lanes past the remaining
        // blocks decrypt zeros and are discarded (and kept out of the checksum).
        int remaining = fullBlocks - done;
        int partial = length & 15;
        Vector128<byte> d0 = Vector128<byte>.Zero, d1 = d0, d2 = d0, d3 = d0, d4 = d0, d5 = d0, d6 = d0;
        if (remaining > 0) d0 = Vector128.LoadUnsafe(ref src, pos) ^ offset ^ m.Prefix[1];
        if (remaining > 1) d1 = Vector128.LoadUnsafe(ref src, pos + 16) ^ offset ^ m.Prefix[2];
        if (remaining > 2) d2 = Vector128.LoadUnsafe(ref src, pos + 32) ^ offset ^ m.Prefix[3];
        if (remaining > 3) d3 = Vector128.LoadUnsafe(ref src, pos + 48) ^ offset ^ m.Prefix[4];
        if (remaining > 4) d4 = Vector128.LoadUnsafe(ref src, pos + 64) ^ offset ^ m.Prefix[5];
        if (remaining > 5) d5 = Vector128.LoadUnsafe(ref src, pos + 80) ^ offset ^ m.Prefix[6];
        if (remaining > 6) d6 = Vector128.LoadUnsafe(ref src, pos + 96) ^ offset ^ m.Prefix[7];
        nuint partialPos = pos + (nuint)(16 * remaining);
        Vector128<byte> offsetStar = offset ^ m.Prefix[remaining];
        Vector128<byte> last = Vector128<byte>.Zero;
        if (partial != 0)
        {
            offsetStar ^= m.LStar;
            last = LoadPartial(ref Unsafe.Add(ref src, partialPos), partial);
        }
        Vector128<byte> pad = offsetStar;
        // Only the work needed: the portable path pays a whole pass for any block, so skip what the
        // lengths (public) make pointless; for the hardware paths the choice costs nothing.
        if (partial == 0)
        {
            if (remaining > 0)
                TAes.Decrypt8(ref d0, ref d1, ref d2, ref d3, ref d4, ref d5, ref d6, ref pad, in keys);
        }
        else if (remaining == 0)
        {
            pad = TAes.Encrypt(pad, in keys);
        }
        else
        {
            TAes.Decrypt7Encrypt1(ref d0, ref d1, ref d2, ref d3, ref d4, ref d5, ref d6, ref pad, in keys);
        }

        if (remaining > 0) { d0 ^= offset ^ m.Prefix[1]; checksum ^= d0; d0.StoreUnsafe(ref dst, pos); }
        if (remaining > 1) { d1 ^= offset ^ m.Prefix[2]; checksum ^= d1; d1.StoreUnsafe(ref dst, pos + 16); }
        if (remaining > 2) { d2 ^= offset ^ m.Prefix[3]; checksum ^= d2; d2.StoreUnsafe(ref dst, pos + 32); }
        if (remaining > 3) { d3 ^= offset ^ m.Prefix[4]; checksum ^= d3; d3.StoreUnsafe(ref dst, pos + 48); }
        if (remaining > 4) { d4 ^= offset ^ m.Prefix[5]; checksum ^= d4; d4.StoreUnsafe(ref dst, pos + 64); }
        if (remaining > 5) { d5 ^= offset ^ m.Prefix[6]; checksum ^= d5; d5.StoreUnsafe(ref dst, pos + 80); }
        if (remaining > 6) { d6 ^= offset ^ m.Prefix[7]; checksum ^= d6; d6.StoreUnsafe(ref dst, pos + 96); }
        if (partial != 0)
        {
            // Only the first `partial` bytes of last ^ pad are plaintext; the rest becomes the 1 || 0* padding.
            Vector128<byte> plain = (last ^ pad) & PartialMask(partial);
            checksum ^= plain | PaddingBit(partial);
            StorePartial(plain, ref Unsafe.Add(ref dst, partialPos), partial);
        }

        Vector128<byte> tag = TAes.Encrypt(checksum ^ offsetStar ^ m.LDollar, in keys) ^ hash;
        if (TagsEqual(tag, receivedTag))
            return true;
        destination.Slice(0, length).Clear();
        return false;
    }

    /// <summary>A block whose first <paramref name="count"/> bytes are 0xFF and the rest zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> PartialMask(int count) =>
        Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(PartialMaskWindow), (nuint)(16 - count));

    private static ReadOnlySpan<byte> PartialMaskWindow =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
}
