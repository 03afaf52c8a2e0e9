using System.Runtime.Intrinsics;
using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>Each AES path against FIPS-197 Appendix C.1 and against each other, in both directions.</summary>
public class AesBlockTests
{
    private static readonly byte[] s_key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] s_plain = Convert.FromHexString("00112233445566778899aabbccddeeff");
    private static readonly byte[] s_cipher = Convert.FromHexString("69c4e0d86a7b0430d8cdb78070b4c55a");

    [Fact]
    public void PortableMatchesFips197() => CheckFips197<Aes128Portable>();

    [SkippableFact]
    public void AesNiMatchesFips197()
    {
        Skip.IfNot(Aes128AesNi.IsSupported, "this CPU has no AES-NI");
        CheckFips197<Aes128AesNi>();
    }

    [SkippableFact]
    public void ArmMatchesFips197()
    {
        Skip.IfNot(Aes128Arm.IsSupported, "this CPU has no ARMv8 AES instructions (Arm64BinaryTests check that path under qemu)");
        CheckFips197<Aes128Arm>();
    }

    [SkippableFact]
    public void HardwareKeyScheduleMatchesPortable()
    {
        Skip.If(!Aes128AesNi.IsSupported && !Aes128Arm.IsSupported, "this CPU has neither AES-NI nor ARMv8 AES: no hardware key schedule to compare");
        var random = new Random(197);
        var key = new byte[16];
        for (int i = 0; i < 200; i++)
        {
            random.NextBytes(key);
            AesKeySchedule portable = default;
            Aes128Portable.ExpandKey(key, ref portable);
            if (Aes128AesNi.IsSupported)
            {
                AesKeySchedule hardware = default;
                Aes128AesNi.ExpandKey(key, ref hardware);
                for (int r = 0; r < AesRoundKeys.Count; r++)
                {
                    Assert.Equal(portable.Encrypt[r], hardware.Encrypt[r]);
                    Assert.Equal(portable.Decrypt[r], hardware.Decrypt[r]);
                }
            }
            if (Aes128Arm.IsSupported)
            {
                AesKeySchedule hardware = default;
                Aes128Arm.ExpandKey(key, ref hardware);
                for (int r = 0; r < AesRoundKeys.Count; r++)
                {
                    Assert.Equal(portable.Encrypt[r], hardware.Encrypt[r]);
                    Assert.Equal(portable.Decrypt[r], hardware.Decrypt[r]);
                }
            }
        }
    }

    [Fact]
    public void PortableMatchesBouncyCastleForEveryFirstRoundSboxInput()
    {
        // Block j, byte i is (16j + i) xor key[i]: the first round's S-box sees all 256 values.
        var random = new Random(2011);
        var key = new byte[16];
        for (int trial = 0; trial < 50; trial++)
        {
            random.NextBytes(key);
            var blocks = new byte[16][];
            for (int j = 0; j < 16; j++)
            {
                blocks[j] = new byte[16];
                for (int i = 0; i < 16; i++)
                    blocks[j][i] = trial == 0 ? (byte)((16 * j + i) ^ key[i]) : (byte)random.Next(256);
            }
            CheckAgainstBouncyCastle(key, blocks);
        }
    }

    private static void CheckAgainstBouncyCastle(byte[] key, byte[][] blocks)
    {
        var engine = new Org.BouncyCastle.Crypto.Engines.AesEngine();
        engine.Init(true, new Org.BouncyCastle.Crypto.Parameters.KeyParameter(key));
        AesKeySchedule schedule = default;
        Aes128Portable.ExpandKey(key, ref schedule);
        for (int start = 0; start < blocks.Length; start += 8)
        {
            var expected = new Vector128<byte>[8];
            for (int k = 0; k < 8; k++)
            {
                var output = new byte[16];
                engine.ProcessBlock(blocks[start + k], 0, output, 0);
                expected[k] = Vector128.Create(output);
            }
            Vector128<byte> b0 = Vector128.Create(blocks[start]), b1 = Vector128.Create(blocks[start + 1]);
            Vector128<byte> b2 = Vector128.Create(blocks[start + 2]), b3 = Vector128.Create(blocks[start + 3]);
            Vector128<byte> b4 = Vector128.Create(blocks[start + 4]), b5 = Vector128.Create(blocks[start + 5]);
            Vector128<byte> b6 = Vector128.Create(blocks[start + 6]), b7 = Vector128.Create(blocks[start + 7]);
            Aes128Portable.Encrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule);
            Assert.Equal(expected, (Vector128<byte>[])[b0, b1, b2, b3, b4, b5, b6, b7]);
            Aes128Portable.Decrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule);
            for (int k = 0; k < 8; k++)
                Assert.Equal(Vector128.Create(blocks[start + k]), k switch { 0 => b0, 1 => b1, 2 => b2, 3 => b3, 4 => b4, 5 => b5, 6 => b6, _ => b7 });
            Assert.Equal(expected[0], Aes128Portable.Encrypt(Vector128.Create(blocks[start]), in schedule));
        }
    }

    private static void CheckFips197<TAes>() where TAes : IAes128
    {
        AesKeySchedule schedule = default;
        TAes.ExpandKey(s_key, ref schedule);
        var plain = Vector128.Create(s_plain);
        var cipher = Vector128.Create(s_cipher);
        Assert.Equal(cipher, TAes.Encrypt(plain, in schedule));
        Assert.Equal(plain, TAes.Decrypt(cipher, in schedule));

        // The batch forms must agree with the single-block forms lane by lane.
        var lanes = new Vector128<byte>[8];
        for (int i = 0; i < lanes.Length; i++)
            lanes[i] = plain ^ Vector128.Create((byte)i);
        Vector128<byte> b0 = lanes[0], b1 = lanes[1], b2 = lanes[2], b3 = lanes[3];
        Vector128<byte> b4 = lanes[4], b5 = lanes[5], b6 = lanes[6], b7 = lanes[7];
        TAes.Encrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule);
        Vector128<byte>[] encrypted = [b0, b1, b2, b3, b4, b5, b6, b7];
        for (int i = 0; i < lanes.Length; i++)
            Assert.Equal(TAes.Encrypt(lanes[i], in schedule), encrypted[i]);

        TAes.Decrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule);
        Vector128<byte>[] decrypted = [b0, b1, b2, b3, b4, b5, b6, b7];
        Assert.Equal(lanes, decrypted);

        b0 = encrypted[0]; b1 = encrypted[1]; b2 = encrypted[2]; b3 = encrypted[3];
        b4 = encrypted[4]; b5 = encrypted[5]; b6 = encrypted[6]; b7 = lanes[7];
        TAes.Decrypt7Encrypt1(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in schedule);
        Vector128<byte>[] mixed = [b0, b1, b2, b3, b4, b5, b6];
        Assert.Equal(lanes[..7], mixed);
        Assert.Equal(encrypted[7], b7);
    }
}
