using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mosh.Crypto;

public sealed partial class OcbCipher
{
    /// <summary>
    /// Encrypts <paramref name="plaintext"/> and writes ciphertext followed by the 16-byte tag to
    /// <paramref name="destination"/>, which may be the same memory as the plaintext (but must not otherwise overlap it).
    /// </summary>
    /// <exception cref="ArgumentException">The nonce is not 12 bytes, or destination is shorter than plaintext + 16.</exception>
    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        CheckSealArguments(nonce, plaintext.Length, destination.Length);
        switch (_implementation)
        {
            case AesImplementation.X86AesNi:
                SealCore<Aes128AesNi>(nonce, plaintext, destination, Vector128<byte>.Zero);
                break;
            case AesImplementation.Arm:
                SealCore<Aes128Arm>(nonce, plaintext, destination, Vector128<byte>.Zero);
                break;
            default:
                SealCore<Aes128Portable>(nonce, plaintext, destination, Vector128<byte>.Zero);
                break;
        }
        // The key material is reached through a ref into its array, which does not keep this
        // cipher alive: without this, a cipher whose last use this is could be finalized (and
        // its key zeroed) while the call still runs.
        GC.KeepAlive(this);
    }

    /// <summary>As <see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>, also authenticating <paramref name="associatedData"/>.</summary>
    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        CheckSealArguments(nonce, plaintext.Length, destination.Length);
        switch (_implementation)
        {
            case AesImplementation.X86AesNi:
                SealCore<Aes128AesNi>(nonce, plaintext, destination, Hash<Aes128AesNi>(associatedData));
                break;
            case AesImplementation.Arm:
                SealCore<Aes128Arm>(nonce, plaintext, destination, Hash<Aes128Arm>(associatedData));
                break;
            default:
                SealCore<Aes128Portable>(nonce, plaintext, destination, Hash<Aes128Portable>(associatedData));
                break;
        }
        GC.KeepAlive(this);
    }

    private static void CheckSealArguments(ReadOnlySpan<byte> nonce, int plaintextLength, int destinationLength)
    {
        CheckNonce(nonce);
        if (destinationLength - TagLength < plaintextLength)
            ThrowArgument("destination", "Destination must hold the plaintext length plus the 16-byte tag.");
    }

    private void SealCore<TAes>(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> destination, Vector128<byte> hash)
        where TAes : IAes128
    {
        ref KeyMaterial m = ref Material;
        ref readonly AesKeySchedule keys = ref m.Schedule;
        ref byte src = ref MemoryMarshal.GetReference(plaintext);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int length = plaintext.Length;
        int fullBlocks = length >> 4;
        int done = 0;
        nuint pos = 0;
        Vector128<byte> offset = InitialOffset<TAes>(nonce, ref m.SealStretch, in keys);
        Vector128<byte> checksum = Vector128<byte>.Zero;

        // Bulk: eight blocks per batch. A batch starts at a block index that is a multiple of 8, so the
        // offsets of its first seven blocks are offset ^ Prefix[1..7] and only the eighth needs an ntz.
        for (; fullBlocks - done >= 8; done += 8, pos += 128)
        {
            Vector128<byte> p0 = Vector128.LoadUnsafe(ref src, pos);
            Vector128<byte> p1 = Vector128.LoadUnsafe(ref src, pos + 16);
            Vector128<byte> p2 = Vector128.LoadUnsafe(ref src, pos + 32);
            Vector128<byte> p3 = Vector128.LoadUnsafe(ref src, pos + 48);
            Vector128<byte> p4 = Vector128.LoadUnsafe(ref src, pos + 64);
            Vector128<byte> p5 = Vector128.LoadUnsafe(ref src, pos + 80);
            Vector128<byte> p6 = Vector128.LoadUnsafe(ref src, pos + 96);
            Vector128<byte> p7 = Vector128.LoadUnsafe(ref src, pos + 112);
            checksum ^= ((p0 ^ p1) ^ (p2 ^ p3)) ^ ((p4 ^ p5) ^ (p6 ^ p7));
            Vector128<byte> next = offset ^ m.Prefix[7] ^ m.L[BitOperations.TrailingZeroCount(done + 8)];
            Vector128<byte> b0 = p0 ^ offset ^ m.Prefix[1];
            Vector128<byte> b1 = p1 ^ offset ^ m.Prefix[2];
            Vector128<byte> b2 = p2 ^ offset ^ m.Prefix[3];
            Vector128<byte> b3 = p3 ^ offset ^ m.Prefix[4];
            Vector128<byte> b4 = p4 ^ offset ^ m.Prefix[5];
            Vector128<byte> b5 = p5 ^ offset ^ m.Prefix[6];
            Vector128<byte> b6 = p6 ^ offset ^ m.Prefix[7];
            Vector128<byte> b7 = p7 ^ next;
            TAes.Encrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in keys);
            (b0 ^ offset ^ m.Prefix[1]).StoreUnsafe(ref dst, pos);
            (b1 ^ offset ^ m.Prefix[2]).StoreUnsafe(ref dst, pos + 16);
            (b2 ^ offset ^ m.Prefix[3]).StoreUnsafe(ref dst, pos + 32);
            (b3 ^ offset ^ m.Prefix[4]).StoreUnsafe(ref dst, pos + 48);
            (b4 ^ offset ^ m.Prefix[5]).StoreUnsafe(ref dst, pos + 64);
            (b5 ^ offset ^ m.Prefix[6]).StoreUnsafe(ref dst, pos + 80);
            (b6 ^ offset ^ m.Prefix[7]).StoreUnsafe(ref dst, pos + 96);
            (b7 ^ next).StoreUnsafe(ref dst, pos + 112);
            offset = next;
        }

        // Tail: up to seven full blocks, the pad for a final partial block, and the tag, in one batch of
        // eight when they fit. Lanes past the remaining blocks encrypt zeros and are discarded.
        int remaining = fullBlocks - done;
        int partial = length & 15;
        Vector128<byte> q0 = Vector128<byte>.Zero, q1 = q0, q2 = q0, q3 = q0, q4 = q0, q5 = q0, q6 = q0;
        if (remaining > 0) q0 = Vector128.LoadUnsafe(ref src, pos);
        if (remaining > 1) q1 = Vector128.LoadUnsafe(ref src, pos + 16);
        if (remaining > 2) q2 = Vector128.LoadUnsafe(ref src, pos + 32);
        if (remaining > 3) q3 = Vector128.LoadUnsafe(ref src, pos + 48);
        if (remaining > 4) q4 = Vector128.LoadUnsafe(ref src, pos + 64);
        if (remaining > 5) q5 = Vector128.LoadUnsafe(ref src, pos + 80);
        if (remaining > 6) q6 = Vector128.LoadUnsafe(ref src, pos + 96);
        nuint partialPos = pos + (nuint)(16 * remaining);
        Vector128<byte> offsetStar = offset ^ m.Prefix[remaining];
        Vector128<byte> last = Vector128<byte>.Zero;
        if (partial != 0)
        {
            offsetStar ^= m.LStar;
            last = LoadPartial(ref Unsafe.Add(ref src, partialPos), partial);
        }
        checksum ^= ((q0 ^ q1) ^ (q2 ^ q3)) ^ ((q4 ^ q5) ^ q6) ^ (last | (partial != 0 ? PaddingBit(partial) : Vector128<byte>.Zero));
        Vector128<byte> tagInput = checksum ^ offsetStar ^ m.LDollar;

        Vector128<byte> c0 = q0 ^ offset ^ m.Prefix[1];
        Vector128<byte> c1 = q1 ^ offset ^ m.Prefix[2];
        Vector128<byte> c2 = q2 ^ offset ^ m.Prefix[3];
        Vector128<byte> c3 = q3 ^ offset ^ m.Prefix[4];
        Vector128<byte> c4 = q4 ^ offset ^ m.Prefix[5];
        Vector128<byte> c5 = q5 ^ offset ^ m.Prefix[6];
        Vector128<byte> c6 = remaining == 7 ? q6 ^ offset ^ m.Prefix[7] : tagInput;
        Vector128<byte> c7 = partial != 0 ? offsetStar : tagInput;
        TAes.Encrypt8(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7, in keys);

        if (remaining > 0) (c0 ^ offset ^ m.Prefix[1]).StoreUnsafe(ref dst, pos);
        if (remaining > 1) (c1 ^ offset ^ m.Prefix[2]).StoreUnsafe(ref dst, pos + 16);
        if (remaining > 2) (c2 ^ offset ^ m.Prefix[3]).StoreUnsafe(ref dst, pos + 32);
        if (remaining > 3) (c3 ^ offset ^ m.Prefix[4]).StoreUnsafe(ref dst, pos + 48);
        if (remaining > 4) (c4 ^ offset ^ m.Prefix[5]).StoreUnsafe(ref dst, pos + 64);
        if (remaining > 5) (c5 ^ offset ^ m.Prefix[6]).StoreUnsafe(ref dst, pos + 80);
        Vector128<byte> tag;
        if (remaining == 7)
        {
            (c6 ^ offset ^ m.Prefix[7]).StoreUnsafe(ref dst, pos + 96);
            tag = partial != 0 ? TAes.Encrypt(tagInput, in keys) : c7;
        }
        else
        {
            tag = c6;
        }
        if (partial != 0)
            StorePartial(last ^ c7, ref Unsafe.Add(ref dst, partialPos), partial);
        (tag ^ hash).StoreUnsafe(ref dst, (nuint)length);
    }
}
