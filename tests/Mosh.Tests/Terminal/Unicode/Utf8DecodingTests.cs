using System.Runtime.InteropServices;
using Mosh.Terminal.Unicode;

namespace Mosh.Tests.Terminal.Unicode;

public class Utf8DecodingTests
{
    private const int R = 0xFFFD;

    private static int[] Decode(params byte[] input)
    {
        var decoder = new Utf8Decoder();
        var result = new List<int>();
        foreach (byte b in input)
        {
            int n = decoder.Push(b, out int first, out int second);
            if (n >= 1)
                result.Add(first);
            if (n == 2)
                result.Add(second);
        }
        return [.. result];
    }

    [Fact]
    public void AsciiPassesStraightThrough() => Assert.Equal([0x00, 0x41, 0x7F], Decode(0x00, 0x41, 0x7F));

    [Fact]
    public void WellFormedSequences()
    {
        Assert.Equal([0x80, 0xE9, 0x20AC, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF],
            Decode(0xC2, 0x80, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xEF, 0xBF, 0xBF, 0xF0, 0x90, 0x80, 0x80,
                   0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF));
    }

    [Fact]
    public void RawC1ByteIsInvalid() => Assert.Equal([R], Decode(0x9B));

    [Fact]
    public void InvalidLeadBytes() => Assert.Equal([R, R, R, R, 0x41], Decode(0xC0, 0xC1, 0xFE, 0xFF, 0x41));

    [Fact]
    public void TruncatedSequenceIsOneReplacementAndTheByteIsReexamined()
    {
        Assert.Equal([R, 0x41], Decode(0xE2, 0x82, 0x41));
        Assert.Equal([R, 0xE9], Decode(0xE2, 0xC3, 0xA9));
        Assert.Equal([R, 0x1B], Decode(0xF0, 0x9F, 0x98, 0x1B));
    }

    [Fact]
    public void OverlongIsTwoReplacements()
    {
        // glibc rejects the complete sequence; upstream re-examines its last byte, a lone continuation.
        Assert.Equal([R, R], Decode(0xE0, 0x80, 0x80));
        Assert.Equal([R, R], Decode(0xF0, 0x80, 0x80, 0x80));
        Assert.Equal([R, R], Decode(0xC0, 0x80));  // C0 invalid at once, then 80 alone
    }

    [Fact]
    public void SurrogateIsTwoReplacements() => Assert.Equal([R, R], Decode(0xED, 0xA0, 0x80));

    [Fact]
    public void BeyondUnicodeIsOneReplacement()
    {
        Assert.Equal([R], Decode(0xF4, 0x90, 0x80, 0x80));
        Assert.Equal([R], Decode(0xF7, 0xBF, 0xBF, 0xBF));
        Assert.Equal([R], Decode(0xF8, 0x88, 0x80, 0x80, 0x80));       // 5-byte form
        Assert.Equal([R], Decode(0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF)); // 6-byte form
    }

    [Fact]
    public void PendingStateIsVisible()
    {
        var d = new Utf8Decoder();
        Assert.Equal(0, d.Push(0xE2, out _, out _));
        Assert.True(d.HasPending);
        Assert.Equal(0, d.Push(0x82, out _, out _));
        Assert.Equal(1, d.Push(0xAC, out int cp, out _));
        Assert.Equal(0x20AC, cp);
        Assert.False(d.HasPending);
    }

    /// <summary>
    /// Differential test: upstream 1.4.0's byte-at-a-time decoding loop, run on this machine's
    /// glibc <c>mbrtowc</c>, against our decoder: every 1- and 2-byte input, every 3-byte input
    /// over the interesting bytes, and random longer inputs.
    /// </summary>
    [SkippableFact]
    public void MatchesUpstreamLoopOverGlibcMbrtowc()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "needs glibc's mbrtowc (Linux)");
        Skip.If(LibC.setlocale(LibC.LC_ALL, "C.UTF-8") == IntPtr.Zero, "the C.UTF-8 locale is not available here");

        byte[] interesting = [0x00, 0x1B, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9C, 0x9F, 0xA0, 0xAC, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3,
                              0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xF7, 0xF8, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF];
        var input = new byte[3];
        for (int a = 0; a < 256; a++)
        {
            Check([(byte)a]);
            for (int b = 0; b < 256; b++)
                Check([(byte)a, (byte)b]);
        }
        foreach (byte a in interesting)
            foreach (byte b in interesting)
                foreach (byte c in interesting)
                    Check([a, b, c]);

        var rng = new Random(1234);
        var buf = new byte[16];
        for (int n = 0; n < 30000; n++)
        {
            int len = rng.Next(1, buf.Length + 1);
            for (int i = 0; i < len; i++)
                buf[i] = rng.Next(4) == 0 ? (byte)rng.Next(256) : interesting[rng.Next(interesting.Length)];
            Check(buf.AsSpan(0, len).ToArray());
        }
    }

    private static void Check(byte[] input)
    {
        int[] expected = UpstreamDecode(input);
        int[] actual = Decode(input);
        if (!expected.AsSpan().SequenceEqual(actual))
            Assert.Fail($"{Convert.ToHexString(input)}: upstream [{string.Join(",", expected.Select(x => x.ToString("X")))}], ours [{string.Join(",", actual.Select(x => x.ToString("X")))}]");
    }

    /// <summary>Upstream's UTF8Parser::input loop (parser.cc), restated over mbrtowc.</summary>
    private static unsafe int[] UpstreamDecode(byte[] input)
    {
        var output = new List<int>();
        byte* buf = stackalloc byte[8];
        int bufLen = 0;
        foreach (byte c in input)
        {
            if (bufLen == 0 && c <= 0x7F)
            {
                output.Add(c);
                continue;
            }
            buf[bufLen++] = c;
            int total = 0;
            int orig = bufLen;
            while (total != orig)
            {
                ulong state = 0;
                int wc;
                long r = (long)LibC.mbrtowc(&wc, buf, (nuint)bufLen, &state);
                if (r == 0)
                {
                    bufLen = 0;
                    wc = 0;
                    r = 1;
                }
                else if (r == -1)
                {
                    wc = 0xFFFD;
                    if (bufLen > 1)
                    {
                        buf[0] = buf[bufLen - 1];
                        r = bufLen - 1;
                        bufLen = 1;
                    }
                    else
                    {
                        bufLen = 0;
                        r = 1;
                    }
                }
                else if (r == -2)
                {
                    total += bufLen;
                    continue;
                }
                else
                {
                    for (int i = 0; i < bufLen - r; i++)
                        buf[i] = buf[i + r];
                    bufLen -= (int)r;
                }
                if (wc < 0 || wc > 0x10FFFF || (wc >= 0xD800 && wc <= 0xDFFF))
                    wc = 0xFFFD;
                output.Add(wc);
                total += (int)r;
            }
        }
        return [.. output];
    }

    private static unsafe class LibC
    {
        public const int LC_ALL = 6;

        [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false)]
        public static extern IntPtr setlocale(int category, string locale);

        [DllImport("libc")]
        public static extern nint mbrtowc(int* pwc, byte* s, nuint n, ulong* ps);
    }
}
