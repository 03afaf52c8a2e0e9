namespace Mosh.Crypto;

/// <summary>
/// Everything an AES-128 key expands to, for every path: the byte-order round keys the hardware
/// paths use (and the portable path fills too, so the schedules can be compared), and the
/// bitsliced round keys of the portable path. Secret: it lives in <see cref="OcbCipher"/>'s
/// zeroable memory, or on the stack of a test.
/// </summary>
internal struct AesKeySchedule
{
    /// <summary>Encryption round keys.</summary>
    public AesRoundKeys Encrypt;

    /// <summary>Decryption round keys in the equivalent-inverse-cipher layout (AESDEC, AESD+AESIMC).</summary>
    public AesRoundKeys Decrypt;

    /// <summary>The encryption round keys as bit planes, for the portable path (which decrypts with them in reverse).</summary>
    public BitslicedRoundKeys Bitsliced;
}
