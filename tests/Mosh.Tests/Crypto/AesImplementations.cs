using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>The AES paths this machine can run, as xunit theory data, so every test covers each of them.</summary>
public static class AesImplementations
{
    public static TheoryData<AesImplementation> Supported
    {
        get
        {
            var data = new TheoryData<AesImplementation>();
            foreach (AesImplementation implementation in new[] { AesImplementation.Portable, AesImplementation.X86AesNi, AesImplementation.Arm })
            {
                if (OcbCipher.IsSupported(implementation))
                    data.Add(implementation);
            }
            return data;
        }
    }
}
