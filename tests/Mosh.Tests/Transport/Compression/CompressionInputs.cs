using System.Text;

namespace Mosh.Tests.Transport.Compression;

/// <summary>Deterministic inputs of the kinds compression meets, at any length.</summary>
public static class CompressionInputs
{
    public static readonly string[] Kinds = ["random", "alphabet", "runs", "text", "escapes"];

    private static readonly string[] s_words =
        ["the", "state", "of", "a", "terminal", "is", "sent", "as", "diff", "from", "one", "frame", "to", "next", "and", "every", "instruction", "carries"];

    /// <summary><paramref name="length"/> bytes of <paramref name="kind"/> (one of <see cref="Kinds"/>).</summary>
    public static byte[] Make(string kind, int length, int seed)
    {
        var random = new Random(seed * 31 + length);
        var bytes = new byte[length];
        switch (kind)
        {
            case "random":
                random.NextBytes(bytes);
                return bytes;
            case "alphabet":
                // Few symbols and random order: short matches that cost more than they save.
                for (int i = 0; i < length; i++)
                    bytes[i] = (byte)"abc \x1b[K\n"[random.Next(8)];
                return bytes;
            case "runs":
                for (int i = 0; i < length;)
                {
                    byte b = (byte)random.Next(256);
                    int run = random.Next(1, 300);
                    for (; run > 0 && i < length; run--)
                        bytes[i++] = b;
                }
                return bytes;
            case "text":
                return Fill(length, random, r => s_words[r.Next(s_words.Length)] + (r.Next(12) == 0 ? ".\r\n" : " "));
            case "escapes":
                return Fill(length, random, r => $"\x1b[{r.Next(1, 25)};{r.Next(1, 81)}H\x1b[3{r.Next(8)}m{s_words[r.Next(s_words.Length)]}\x1b[m");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind");
        }
    }

    private static byte[] Fill(int length, Random random, Func<Random, string> piece)
    {
        var text = new StringBuilder();
        while (text.Length < length)
            text.Append(piece(random));
        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
