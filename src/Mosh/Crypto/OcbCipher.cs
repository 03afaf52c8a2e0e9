using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Mosh.Crypto;

/// <summary>
/// AES-128-OCB3 (RFC 7253) with a 12-byte nonce and a 16-byte tag, as mosh uses it: one instance per
/// session key, allocation-free, and able to work in place (destination may be the very memory of the input).
/// </summary>
/// <remarks>
/// <para>
/// Each direction keeps a one-entry cache of the nonce-dependent Ktop/Stretch value, keyed on the nonce
/// with its low six bits masked: consecutive mosh nonces differ only there, so 63 of 64 packets skip one
/// AES call. Because of those caches an instance is not safe for concurrent use, except that one thread
/// may seal while another opens.
/// </para>
/// <para>
/// Everything derived from the key (round keys of every path, the L table, the cached stretches) lives
/// in one pinned array that the garbage collector never moves, so no stale copy is left behind in the
/// heap; <see cref="Dispose"/> (or, failing that, the finalizer) zeroes it. A disposed cipher throws
/// <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed partial class OcbCipher : IDisposable
{
    public const int KeyLength = 16;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    // Long enough for ntz of any block index a span can reach (lengths < 2^31 bytes, so < 2^27 blocks).
    private const int LCount = 32;

    private readonly AesImplementation _implementation;
    // The key material, 16-byte aligned at _offset inside a pinned array; null once disposed.
    private byte[]? _storage;
    private readonly int _offset;

    /// <summary>Expands <paramref name="key"/> (16 bytes) for the chosen AES implementation.</summary>
    /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
    /// <exception cref="PlatformNotSupportedException">The requested implementation is not available on this CPU.</exception>
    public OcbCipher(ReadOnlySpan<byte> key, AesImplementation implementation = AesImplementation.Auto)
    {
        if (key.Length != KeyLength)
            ThrowArgument(nameof(key), "An AES-128 key is 16 bytes.");
        _implementation = Resolve(implementation);
        _storage = GC.AllocateArray<byte>(Unsafe.SizeOf<KeyMaterial>() + 15, pinned: true);
        _offset = AlignmentOffset(_storage);
        ref KeyMaterial m = ref Material;
        switch (_implementation)
        {
            case AesImplementation.X86AesNi:
                Aes128AesNi.ExpandKey(key, ref m.Schedule);
                m.LStar = Aes128AesNi.Encrypt(Vector128<byte>.Zero, in m.Schedule);
                break;
            case AesImplementation.Arm:
                Aes128Arm.ExpandKey(key, ref m.Schedule);
                m.LStar = Aes128Arm.Encrypt(Vector128<byte>.Zero, in m.Schedule);
                break;
            default:
                Aes128Portable.ExpandKey(key, ref m.Schedule);
                m.LStar = Aes128Portable.Encrypt(Vector128<byte>.Zero, in m.Schedule);
                break;
        }
        m.LDollar = Double(m.LStar);
        m.L[0] = Double(m.LDollar);
        for (int i = 1; i < LCount; i++)
            m.L[i] = Double(m.L[i - 1]);
        // Prefix[k] = L_ntz(1) ^ ... ^ L_ntz(k): the offset delta of the k-th block of any run that starts
        // at a multiple of 8, so a batch of eight offsets needs no serial chain.
        m.Prefix[0] = Vector128<byte>.Zero;
        for (int k = 1; k < 8; k++)
            m.Prefix[k] = m.Prefix[k - 1] ^ m.L[BitOperations.TrailingZeroCount(k)];
    }

    /// <summary>Expands a session key for the chosen AES implementation.</summary>
    public OcbCipher(SessionKey key, AesImplementation implementation = AesImplementation.Auto)
        : this(key.AsReadOnlySpan(), implementation)
    {
    }

    /// <summary>The AES implementation in use (never <see cref="AesImplementation.Auto"/>).</summary>
    public AesImplementation Implementation => _implementation;

    /// <summary>Whether <see cref="Dispose"/> has run (the key material is gone).</summary>
    public bool IsDisposed => _storage is null;

    /// <summary>The path <see cref="AesImplementation.Auto"/> selects on this machine.</summary>
    public static AesImplementation AutoImplementation => Resolve(AesImplementation.Auto);

    /// <summary>Zeroes the key material; the cipher cannot be used afterwards.</summary>
    public void Dispose()
    {
        byte[]? storage = Interlocked.Exchange(ref _storage, null);
        if (storage is not null)
            CryptographicOperations.ZeroMemory(storage);
        GC.SuppressFinalize(this);
    }

    /// <summary>A cipher that was never disposed still leaves no key behind in the heap.</summary>
    ~OcbCipher()
    {
        if (_storage is not null)
            CryptographicOperations.ZeroMemory(_storage);
    }

    private ref KeyMaterial Material
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            byte[]? storage = _storage;
            if (storage is null)
                ThrowDisposed();
            return ref Unsafe.As<byte, KeyMaterial>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(storage), _offset));
        }
    }

    private static unsafe int AlignmentOffset(byte[] pinned) =>
        (int)((16 - ((nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned)) & 15)) & 15);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDisposed() => throw new ObjectDisposedException(nameof(OcbCipher));

    /// <summary>Whether <paramref name="implementation"/> can run on this machine.</summary>
    public static bool IsSupported(AesImplementation implementation) => implementation switch
    {
        AesImplementation.Auto or AesImplementation.Portable => true,
        AesImplementation.X86AesNi => Aes128AesNi.IsSupported,
        AesImplementation.Arm => Aes128Arm.IsSupported,
        _ => false,
    };

    private static AesImplementation Resolve(AesImplementation requested)
    {
        if (requested == AesImplementation.Auto)
        {
            if (Aes128AesNi.IsSupported)
                return AesImplementation.X86AesNi;
            if (Aes128Arm.IsSupported)
                return AesImplementation.Arm;
            return AesImplementation.Portable;
        }
        if (!IsSupported(requested))
            throw new PlatformNotSupportedException($"AES implementation {requested} is not supported on this machine.");
        return requested;
    }

    /// <summary>
    /// Computes Offset_0 (RFC 7253 §4.2) for a 96-bit nonce and a 128-bit tag, from the cache when only the
    /// nonce's low six bits changed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> InitialOffset<TAes>(ReadOnlySpan<byte> nonce, ref StretchCache cache, ref readonly AesKeySchedule schedule) where TAes : IAes128
    {
        ref byte n = ref MemoryMarshal.GetReference(nonce);
        ulong high = Unsafe.ReadUnaligned<ulong>(ref n);
        // Bytes 8..11 as a little-endian word: nonce byte 11 is bits 24..31, its low six bits are 24..29.
        uint low = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref n, 8)) & 0xC0FF_FFFFu;
        int bottom = Unsafe.Add(ref n, 11) & 0x3F;
        if (!cache.Valid || cache.NonceHigh != high || cache.NonceLow != low)
            FillStretch<TAes>(ref cache, high, low, in schedule);

        ulong k0 = cache.Stretch0, k1 = cache.Stretch1, k2 = cache.Stretch2;
        // Offset_0 = Stretch[1+bottom .. 128+bottom]; ">> 1 >> (63 - b)" is ">> (64 - b)" that stays defined for b = 0.
        ulong hi = (k0 << bottom) | (k1 >> 1 >> (63 - bottom));
        ulong lo = (k1 << bottom) | (k2 >> 1 >> (63 - bottom));
        return Vector128.Create(BinaryPrimitives.ReverseEndianness(hi), BinaryPrimitives.ReverseEndianness(lo)).AsByte();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FillStretch<TAes>(ref StretchCache cache, ulong nonceHigh, uint nonceLow, ref readonly AesKeySchedule schedule) where TAes : IAes128
    {
        // Nonce block = num2str(TAGLEN mod 128, 7) || 0^24 || 1 || N, i.e. 00 00 00 01 || N, low six bits cleared.
        Vector128<byte> block = Vector128.Create(0x0100_0000UL | (nonceHigh << 32), (nonceHigh >> 32) | ((ulong)nonceLow << 32)).AsByte();
        Vector128<ulong> ktop = TAes.Encrypt(block, in schedule).AsUInt64();
        ulong k0 = BinaryPrimitives.ReverseEndianness(ktop.GetElement(0));
        ulong k1 = BinaryPrimitives.ReverseEndianness(ktop.GetElement(1));
        cache.Stretch0 = k0;
        cache.Stretch1 = k1;
        cache.Stretch2 = k0 ^ ((k0 << 8) | (k1 >> 56)); // Ktop[1..64] xor Ktop[9..72]
        cache.NonceHigh = nonceHigh;
        cache.NonceLow = nonceLow;
        cache.Valid = true;
    }

    /// <summary>HASH(K, A) of RFC 7253 §4.1; only the associated-data overloads use it, so it is simple, not fast.</summary>
    private Vector128<byte> Hash<TAes>(ReadOnlySpan<byte> associatedData) where TAes : IAes128
    {
        ref KeyMaterial m = ref Material;
        Vector128<byte> sum = Vector128<byte>.Zero;
        Vector128<byte> offset = Vector128<byte>.Zero;
        int fullBlocks = associatedData.Length / 16;
        for (int i = 0; i < fullBlocks; i++)
        {
            offset ^= m.L[BitOperations.TrailingZeroCount(i + 1)];
            sum ^= TAes.Encrypt(Vector128.Create(associatedData.Slice(16 * i, 16)) ^ offset, in m.Schedule);
        }
        int rem = associatedData.Length & 15;
        if (rem != 0)
        {
            offset ^= m.LStar;
            Vector128<byte> last = LoadPartial(ref MemoryMarshal.GetReference(associatedData.Slice(16 * fullBlocks)), rem)
                | PaddingBit(rem);
            sum ^= TAes.Encrypt(last ^ offset, in m.Schedule);
        }
        return sum;
    }

    /// <summary>double(S) of RFC 7253 §2: a left shift of the 128-bit big-endian string, reduced by x^128 + x^7 + x^2 + x + 1.</summary>
    private static Vector128<byte> Double(Vector128<byte> s)
    {
        Vector128<ulong> words = s.AsUInt64();
        ulong hi = BinaryPrimitives.ReverseEndianness(words.GetElement(0));
        ulong lo = BinaryPrimitives.ReverseEndianness(words.GetElement(1));
        ulong newHi = (hi << 1) | (lo >> 63);
        ulong newLo = (lo << 1) ^ ((hi >> 63) * 0x87);
        return Vector128.Create(BinaryPrimitives.ReverseEndianness(newHi), BinaryPrimitives.ReverseEndianness(newLo)).AsByte();
    }

    /// <summary>Reads <paramref name="count"/> (1..15) bytes into the front of a zeroed block without reading past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> LoadPartial(ref byte source, int count)
    {
        Vector128<byte> block = Vector128<byte>.Zero;
        Unsafe.CopyBlockUnaligned(ref Unsafe.As<Vector128<byte>, byte>(ref block), ref source, (uint)count);
        return block;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePartial(Vector128<byte> block, ref byte destination, int count) =>
        Unsafe.CopyBlockUnaligned(ref destination, ref Unsafe.As<Vector128<byte>, byte>(ref block), (uint)count);

    /// <summary>A block that is 0x80 at byte <paramref name="count"/> and zero elsewhere: the "1 || 0*" padding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> PaddingBit(int count) =>
        Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(PaddingBitWindow), (nuint)(16 - count));

    private static ReadOnlySpan<byte> PaddingBitWindow =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>Compares two tags without a data-dependent branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TagsEqual(Vector128<byte> a, Vector128<byte> b)
    {
        Vector128<ulong> difference = (a ^ b).AsUInt64();
        return (difference.GetElement(0) | difference.GetElement(1)) == 0;
    }

    private static void CheckNonce(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceLength)
            ThrowArgument(nameof(nonce), "An OCB nonce here is 12 bytes.");
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument(string name, string message) => throw new ArgumentException(message, name);

    /// <summary>Everything derived from the key, in one block of memory that can be zeroed.</summary>
    private struct KeyMaterial
    {
        public AesKeySchedule Schedule;
        public Vector128<byte> LStar;
        public Vector128<byte> LDollar;
        public LTable L;
        public OffsetPrefixes Prefix;
        public StretchCache SealStretch;
        public StretchCache OpenStretch;
    }

    [InlineArray(LCount)]
    private struct LTable
    {
        private Vector128<byte> _first;
    }

    [InlineArray(8)]
    private struct OffsetPrefixes
    {
        private Vector128<byte> _first;
    }

    private struct StretchCache
    {
        public ulong NonceHigh;
        public uint NonceLow;
        public bool Valid;
        public ulong Stretch0;
        public ulong Stretch1;
        public ulong Stretch2;
    }
}
