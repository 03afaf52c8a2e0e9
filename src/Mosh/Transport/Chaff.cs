using Mosh.Crypto;

namespace Mosh.Transport;

/// <summary>
/// Random padding in every instruction (protocol §4.7) so datagram lengths say less about what was
/// typed: a length of (random byte mod 17) = 0..16, then that many random bytes.
/// </summary>
public static class Chaff
{
    public const int MaxLength = 16;

    /// <summary>Fill <paramref name="destination"/> (at least 17 bytes) and return the chaff length.</summary>
    public static int Generate(Span<byte> destination)
    {
        Span<byte> draw = destination[..(MaxLength + 1)];
        SecureRandom.Fill(draw);
        int length = draw[MaxLength] % (MaxLength + 1);
        return length;
    }
}
