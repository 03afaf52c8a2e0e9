namespace Mosh.Crypto;

/// <summary>Which AES-128 code path an <see cref="OcbCipher"/> runs on.</summary>
/// <remarks>
/// .NET 10 exposes no VAES (256/512-bit AES) intrinsics, so the widest x86 path is AES-NI
/// with eight blocks interleaved per batch.
/// </remarks>
public enum AesImplementation
{
    /// <summary>The fastest implementation this CPU supports.</summary>
    Auto,

    /// <summary>Constant-time bitsliced software AES (no tables), used when the CPU has no AES instructions.</summary>
    Portable,

    /// <summary>x86 AES-NI instructions.</summary>
    X86AesNi,

    /// <summary>ARMv8 Cryptography Extension AES instructions.</summary>
    Arm,
}
