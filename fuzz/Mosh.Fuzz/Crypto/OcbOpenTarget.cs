using Mosh.Crypto;

namespace Mosh.Fuzz.Crypto;

/// <summary>
/// Input = 12-byte nonce || datagram body. Opening arbitrary bytes must not throw and, when it fails, must leave
/// no plaintext behind; and sealing the same bytes then opening them must give them back, in place or not.
/// </summary>
internal static class OcbOpenTarget
{
    private static readonly OcbCipher s_cipher = new(Convert.FromHexString("000102030405060708090A0B0C0D0E0F"));
    private static readonly byte[] s_buffer = new byte[70_000];

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < OcbCipher.NonceLength || input.Length > 65_536)
            return;
        ReadOnlySpan<byte> nonce = input.Slice(0, OcbCipher.NonceLength);
        ReadOnlySpan<byte> body = input.Slice(OcbCipher.NonceLength);

        // The seed corpus holds a genuine datagram under this key, so true is a legitimate answer too.
        if (!s_cipher.TryOpen(nonce, body, s_buffer) && body.Length >= OcbCipher.TagLength
            && s_buffer.AsSpan(0, body.Length - OcbCipher.TagLength).IndexOfAnyExcept((byte)0) >= 0)
            throw new InvalidOperationException("rejected input left plaintext behind");

        Span<byte> sealedBytes = s_buffer.AsSpan(0, body.Length + OcbCipher.TagLength);
        body.CopyTo(sealedBytes);
        s_cipher.Seal(nonce, sealedBytes.Slice(0, body.Length), sealedBytes);
        if (!s_cipher.TryOpen(nonce, sealedBytes, sealedBytes) || !sealedBytes.Slice(0, body.Length).SequenceEqual(body))
            throw new InvalidOperationException("round trip failed");
    }
}
