using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>
/// Every AES path as xunit theory data, so every test covers each of them; a test calls
/// <see cref="SkipUnlessSupported"/> first, so a path this CPU cannot run is reported as skipped.
/// </summary>
public static class AesImplementations
{
    public static TheoryData<AesImplementation> All => new()
    {
        AesImplementation.Portable,
        AesImplementation.X86AesNi,
        AesImplementation.Arm,
    };

    public static void SkipUnlessSupported(AesImplementation implementation) =>
        Skip.IfNot(OcbCipher.IsSupported(implementation), $"this CPU cannot run the {implementation} AES path");
}
