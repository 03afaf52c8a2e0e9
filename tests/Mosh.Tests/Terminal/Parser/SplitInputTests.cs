using System.Text;
using Mosh.Terminal.Parser;

namespace Mosh.Tests.Terminal.Parser;

/// <summary>Reads may end anywhere: the parser's state carries over, so splitting changes nothing.</summary>
public class SplitInputTests
{
    [Fact]
    public void EverySingleSplitGivesTheSameEvents()
    {
        byte[] input = ParserInputs.Mixed();
        var whole = RecordingPerformer.Parse(input);
        Assert.True(whole.Count > 40);
        for (int cut = 0; cut <= input.Length; cut++)
        {
            var split = ParseInPieces(input, [cut]);
            if (!whole.SequenceEqual(split))
                Assert.Fail($"split at {cut} differs: {Describe(whole, split)}");
        }
    }

    [Fact]
    public void ByteAtATimeGivesTheSameEvents()
    {
        byte[] input = ParserInputs.Mixed();
        var cuts = Enumerable.Range(1, input.Length - 1).ToArray();
        Assert.Equal(RecordingPerformer.Parse(input), ParseInPieces(input, cuts));
    }

    [Fact]
    public void RandomSplitsOfRandomInputGiveTheSameEvents()
    {
        var rng = new Random(42);
        byte[] alphabet = Encoding.UTF8.GetBytes("\e[]P;:?>!#( 0123456789mHhqc\\\a\r\n\x18\x7f\u009c\u009b\u00e9\u4e2dA");
        for (int round = 0; round < 300; round++)
        {
            var input = new byte[rng.Next(1, 200)];
            for (int i = 0; i < input.Length; i++)
                input[i] = rng.Next(5) == 0 ? (byte)rng.Next(256) : alphabet[rng.Next(alphabet.Length)];
            var cuts = Enumerable.Range(0, rng.Next(1, 10)).Select(_ => rng.Next(input.Length + 1)).Order().ToArray();
            var whole = RecordingPerformer.Parse(input);
            var split = ParseInPieces(input, cuts);
            if (!whole.SequenceEqual(split))
                Assert.Fail($"{Convert.ToHexString(input)} cut at {string.Join(",", cuts)}: {Describe(whole, split)}");
        }
    }

    /// <summary>
    /// Fed one byte at a time, every byte takes the general path (decoder, then table); fed
    /// whole, the fast paths (ASCII runs, whole UTF-8 sequences, direct CSI parsing, string
    /// skipping) run. Both must agree on random input.
    /// </summary>
    [Fact]
    public void FastPathsAgreeWithTheByteAtATimePath()
    {
        var rng = new Random(99);
        byte[] alphabet = Encoding.UTF8.GetBytes("\e\e\e[[[]P;;:?<>!#( 0123456789mHhqc\\\a\r\x18\x7f\u009c\u009b\u0090\u0085\u00e9\u4e2d\U0001F600A");
        for (int round = 0; round < 2000; round++)
        {
            var input = new byte[rng.Next(1, 64)];
            for (int i = 0; i < input.Length; i++)
                input[i] = rng.Next(8) == 0 ? (byte)rng.Next(256) : alphabet[rng.Next(alphabet.Length)];
            var whole = RecordingPerformer.Parse(input);
            var bytewise = ParseInPieces(input, Enumerable.Range(1, input.Length - 1).ToArray());
            if (!whole.SequenceEqual(bytewise))
                Assert.Fail($"{Convert.ToHexString(input)}: {Describe(whole, bytewise)}");
        }
    }

    private static List<string> ParseInPieces(byte[] input, int[] cuts)
    {
        var parser = new VtParser();
        var rec = new RecordingPerformer();
        int start = 0;
        foreach (int cut in cuts)
        {
            parser.Advance(rec, input.AsSpan(start, cut - start));
            start = cut;
        }
        parser.Advance(rec, input.AsSpan(start));
        return rec.Transcript();
    }

    private static string Describe(List<string> whole, List<string> split)
    {
        int i = 0;
        while (i < whole.Count && i < split.Count && whole[i] == split[i])
            i++;
        return $"event {i}: whole '{(i < whole.Count ? whole[i] : "<end>")}', split '{(i < split.Count ? split[i] : "<end>")}'";
    }
}
