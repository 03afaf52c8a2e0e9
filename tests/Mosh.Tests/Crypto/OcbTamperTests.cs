using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>Round trips (also in place), and every kind of damaged input makes TryOpen return false without throwing.</summary>
public class OcbTamperTests
{
    public static TheoryData<AesImplementation> Implementations => AesImplementations.All;

    private static readonly int[] s_lengths = [0, 1, 15, 16, 17, 31, 32, 63, 64, 100, 127, 128, 129, 255, 256, 1024, 1400, 2048];

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void RoundTripsAtEveryBoundary(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var random = new Random(1);
        var cipher = NewCipher(random, implementation);
        var nonce = new byte[12];
        for (int length = 0; length <= 300; length++)
        {
            random.NextBytes(nonce);
            byte[] plain = RandomBytes(random, length);
            var sealedBytes = new byte[length + 16];
            cipher.Seal(nonce, plain, sealedBytes);
            if (length >= 16)
                Assert.False(sealedBytes.AsSpan(0, length).SequenceEqual(plain));
            var opened = new byte[length];
            Assert.True(cipher.TryOpen(nonce, sealedBytes, opened));
            Assert.Equal(plain, opened);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void SealsAndOpensInPlace(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var random = new Random(2);
        var cipher = NewCipher(random, implementation);
        byte[] nonce = RandomBytes(random, 12);
        foreach (int length in s_lengths)
        {
            byte[] plain = RandomBytes(random, length);
            var separate = new byte[length + 16];
            cipher.Seal(nonce, plain, separate);

            var buffer = new byte[length + 16];
            plain.CopyTo(buffer, 0);
            cipher.Seal(nonce, buffer.AsSpan(0, length), buffer);
            Assert.Equal(separate, buffer);

            Assert.True(cipher.TryOpen(nonce, buffer, buffer));
            Assert.Equal(plain, buffer[..length]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void RejectsAnyFlippedBit(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var random = new Random(3);
        var cipher = NewCipher(random, implementation);
        byte[] nonce = RandomBytes(random, 12);
        foreach (int length in s_lengths)
        {
            byte[] plain = RandomBytes(random, length);
            var sealedBytes = new byte[length + 16];
            cipher.Seal(nonce, plain, sealedBytes);
            var opened = new byte[length];
            // Every bit of short messages, a sample of bits of long ones, tag included.
            int bits = sealedBytes.Length * 8;
            int step = bits <= 1024 ? 1 : bits / 509;
            for (int bit = 0; bit < bits; bit += step)
            {
                sealedBytes[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(cipher.TryOpen(nonce, sealedBytes, opened), $"length {length}, bit {bit}");
                sealedBytes[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            Assert.True(cipher.TryOpen(nonce, sealedBytes, opened));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void RejectsWrongNonceKeyOrAssociatedData(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var random = new Random(4);
        byte[] key = RandomBytes(random, 16);
        var cipher = new OcbCipher(key, implementation);
        byte[] nonce = RandomBytes(random, 12);
        byte[] plain = RandomBytes(random, 100);
        var sealedBytes = new byte[116];
        cipher.Seal(nonce, plain, sealedBytes);
        var opened = new byte[100];

        byte[] otherNonce = (byte[])nonce.Clone();
        otherNonce[11] ^= 1; // same cached Ktop, different bottom bits
        Assert.False(cipher.TryOpen(otherNonce, sealedBytes, opened));
        otherNonce = (byte[])nonce.Clone();
        otherNonce[0] ^= 0x80;
        Assert.False(cipher.TryOpen(otherNonce, sealedBytes, opened));

        key[5] ^= 1;
        Assert.False(new OcbCipher(key, implementation).TryOpen(nonce, sealedBytes, opened));

        Assert.False(cipher.TryOpen(nonce, "x"u8, sealedBytes, opened));
        Assert.True(cipher.TryOpen(nonce, sealedBytes, opened));
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void RejectsTruncatedOrExtendedInputWithoutThrowing(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var random = new Random(5);
        var cipher = NewCipher(random, implementation);
        byte[] nonce = RandomBytes(random, 12);
        byte[] plain = RandomBytes(random, 64);
        var sealedBytes = new byte[80];
        cipher.Seal(nonce, plain, sealedBytes);
        var opened = new byte[200];
        for (int length = 0; length < sealedBytes.Length; length++)
            Assert.False(cipher.TryOpen(nonce, sealedBytes.AsSpan(0, length), opened), $"truncated to {length}");
        var extended = new byte[81];
        sealedBytes.CopyTo(extended, 0);
        Assert.False(cipher.TryOpen(nonce, extended, opened));
        // Destination too small for the claimed plaintext is a false, not an exception.
        Assert.False(cipher.TryOpen(nonce, sealedBytes, new byte[63]));
        Assert.True(cipher.TryOpen(nonce, sealedBytes, opened.AsSpan(0, 64)));
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void FailedOpenLeavesNoPlaintextBehind(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var random = new Random(6);
        var cipher = NewCipher(random, implementation);
        byte[] nonce = RandomBytes(random, 12);
        byte[] plain = RandomBytes(random, 300);
        var sealedBytes = new byte[316];
        cipher.Seal(nonce, plain, sealedBytes);
        sealedBytes[^1] ^= 1;
        var opened = new byte[300];
        Assert.False(cipher.TryOpen(nonce, sealedBytes, opened));
        Assert.True(opened.AsSpan().IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void RandomGarbageNeverThrows()
    {
        var random = new Random(7);
        var cipher = NewCipher(random, AesImplementation.Auto);
        var nonce = new byte[12];
        var opened = new byte[2048];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(nonce);
            byte[] garbage = RandomBytes(random, random.Next(2100));
            Assert.False(cipher.TryOpen(nonce, garbage, opened));
        }
    }

    [Fact]
    public void ArgumentErrorsAreCallerBugs()
    {
        var cipher = new OcbCipher(new byte[16]);
        Assert.Throws<ArgumentException>(() => new OcbCipher(new byte[15]));
        Assert.Throws<ArgumentException>(() => cipher.Seal(new byte[11], new byte[4], new byte[20]));
        Assert.Throws<ArgumentException>(() => cipher.Seal(new byte[12], new byte[4], new byte[19]));
        Assert.Throws<ArgumentException>(() => cipher.TryOpen(new byte[16], new byte[20], new byte[4]));
    }

    [Fact]
    public void AutoPicksHardwareWhenAvailable()
    {
        var cipher = new OcbCipher(new byte[16]);
        if (System.Runtime.Intrinsics.X86.Aes.IsSupported)
            Assert.Equal(AesImplementation.X86AesNi, cipher.Implementation);
        else if (System.Runtime.Intrinsics.Arm.Aes.IsSupported)
            Assert.Equal(AesImplementation.Arm, cipher.Implementation);
        else
            Assert.Equal(AesImplementation.Portable, cipher.Implementation);
        Assert.NotEqual(AesImplementation.Auto, cipher.Implementation);
        if (!OcbCipher.IsSupported(AesImplementation.Arm))
            Assert.Throws<PlatformNotSupportedException>(() => new OcbCipher(new byte[16], AesImplementation.Arm));
    }

    private static OcbCipher NewCipher(Random random, AesImplementation implementation) =>
        new(RandomBytes(random, 16), implementation);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
