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
            AesRoundKeys portableEncrypt = default, portableDecrypt = default;
            Aes128Portable.ExpandKey(key, ref portableEncrypt, ref portableDecrypt);
            if (Aes128AesNi.IsSupported)
            {
                AesRoundKeys encrypt = default, decrypt = default;
                Aes128AesNi.ExpandKey(key, ref encrypt, ref decrypt);
                for (int r = 0; r < AesRoundKeys.Count; r++)
                {
                    Assert.Equal(portableEncrypt[r], encrypt[r]);
                    Assert.Equal(portableDecrypt[r], decrypt[r]);
                }
            }
            if (Aes128Arm.IsSupported)
            {
                AesRoundKeys encrypt = default, decrypt = default;
                Aes128Arm.ExpandKey(key, ref encrypt, ref decrypt);
                for (int r = 0; r < AesRoundKeys.Count; r++)
                {
                    Assert.Equal(portableEncrypt[r], encrypt[r]);
                    Assert.Equal(portableDecrypt[r], decrypt[r]);
                }
            }
        }
    }

    private static void CheckFips197<TAes>() where TAes : IAes128
    {
        AesRoundKeys encrypt = default, decrypt = default;
        TAes.ExpandKey(s_key, ref encrypt, ref decrypt);
        var plain = Vector128.Create(s_plain);
        var cipher = Vector128.Create(s_cipher);
        Assert.Equal(cipher, TAes.Encrypt(plain, in encrypt));
        Assert.Equal(plain, TAes.Decrypt(cipher, in decrypt));

        // The batch forms must agree with the single-block forms lane by lane.
        var lanes = new Vector128<byte>[8];
        for (int i = 0; i < lanes.Length; i++)
            lanes[i] = plain ^ Vector128.Create((byte)i);
        Vector128<byte> b0 = lanes[0], b1 = lanes[1], b2 = lanes[2], b3 = lanes[3];
        Vector128<byte> b4 = lanes[4], b5 = lanes[5], b6 = lanes[6], b7 = lanes[7];
        TAes.Encrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in encrypt);
        Vector128<byte>[] encrypted = [b0, b1, b2, b3, b4, b5, b6, b7];
        for (int i = 0; i < lanes.Length; i++)
            Assert.Equal(TAes.Encrypt(lanes[i], in encrypt), encrypted[i]);

        TAes.Decrypt8(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in decrypt);
        Vector128<byte>[] decrypted = [b0, b1, b2, b3, b4, b5, b6, b7];
        Assert.Equal(lanes, decrypted);

        b0 = encrypted[0]; b1 = encrypted[1]; b2 = encrypted[2]; b3 = encrypted[3];
        b4 = encrypted[4]; b5 = encrypted[5]; b6 = encrypted[6]; b7 = lanes[7];
        TAes.Decrypt7Encrypt1(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, in decrypt, in encrypt);
        Vector128<byte>[] mixed = [b0, b1, b2, b3, b4, b5, b6];
        Assert.Equal(lanes[..7], mixed);
        Assert.Equal(encrypted[7], b7);
    }
}
