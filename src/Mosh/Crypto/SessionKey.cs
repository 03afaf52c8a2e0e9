using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Mosh.Crypto;

/// <summary>
/// A mosh session key: 16 random bytes, printed as their base64 without the trailing "==" (22 characters),
/// as in <c>MOSH CONNECT &lt;port&gt; &lt;key&gt;</c> and the <c>MOSH_KEY</c> variable.
/// </summary>
/// <remarks>
/// The bytes live in a pinned array the garbage collector never moves (so no stale copy is left in
/// the heap) and <see cref="Dispose"/> zeroes them; a session disposes its key as soon as the
/// <see cref="OcbCipher"/> has been built from it. Parsing and printing have span forms that
/// create no string, for callers that keep the printable key out of the managed heap too.
/// </remarks>
public sealed class SessionKey : IEquatable<SessionKey>, IDisposable
{
    public const int Length = 16;
    public const int PrintableLength = 22;

    // Upstream's CryptoException texts, so users see the messages they know.
    public const string WrongLengthError = "Key must be 22 letters long.";
    public const string MalformedError = "Key must be well-formed base64.";
    // Upstream's decoder always yields 16 octets for 22 valid characters, so this one cannot occur; kept for completeness.
    public const string WrongOctetCountError = "Key must represent 16 octets.";
    public const string NotCanonicalError = "Base64 key was not encoded 128-bit key.";

    private static ReadOnlySpan<byte> Alphabet => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8;

    private readonly byte[] _bytes = GC.AllocateArray<byte>(Length, pinned: true);
    private bool _disposed;

    /// <summary>Copies 16 raw key bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 16 bytes long.</exception>
    public SessionKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException("A session key is 16 bytes.", nameof(bytes));
        bytes.CopyTo(_bytes);
    }

    private SessionKey()
    {
    }

    /// <summary>Whether the key has been zeroed by <see cref="Dispose"/>.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>A fresh key from the system CSPRNG.</summary>
    public static SessionKey Generate()
    {
        var key = new SessionKey();
        SecureRandom.Fill(key._bytes);
        return key;
    }

    /// <summary>
    /// Parses the 22-character printable form exactly as mosh-client does: 22 characters of the standard
    /// base64 alphabet that decode to 16 bytes and re-encode to the same text (the last character's low
    /// four bits must be zero, so it is one of A, Q, g, w).
    /// </summary>
    public static bool TryParse(string? printable, [NotNullWhen(true)] out SessionKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        // Upstream compares the byte length of the (UTF-8) environment string.
        if (printable is null || Encoding.UTF8.GetByteCount(printable) != PrintableLength)
        {
            error = WrongLengthError;
            return false;
        }
        Span<byte> utf8 = stackalloc byte[PrintableLength];
        Encoding.UTF8.GetBytes(printable, utf8);
        bool ok = TryParse(utf8, out key, out error);
        CryptographicOperations.ZeroMemory(utf8);
        return ok;
    }

    /// <summary>
    /// As <see cref="TryParse(string?, out SessionKey?, out string?)"/>, from the bytes of the printable
    /// form (e.g. the environment variable as libc holds it), without creating a string.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> printable, [NotNullWhen(true)] out SessionKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (printable.Length != PrintableLength)
        {
            error = WrongLengthError;
            return false;
        }
        var parsed = new SessionKey();
        int bits = 0, pending = 0, written = 0;
        for (int i = 0; i < PrintableLength; i++)
        {
            int sixBits = DecodeChar(printable[i]);
            if (sixBits < 0)
            {
                parsed.Dispose();
                error = MalformedError;
                return false;
            }
            bits = (bits << 6) | sixBits;
            pending += 6;
            if (pending >= 8)
            {
                pending -= 8;
                parsed._bytes[written++] = (byte)(bits >> pending);
                bits &= (1 << pending) - 1;
            }
        }
        if (written != Length)
        {
            parsed.Dispose();
            error = WrongOctetCountError;
            return false;
        }
        // 22 characters carry 132 bits; the 4 left over must be zero or the key would not re-encode identically.
        if (bits != 0)
        {
            parsed.Dispose();
            error = NotCanonicalError;
            return false;
        }
        key = parsed;
        error = null;
        return true;
    }

    /// <summary>The 22-character printable form, as a string (which cannot be zeroed; see <see cref="WritePrintable"/>).</summary>
    public string ToPrintable()
    {
        Span<byte> text = stackalloc byte[PrintableLength];
        WritePrintable(text);
        string printable = Encoding.ASCII.GetString(text);
        CryptographicOperations.ZeroMemory(text);
        return printable;
    }

    /// <summary>Writes the 22 ASCII characters of the printable form to <paramref name="destination"/>.</summary>
    public void WritePrintable(Span<byte> destination)
    {
        ReadOnlySpan<byte> bytes = AsReadOnlySpan();
        if (destination.Length < PrintableLength)
            throw new ArgumentException("The printable key is 22 bytes.", nameof(destination));
        int bits = 0, pending = 0, at = 0;
        foreach (byte b in bytes)
        {
            bits = (bits << 8) | b;
            pending += 8;
            while (pending >= 6)
            {
                pending -= 6;
                destination[at++] = Alphabet[(bits >> pending) & 63];
            }
            bits &= (1 << pending) - 1;
        }
        destination[at] = Alphabet[(bits << (6 - pending)) & 63]; // the last 2 bits, padded with zeros
    }

    /// <summary>Copies the 16 raw bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => AsReadOnlySpan().CopyTo(destination);

    internal ReadOnlySpan<byte> AsReadOnlySpan()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _bytes;
    }

    /// <summary>Zeroes the key; it cannot be used afterwards.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
    }

    public bool Equals(SessionKey? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(AsReadOnlySpan(), other.AsReadOnlySpan());

    public override bool Equals(object? obj) => obj is SessionKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(AsReadOnlySpan());
        return hash.ToHashCode();
    }

    /// <summary>Never prints the key itself.</summary>
    public override string ToString() => nameof(SessionKey);

    private static int DecodeChar(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };
}
