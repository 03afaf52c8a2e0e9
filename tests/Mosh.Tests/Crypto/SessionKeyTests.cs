using System.Runtime.CompilerServices;
using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>The printable session key of protocol §1.1 / §12.1, with upstream's error texts.</summary>
public class SessionKeyTests
{
    [Theory]
    [InlineData("000102030405060708090a0b0c0d0e0f", "AAECAwQFBgcICQoLDA0ODw")]
    [InlineData("00000000000000000000000000000000", "AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ffffffffffffffffffffffffffffffff", "/////////////////////w")]
    public void ParsesAndPrintsSpecVectors(string rawHex, string printable)
    {
        Assert.True(SessionKey.TryParse(printable, out SessionKey? key, out string? error));
        Assert.Null(error);
        Assert.True(SessionKey.TryParse(System.Text.Encoding.ASCII.GetBytes(printable), out SessionKey? fromBytes, out _));
        Assert.Equal(key, fromBytes);
        var raw = new byte[16];
        key.CopyTo(raw);
        Assert.Equal(rawHex, Convert.ToHexString(raw).ToLowerInvariant());
        Assert.Equal(printable, new SessionKey(Convert.FromHexString(rawHex)).ToPrintable());
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAECAwQFBgcICQoLDA0OD")]
    [InlineData("AAECAwQFBgcICQoLDA0ODwA")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")]
    [InlineData("AAECAwQFBgcICQoLDA0ODwé")] // 22 characters but 23 UTF-8 bytes
    public void RejectsWrongLength(string printable)
    {
        Assert.False(SessionKey.TryParse(printable, out SessionKey? key, out string? error));
        Assert.Equal("Key must be 22 letters long.", error);
        Assert.Null(key);
    }

    [Fact]
    public void CountsLengthInUtf8BytesAsUpstreamDoes()
    {
        // 21 characters, 22 bytes: upstream's std::string passes the length check and fails as base64.
        Assert.False(SessionKey.TryParse("AAECAwQFBgcICQoLDA0Oé", out _, out string? error));
        Assert.Equal("Key must be well-formed base64.", error);
    }

    [Fact]
    public void RejectsNull()
    {
        Assert.False(SessionKey.TryParse((string?)null, out _, out string? error));
        Assert.Equal("Key must be 22 letters long.", error);
    }

    [Theory]
    [InlineData("AAECAwQFBgcICQoLDA0OD=")]
    [InlineData("AAECAwQFBgcICQoLDA0O-w")]
    [InlineData("AAECAwQFBgcICQoLDA0O_w")]
    [InlineData("AAECAwQFBgcI CQoLDA0Ow")]
    [InlineData("AAECAwQFBgcICQoLDA0O\nw")]
    public void RejectsCharactersOutsideTheAlphabet(string printable)
    {
        Assert.False(SessionKey.TryParse(printable, out _, out string? error));
        Assert.Equal("Key must be well-formed base64.", error);
    }

    [Fact]
    public void LastCharacterMustCarryNoExtraBits()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int accepted = 0;
        foreach (char last in alphabet)
        {
            string printable = "AAECAwQFBgcICQoLDA0OD" + last;
            bool ok = SessionKey.TryParse(printable, out SessionKey? key, out string? error);
            if ("AQgw".Contains(last))
            {
                Assert.True(ok, printable);
                Assert.Equal(printable, key!.ToPrintable());
                accepted++;
            }
            else
            {
                Assert.False(ok, printable);
                Assert.Equal("Base64 key was not encoded 128-bit key.", error);
            }
        }
        Assert.Equal(4, accepted);
    }

    [Fact]
    public void ErrorTextsAreUpstreams()
    {
        Assert.Equal("Key must be 22 letters long.", SessionKey.WrongLengthError);
        Assert.Equal("Key must be well-formed base64.", SessionKey.MalformedError);
        Assert.Equal("Key must represent 16 octets.", SessionKey.WrongOctetCountError);
        Assert.Equal("Base64 key was not encoded 128-bit key.", SessionKey.NotCanonicalError);
    }

    [Fact]
    public void GeneratedKeysRoundTripAndDiffer()
    {
        SessionKey a = SessionKey.Generate();
        SessionKey b = SessionKey.Generate();
        Assert.NotEqual(a, b);
        string printable = a.ToPrintable();
        Assert.Equal(22, printable.Length);
        Assert.True(SessionKey.TryParse(printable, out SessionKey? parsed, out _));
        Assert.Equal(a, parsed);
        Assert.DoesNotContain(printable, a.ToString());
    }

    [Fact]
    public void PrintsIntoBytesWithoutAString()
    {
        using SessionKey key = SessionKey.Generate();
        Span<byte> text = stackalloc byte[SessionKey.PrintableLength];
        key.WritePrintable(text);
        Assert.Equal(key.ToPrintable(), System.Text.Encoding.ASCII.GetString(text));
    }

    [Fact]
    public void DisposeZeroesTheKeyAndRefusesFurtherUse()
    {
        SessionKey key = SessionKey.Generate();
        byte[] storage = KeyBytes(key);
        Assert.Contains(storage, b => b != 0);
        key.Dispose();
        Assert.True(key.IsDisposed);
        Assert.All(storage, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => key.ToPrintable());
        Assert.Throws<ObjectDisposedException>(() => key.CopyTo(new byte[16]));
        Assert.Throws<ObjectDisposedException>(() => new OcbCipher(key));
    }

    [Fact]
    public void FailedParsesLeaveNoKeyBehind()
    {
        Assert.False(SessionKey.TryParse("AAECAwQFBgcICQoLDA0ODx", out SessionKey? key, out _));
        Assert.Null(key);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_bytes")]
    private static extern ref byte[] KeyBytes(SessionKey key);

    [Fact]
    public void RawConstructorDemandsSixteenBytes()
    {
        Assert.Throws<ArgumentException>(() => new SessionKey(new byte[15]));
        Assert.Throws<ArgumentException>(() => new SessionKey(new byte[17]));
    }
}
