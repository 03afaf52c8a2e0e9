using System.Security.Cryptography;

namespace Mosh.Transport;

/// <summary>Chaff from the system CSPRNG, as upstream draws it from its PRNG: length = random byte % 17.</summary>
public sealed class SystemRandomChaffSource : IChaffSource
{
    public const int MaxChaff = 16;

    public int Fill(Span<byte> chaff)
    {
        Span<byte> lengthByte = stackalloc byte[1];
        RandomNumberGenerator.Fill(lengthByte);
        int length = lengthByte[0] % (MaxChaff + 1);
        RandomNumberGenerator.Fill(chaff[..length]);
        return length;
    }
}
