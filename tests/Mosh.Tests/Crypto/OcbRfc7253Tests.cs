using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>RFC 7253 Appendix A, AES-128 with a 128-bit tag, on every AES path; plus the protocol document's mosh datagram (§12.2).</summary>
public class OcbRfc7253Tests
{
    private static readonly byte[] s_key = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");

    // Nonce BBAA998877665544332211xx, A and P the first aLength / pLength bytes of 00 01 02 ..., then C || T.
    public static TheoryData<int, int, int, string> Vectors => new()
    {
        { 0x00, 0, 0, "785407BFFFC8AD9EDCC5520AC9111EE6" },
        { 0x01, 8, 8, "6820B3657B6F615A5725BDA0D3B4EB3A257C9AF1F8F03009" },
        { 0x02, 8, 0, "81017F8203F081277152FADE694A0A00" },
        { 0x03, 0, 8, "45DD69F8F5AAE72414054CD1F35D82760B2CD00D2F99BFA9" },
        { 0x04, 16, 16, "571D535B60B277188BE5147170A9A22C3AD7A4FF3835B8C5701C1CCEC8FC3358" },
        { 0x05, 16, 0, "8CF761B6902EF764462AD86498CA6B97" },
        { 0x06, 0, 16, "5CE88EC2E0692706A915C00AEB8B2396F40E1C743F52436BDF06D8FA1ECA343D" },
        { 0x07, 24, 24, "1CA2207308C87C010756104D8840CE1952F09673A448A122C92C62241051F57356D7F3C90BB0E07F" },
        { 0x08, 24, 0, "6DC225A071FC1B9F7C69F93B0F1E10DE" },
        { 0x09, 0, 24, "221BD0DE7FA6FE993ECCD769460A0AF2D6CDED0C395B1C3CE725F32494B9F914D85C0B1EB38357FF" },
        { 0x0A, 32, 32, "BD6F6C496201C69296C11EFD138A467ABD3C707924B964DEAFFC40319AF5A48540FBBA186C5553C68AD9F592A79A4240" },
        { 0x0B, 32, 0, "FE80690BEE8A485D11F32965BC9D2A32" },
        { 0x0C, 0, 32, "2942BFC773BDA23CABC6ACFD9BFD5835BD300F0973792EF46040C53F1432BCDFB5E1DDE3BC18A5F840B52E653444D5DF" },
        { 0x0D, 40, 40, "D5CA91748410C1751FF8A2F618255B68A0A12E093FF454606E59F9C1D0DDC54B65E8628E568BAD7AED07BA06A4A69483A7035490C5769E60" },
        { 0x0E, 40, 0, "C5CD9D1850C141E358649994EE701B68" },
        { 0x0F, 0, 40, "4412923493C57D5DE0D700F753CCE0D1D2D95060122E9F15A5DDBFC5787E50B5CC55EE507BCB084E479AD363AC366B95A98CA5F3000B1479" },
    };

    public static TheoryData<AesImplementation> Implementations => AesImplementations.All;

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void SealAndOpenReproduceEveryVector(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var cipher = new OcbCipher(s_key, implementation);
        Assert.Equal(implementation, cipher.Implementation);
        foreach (var row in Vectors)
        {
            var (nonceByte, aLength, pLength, expectedHex) = ((int)row[0], (int)row[1], (int)row[2], (string)row[3]);
            byte[] nonce = Convert.FromHexString("BBAA99887766554433221100");
            nonce[11] = (byte)nonceByte;
            byte[] associated = Counting(aLength);
            byte[] plain = Counting(pLength);
            byte[] expected = Convert.FromHexString(expectedHex);

            var sealedBytes = new byte[pLength + OcbCipher.TagLength];
            if (aLength == 0)
                cipher.Seal(nonce, plain, sealedBytes);
            else
                cipher.Seal(nonce, associated, plain, sealedBytes);
            Assert.Equal(expectedHex, Convert.ToHexString(sealedBytes));

            var opened = new byte[pLength];
            bool ok = aLength == 0
                ? cipher.TryOpen(nonce, expected, opened)
                : cipher.TryOpen(nonce, associated, expected, opened);
            Assert.True(ok, $"vector {nonceByte} failed to open");
            Assert.Equal(plain, opened);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void EmptyAssociatedDataOverloadEqualsPlainOverload(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var cipher = new OcbCipher(s_key, implementation);
        byte[] nonce = Convert.FromHexString("BBAA99887766554433221103");
        var withEmpty = new byte[24];
        cipher.Seal(nonce, ReadOnlySpan<byte>.Empty, Counting(8), withEmpty);
        Assert.Equal("45DD69F8F5AAE72414054CD1F35D82760B2CD00D2F99BFA9", Convert.ToHexString(withEmpty));
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void MoshDatagramFromSpecMatches(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        // protocol §12.2: key AAECAwQFBgcICQoLDA0ODw, direction 0, sequence 0.
        Assert.True(SessionKey.TryParse("AAECAwQFBgcICQoLDA0ODw", out SessionKey? key, out _));
        using var cipher = new OcbCipher(key, implementation);
        byte[] plain = Convert.FromHexString(
            "1234ffff" + "0000000000000001" + "8000" + "789ce360126090605460d06030e2e0629362d1083090b0620000105301de");
        byte[] expected = Convert.FromHexString(
            "9f164d976357081cc1c8bceef905db5a02428c8571949d686f4420ca31f0060ca43d50ffb19e12e522a8cf6e73fd36a91f68ecf470d119b52ed349b9");
        var nonce = new byte[12];
        var output = new byte[plain.Length + 16];
        cipher.Seal(nonce, plain, output);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(output));
    }

    private static byte[] Counting(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = (byte)i;
        return bytes;
    }
}
