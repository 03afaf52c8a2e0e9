using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>Sealing and opening packets allocates nothing once warm.</summary>
public class OcbAllocationTests
{
    public static TheoryData<AesImplementation> Implementations => AesImplementations.All;

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void SealAndOpenAllocateNothing(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var cipher = new OcbCipher(new byte[16], implementation);
        var nonce = new byte[12];
        var plain = new byte[1400];
        var sealedBytes = new byte[1416];
        var opened = new byte[1400];
        new Random(9).NextBytes(plain);
        const int iterations = 10_000;

        for (int i = 0; i < 200; i++)
            RunOnce(cipher, nonce, plain, sealedBytes, opened, i);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int failures = 0;
        for (int i = 0; i < iterations; i++)
            failures += RunOnce(cipher, nonce, plain, sealedBytes, opened, i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    private static int RunOnce(OcbCipher cipher, byte[] nonce, byte[] plain, byte[] sealedBytes, byte[] opened, int sequence)
    {
        nonce[11] = (byte)sequence;
        nonce[10] = (byte)(sequence >> 8);
        cipher.Seal(nonce, plain, sealedBytes);
        return cipher.TryOpen(nonce, sealedBytes, opened) ? 0 : 1;
    }

    [Fact]
    public void SecureRandomAllocatesNothing()
    {
        Span<byte> chaff = stackalloc byte[16];
        // Warm up the very loop measured (every length, and long enough for the loop's own
        // tier-up), so that nothing first-time is left for the measurement.
        for (int i = 0; i < 1000; i++)
            SecureRandom.Fill(chaff.Slice(0, i % 17));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            SecureRandom.Fill(chaff.Slice(0, i % 17));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
