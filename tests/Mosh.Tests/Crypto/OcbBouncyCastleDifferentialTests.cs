using Mosh.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Mosh.Tests.Crypto;

/// <summary>Random keys, nonces, lengths and associated data, byte for byte against BouncyCastle's RFC 7253 OCB.</summary>
public class OcbBouncyCastleDifferentialTests
{
    private const int Cases = 10_000;
    private const int MaxLength = 2048;

    public static TheoryData<AesImplementation> Implementations => AesImplementations.All;

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void RandomCasesMatchBouncyCastle(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var random = new Random(7253 + (int)implementation);
        var key = new byte[16];
        var nonce = new byte[12];
        var plain = new byte[MaxLength];
        var associated = new byte[64];
        var ours = new byte[MaxLength + 16];
        var opened = new byte[MaxLength];
        for (int i = 0; i < Cases; i++)
        {
            random.NextBytes(key);
            random.NextBytes(nonce);
            // Short lengths are where the tail logic lives, so weight them: half the cases are under 300 bytes.
            int length = random.Next(2) == 0 ? random.Next(300) : random.Next(MaxLength + 1);
            random.NextBytes(plain.AsSpan(0, length));
            int aLength = random.Next(4) == 0 ? random.Next(associated.Length + 1) : 0;
            random.NextBytes(associated.AsSpan(0, aLength));

            var cipher = new OcbCipher(key, implementation);
            if (aLength == 0)
                cipher.Seal(nonce, plain.AsSpan(0, length), ours);
            else
                cipher.Seal(nonce, associated.AsSpan(0, aLength), plain.AsSpan(0, length), ours);
            byte[] reference = BouncyCastleSeal(key, nonce, associated.AsSpan(0, aLength), plain.AsSpan(0, length));
            if (!ours.AsSpan(0, length + 16).SequenceEqual(reference))
                Assert.Fail($"case {i}: length {length}, ad {aLength}: ciphertext differs from BouncyCastle");

            bool ok = aLength == 0
                ? cipher.TryOpen(nonce, reference, opened)
                : cipher.TryOpen(nonce, associated.AsSpan(0, aLength), reference, opened);
            if (!ok || !opened.AsSpan(0, length).SequenceEqual(plain.AsSpan(0, length)))
                Assert.Fail($"case {i}: length {length}, ad {aLength}: BouncyCastle output did not open");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void SequentialMoshNoncesMatchBouncyCastle(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        // One cipher, nonces 00000000 || direction|seq as mosh builds them: exercises the Ktop cache hits and
        // misses (every 64th packet) on both the seal and the open side.
        var random = new Random(1234);
        var key = new byte[16];
        random.NextBytes(key);
        var cipher = new OcbCipher(key, implementation);
        var nonce = new byte[12];
        var plain = new byte[1500];
        var ours = new byte[1516];
        var opened = new byte[1500];
        for (ulong seq = 0; seq < 1000; seq++)
        {
            ulong n = (seq % 2 == 0 ? 0x8000_0000_0000_0000UL : 0) | (seq * 37);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), n);
            int length = random.Next(plain.Length + 1);
            random.NextBytes(plain.AsSpan(0, length));
            cipher.Seal(nonce, plain.AsSpan(0, length), ours);
            byte[] reference = BouncyCastleSeal(key, nonce, default, plain.AsSpan(0, length));
            Assert.True(ours.AsSpan(0, length + 16).SequenceEqual(reference), $"seq {seq}, length {length}");
            Assert.True(cipher.TryOpen(nonce, reference, opened), $"seq {seq}");
            Assert.True(opened.AsSpan(0, length).SequenceEqual(plain.AsSpan(0, length)));
        }
    }

    internal static byte[] BouncyCastleSeal(byte[] key, byte[] nonce, ReadOnlySpan<byte> associated, ReadOnlySpan<byte> plain)
    {
        var ocb = new OcbBlockCipher(new AesEngine(), new AesEngine());
        ocb.Init(true, new AeadParameters(new KeyParameter(key), 128, nonce, associated.ToArray()));
        var output = new byte[ocb.GetOutputSize(plain.Length)];
        int written = ocb.ProcessBytes(plain.ToArray(), 0, plain.Length, output, 0);
        written += ocb.DoFinal(output, written);
        Assert.Equal(output.Length, written);
        return output;
    }
}
