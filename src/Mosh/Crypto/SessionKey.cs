using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Mosh.Crypto;

/// <summary>
/// A mosh session key: 16 random bytes, printed as their base64 without the trailing "==" (22 characters),
/// as in <c>MOSH CONNECT &lt;port&gt; &lt;key&gt;</c> and the <c>MOSH_KEY</c> variable.
/// </summary>
public readonly struct SessionKey : IEquatable<SessionKey>
{
    public const int Length = 16;
    public const int PrintableLength = 22;

    // Upstream's CryptoException texts, so users see the messages they know.
    public const string WrongLengthError = "Key must be 22 letters long.";
    public const string MalformedError = "Key must be well-formed base64.";
    // Upstream's decoder always yields 16 octets for 22 valid characters, so this one cannot occur; kept for completeness.
    public const string WrongOctetCountError = "Key must represent 16 octets.";
    public const string NotCanonicalError = "Base64 key was not encoded 128-bit key.";

    private readonly KeyBytes _bytes;

    /// <summary>Wraps 16 raw key bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 16 bytes long.</exception>
    public SessionKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException("A session key is 16 bytes.", nameof(bytes));
        bytes.CopyTo(_bytes);
    }

    /// <summary>A fresh key from the system CSPRNG.</summary>
    public static SessionKey Generate()
    {
        Span<byte> raw = stackalloc byte[Length];
        SecureRandom.Fill(raw);
        var key = new SessionKey(raw);
        raw.Clear();
        return key;
    }

    /// <summary>
    /// Parses the 22-character printable form exactly as mosh-client does: 22 characters of the standard
    /// base64 alphabet that decode to 16 bytes and re-encode to the same text (the last character's low
    /// four bits must be zero, so it is one of A, Q, g, w).
    /// </summary>
    public static bool TryParse(string? printable, out SessionKey key, [NotNullWhen(false)] out string? error)
    {
        key = default;
        // Upstream compares the byte length of the (UTF-8) environment string.
        if (printable is null || Encoding.UTF8.GetByteCount(printable) != PrintableLength)
        {
            error = WrongLengthError;
            return false;
        }
        Span<byte> raw = stackalloc byte[Length];
        int bits = 0, pending = 0, written = 0;
        for (int i = 0; i < PrintableLength; i++)
        {
            int sixBits = DecodeChar(printable[i]);
            if (sixBits < 0)
            {
                error = MalformedError;
                return false;
            }
            bits = (bits << 6) | sixBits;
            pending += 6;
            if (pending >= 8)
            {
                pending -= 8;
                raw[written++] = (byte)(bits >> pending);
                bits &= (1 << pending) - 1;
            }
        }
        if (written != Length)
        {
            error = WrongOctetCountError;
            return false;
        }
        // 22 characters carry 132 bits; the 4 left over must be zero or the key would not re-encode identically.
        if (bits != 0)
        {
            error = NotCanonicalError;
            return false;
        }
        key = new SessionKey(raw);
        error = null;
        return true;
    }

    /// <summary>The 22-character printable form.</summary>
    public string ToPrintable()
    {
        Span<char> chars = stackalloc char[24];
        Convert.TryToBase64Chars(_bytes, chars, out _);
        return new string(chars.Slice(0, PrintableLength));
    }

    /// <summary>Copies the 16 raw bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    [UnscopedRef]
    internal ReadOnlySpan<byte> AsReadOnlySpan() => _bytes;

    public bool Equals(SessionKey other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is SessionKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(SessionKey left, SessionKey right) => left.Equals(right);

    public static bool operator !=(SessionKey left, SessionKey right) => !left.Equals(right);

    /// <summary>Never prints the key itself.</summary>
    public override string ToString() => nameof(SessionKey);

    private static int DecodeChar(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };

    [InlineArray(Length)]
    private struct KeyBytes
    {
        private byte _first;
    }
}
