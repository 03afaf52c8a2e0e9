using Mosh.Terminal.Parser;

namespace Mosh.Fuzz;

/// <summary>
/// Fuzz target "vtparser": the VT parser alone. It must never throw, and splitting the input
/// (at a point chosen by the input itself) must not change the events: both runs fold their
/// events into a hash, and a difference is a bug.
/// </summary>
internal static class VtParserTarget
{
    // ~66 KiB: kept out of the fuzzing loop's stack frames and reused across runs.
    private static VtParser s_whole;
    private static VtParser s_split;

    public static void Run(ReadOnlySpan<byte> input)
    {
        s_whole.Reset();
        s_split.Reset();

        var whole = new HashingPerformer();
        s_whole.Advance(ref whole, input);

        var split = new HashingPerformer();
        int cut = input.Length == 0 ? 0 : input[0] % (input.Length + 1);
        s_split.Advance(ref split, input.Slice(0, cut));
        s_split.Advance(ref split, input.Slice(cut));

        if (whole.Hash != split.Hash)
            throw new InvalidOperationException($"split at {cut} changed the parser's events");
    }

    /// <summary>FNV-1a over the event stream; text is hashed per character so run boundaries do not count.</summary>
    private struct HashingPerformer : IPerformer
    {
        public ulong Hash;

        private void Mix(long value)
        {
            if (Hash == 0)
                Hash = 14695981039346656037;
            Hash = (Hash ^ (ulong)value) * 1099511628211;
        }

        public void PrintAscii(ReadOnlySpan<byte> run)
        {
            foreach (byte b in run)
            {
                Mix(1);
                Mix(b);
            }
        }

        public void Print(int codePoint)
        {
            Mix(1);
            Mix(codePoint);
        }

        // A run is the same events as its characters one by one: hashed so.
        public void PrintText(ReadOnlySpan<int> text)
        {
            foreach (int codePoint in text)
            {
                Print(codePoint);
            }
        }

        public void Execute(int control)
        {
            Mix(2);
            Mix(control);
        }

        public void CsiDispatch(in CsiParams parameters, byte marker, ReadOnlySpan<byte> intermediates, byte final)
        {
            Mix(3);
            Mix(marker);
            Mix(parameters.Count);
            for (int i = 0; i < parameters.Count; i++)
                Mix(parameters[i]);
            foreach (byte b in intermediates)
                Mix(b);
            Mix(final);
        }

        public void EscDispatch(ReadOnlySpan<byte> intermediates, byte final)
        {
            Mix(4);
            foreach (byte b in intermediates)
                Mix(b);
            Mix(final);
        }

        public void OscDispatch(ReadOnlySpan<byte> payload)
        {
            Mix(5);
            Mix(payload.Length);
            foreach (byte b in payload)
                Mix(b);
        }
    }
}
