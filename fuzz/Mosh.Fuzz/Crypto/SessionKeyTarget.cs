using System.Text;
using Mosh.Crypto;

namespace Mosh.Fuzz.Crypto;

/// <summary>Any text either parses to a key that prints back identically, or fails with one of upstream's messages.</summary>
internal static class SessionKeyTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        if (SessionKey.TryParse(text, out SessionKey? key, out string? error))
        {
            using (key)
            {
                if (key.ToPrintable() != text)
                    throw new InvalidOperationException("accepted a key that does not round-trip");
            }
        }
        else if (error is not (SessionKey.WrongLengthError or SessionKey.MalformedError or SessionKey.NotCanonicalError))
        {
            throw new InvalidOperationException("unexpected error text");
        }
    }
}
