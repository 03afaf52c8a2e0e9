using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Mosh.Terminal.Unicode;

namespace Mosh.Terminal.Parser;

/// <summary>
/// The VT parser: UTF-8 bytes in, <see cref="IPerformer"/> calls out. Paul Williams' DEC
/// VT500-series state machine on code points, exactly as mosh 1.4.0 runs it (protocol §8.1,
/// §8.2, §8.8). All state lives in this struct — parser state, the UTF-8 decoder, the
/// sequence being collected and the OSC text — so input may be split at any byte and resumes
/// where it stopped.
/// </summary>
/// <remarks>
/// Fixed size (about 66 KiB, mostly the OSC buffer): keep it in a field of a class and call it
/// in place. Never copy it and never put it in a <c>readonly</c> field (every call would then
/// run on a defensive copy). Hostile input cannot make it throw, allocate or grow: limits are
/// enforced by dropping, as upstream does.
/// <para>
/// Where the events differ in form from upstream's actions (never in effect on the terminal):
/// DEL in Ground is dropped (upstream prints it, but its width is -1, which does nothing);
/// a final character ≥ U+00A0 is reported as <see cref="NonAsciiFinal"/> (upstream builds a
/// dispatch key that matches no function); intermediates beyond 8 are dropped (upstream caps
/// marker + intermediates + final at 8, again matching no function); a sequence without
/// parameter characters has <see cref="CsiParams.Count"/> 0 where upstream parses one missing
/// parameter (every function reads both as its default); DCS hook/put/unhook are not
/// reported (upstream has no DCS functions).
/// </para>
/// </remarks>
public struct VtParser
{
    /// <summary>Parameter characters ('0'–'9', ';') kept per sequence; upstream drops the rest.</summary>
    public const int MaxParamChars = 100;

    /// <summary>Intermediate bytes kept per sequence; the rest are dropped. Upstream caps the
    /// whole dispatch key (marker + intermediates + final) at 8, so any sequence that reaches
    /// this limit names no function either way.</summary>
    public const int MaxIntermediates = 8;

    /// <summary>Largest parameter value; anything above is <see cref="CsiParams.TooLarge"/>, which every function but REP reads as missing.</summary>
    public const int MaxParamValue = 65535;

    /// <summary>Code points kept per OSC string (upstream's clipboard limit); the excess is dropped.</summary>
    public const int MaxOscCodePoints = 16384;

    /// <summary>The <c>final</c> handed to <see cref="IPerformer.CsiDispatch"/>/<see cref="IPerformer.EscDispatch"/>
    /// when the final character is a code point ≥ U+00A0 (classified like 'A'): names no function.</summary>
    public const byte NonAsciiFinal = 0xFF;

    // Every OSC code point is 0x20–0x7F or ≥ U+00A0 and ≤ U+10FFFF, so at most 4 UTF-8 bytes.
    private const int OscCapacityBytes = MaxOscCodePoints * 4;

    [InlineArray(MaxIntermediates)]
    private struct IntermediateBytes
    {
        private byte _element0;
    }

    // Code points handed over per PrintText call; a longer run takes several calls.
    private const int TextRunCapacity = 64;

    [InlineArray(TextRunCapacity)]
    private struct TextRun
    {
        private int _element0;
    }

    [InlineArray(OscCapacityBytes)]
    private struct OscBytes
    {
        private byte _element0;
    }

    // Bytes that can end an ignored string (DCS data, SOS/PM/APC): CAN, SUB, ESC, and C2, the
    // lead byte of every C1 control U+0080–U+009F (ST among them). Nothing else can leave.
    private static readonly SearchValues<byte> s_stringExits = SearchValues.Create([0x18, 0x1A, 0x1B, 0xC2]);

    private VtState _state;
    private Utf8Decoder _utf8;

    // The control sequence being collected (cleared on entering Escape, CSI or DCS).
    private CsiParams _params;
    private int _paramValue;        // current parameter: Missing until a digit; saturates at MaxParamValue + 1
    private int _paramChars;        // parameter characters seen, up to MaxParamChars
    private bool _paramIsSub;       // the current parameter follows a ':'
    private byte _marker;
    private int _intermediateCount;
    private IntermediateBytes _intermediates;

    // The OSC string being collected, already UTF-8.
    private int _oscLength;
    private int _oscCodePoints;
    private OscBytes _osc;

    // The run of non-ASCII text being decoded for PrintText (contents meaningful only in the call).
    private TextRun _text;

    /// <summary>Back to the ground state, forgetting any partial sequence (upstream's <c>reset_input</c>).</summary>
    public void Reset()
    {
        _state = VtState.Ground;
        _utf8.Reset();
    }

    /// <summary>Parses <paramref name="input"/>, calling <paramref name="performer"/> for every event.</summary>
    public void Advance<TPerformer>(ref TPerformer performer, ReadOnlySpan<byte> input)
        where TPerformer : struct, IPerformer
        => AdvanceCore(ref performer, input);

    /// <summary>Parses <paramref name="input"/> into a class performer (interface calls; prefer a struct performer on hot paths).</summary>
    public void Advance<TPerformer>(TPerformer performer, ReadOnlySpan<byte> input)
        where TPerformer : class, IPerformer
        => AdvanceCore(ref performer, input);

    // The hot methods are compiled fully optimised at once (as Native AOT always does, which
    // ignores the flag): under the tiered JIT, the long-running loop and its helpers ran for
    // hundreds of milliseconds in unoptimised code first, which skewed every benchmark.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AdvanceCore<TPerformer>(ref TPerformer performer, ReadOnlySpan<byte> input)
        where TPerformer : IPerformer
    {
        int i = 0;
        while ((uint)i < (uint)input.Length)
        {
            byte b = input[i];
            if (_utf8.HasPending)
            {
                i++;
                PushByte(ref performer, b);
                continue;
            }

            if (b >= 0x80)
            {
                // Common case: a complete, well-formed sequence inside this buffer. Decoding it
                // at once gives the same code point as byte-at-a-time decoding; anything else
                // (split, invalid, > U+10FFFF) takes the exact byte-at-a-time path.
                int length = DecodeWellFormed(input.Slice(i), out int codePoint);
                if (length == 0)
                {
                    i++;
                    PushByte(ref performer, b);
                    continue;
                }
                i += length;
                if (_state == VtState.Ground && codePoint >= 0xA0)
                    i = PrintTextRun(ref performer, input, i, codePoint);
                else
                    Step(ref performer, codePoint);
                continue;
            }

            switch (_state)
            {
                case VtState.Ground when (uint)(b - 0x20) <= 0x7E - 0x20:
                {
                    // Text comes in runs: hand the whole printable ASCII run over at once.
                    ReadOnlySpan<byte> rest = input.Slice(i);
                    int run = rest.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
                    if (run < 0)
                        run = rest.Length;
                    performer.PrintAscii(rest.Slice(0, run));
                    i += run;
                    continue;
                }
                case VtState.Ground when b < 0x20 && b != 0x1B:
                {
                    // C0 controls (CR, LF, BS, TAB, …): in Ground every one but ESC is executed
                    // and leaves the state as it is, so the table has nothing to add.
                    performer.Execute(b);
                    i++;
                    continue;
                }
                case VtState.Ground when b == 0x1B:
                {
                    // The most common sequence by far: ESC [ params final (SGR, cursor moves).
                    i = ParseCsi(ref performer, input, i);
                    continue;
                }
                case VtState.CsiEntry or VtState.CsiParam when (uint)(b - '0') <= 9 || b == ';':
                {
                    // Parameters: CSI Entry → CSI Param has no entry/exit action, so a run of
                    // parameter characters is just accumulated.
                    _state = VtState.CsiParam;
                    do
                    {
                        AddParamChar(b);
                        if ((uint)++i >= (uint)input.Length)
                            return;
                        b = input[i];
                    }
                    while ((uint)(b - '0') <= 9 || b == ';');
                    continue;
                }
                case VtState.OscString when (uint)(b - 0x20) <= 0x7F - 0x20:
                {
                    ReadOnlySpan<byte> rest = input.Slice(i);
                    int run = rest.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7F);
                    if (run < 0)
                        run = rest.Length;
                    AppendOscAscii(rest.Slice(0, run));
                    i += run;
                    continue;
                }
                case VtState.DcsPassthrough or VtState.DcsIgnore or VtState.SosPmApcString:
                {
                    // Inside a discarded string only the "anywhere" controls matter; skip to the
                    // next byte that can start one. Skipping leaves the decoder empty, which is
                    // equivalent: a pending sequence would only have produced ignored code
                    // points, and every byte we stop at is decoded afresh in any case.
                    int skip = input.Slice(i).IndexOfAny(s_stringExits);
                    if (skip < 0)
                        return;
                    if (skip > 0)
                    {
                        i += skip;
                        continue;
                    }
                    break;
                }
            }

            i++;
            Step(ref performer, b);
        }
    }

    /// <summary>
    /// From an ESC in Ground: the state machine's own steps (Escape, CSI Entry, optional marker,
    /// parameters, final) taken directly for as much of the sequence as follows. Stops in the
    /// state reached at the first byte of any other kind, so the general loop carries on
    /// exactly as if every byte had gone through <see cref="Step"/>. Returns the next index.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ParseCsi<TPerformer>(ref TPerformer performer, ReadOnlySpan<byte> input, int i)
        where TPerformer : IPerformer
    {
        // ESC: Ground → Escape (entry: clear).
        _state = VtState.Escape;
        ClearSequence();
        if ((uint)++i >= (uint)input.Length || input[i] != (byte)'[')
            return i;

        // '[': Escape → CSI Entry (entry: clear; nothing was collected since).
        _state = VtState.CsiEntry;
        if ((uint)++i >= (uint)input.Length)
            return i;
        byte b = input[i];
        if ((uint)(b - '<') <= '?' - '<')
        {
            _marker = b;
            _state = VtState.CsiParam;
            if ((uint)++i >= (uint)input.Length)
                return i;
            b = input[i];
        }

        while ((uint)(b - '0') <= 9 || b == ';')
        {
            _state = VtState.CsiParam;
            AddParamChar(b);
            if ((uint)++i >= (uint)input.Length)
                return i;
            b = input[i];
        }

        if ((uint)(b - 0x40) <= 0x7E - 0x40)
        {
            _state = VtState.Ground;
            DispatchCsi(ref performer, b);
            i++;
        }
        return i;
    }

    /// <summary>The exact, resumable path: one byte into the UTF-8 decoder, its code points into the state machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PushByte<TPerformer>(ref TPerformer performer, byte b)
        where TPerformer : IPerformer
    {
        int count = _utf8.Push(b, out int first, out int second);
        if (count != 0)
        {
            Step(ref performer, first);
            if (count == 2)
                Step(ref performer, second);
        }
    }

    /// <summary>
    /// Hands <paramref name="first"/> and the well-formed printable characters ≥ U+00A0 that
    /// follow it at <paramref name="i"/> to <see cref="IPerformer.PrintText"/> as one run (up to
    /// <see cref="TextRunCapacity"/>); returns where the run ended. Anything else (ASCII, a C1
    /// control, a split or invalid sequence) ends the run and goes through the usual path.
    /// </summary>
    private int PrintTextRun<TPerformer>(ref TPerformer performer, ReadOnlySpan<byte> input, int i, int first)
        where TPerformer : IPerformer
    {
        Span<int> text = _text;
        text[0] = first;
        int n = 1;
        while (n < text.Length && (uint)i < (uint)input.Length && input[i] >= 0x80)
        {
            int length = DecodeWellFormed(input.Slice(i), out int codePoint);
            if (length == 0 || codePoint < 0xA0)
                break;
            text[n++] = codePoint;
            i += length;
        }
        performer.PrintText(text[..n]);
        return i;
    }

    /// <summary>
    /// Length of the well-formed UTF-8 sequence (2–4 bytes, ≤ U+10FFFF, no overlong, no surrogate)
    /// at the start of <paramref name="s"/>, or 0 if it is not one or not complete here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeWellFormed(ReadOnlySpan<byte> s, out int codePoint)
    {
        codePoint = 0;
        int lead = s[0];
        if ((uint)(lead - 0xC2) <= 0xDF - 0xC2)
        {
            if (s.Length < 2 || (s[1] & 0xC0) != 0x80)
                return 0;
            codePoint = ((lead & 0x1F) << 6) | (s[1] & 0x3F);
            return 2;
        }
        if ((uint)(lead - 0xE0) <= 0xEF - 0xE0)
        {
            if (s.Length < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
                return 0;
            int cp = ((lead & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
            if (cp < 0x800 || (uint)(cp - 0xD800) <= 0xDFFF - 0xD800)
                return 0;
            codePoint = cp;
            return 3;
        }
        if ((uint)(lead - 0xF0) <= 0xF4 - 0xF0)
        {
            if (s.Length < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
                return 0;
            int cp = ((lead & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
            if ((uint)(cp - 0x10000) > 0x10FFFF - 0x10000)
                return 0;
            codePoint = cp;
            return 4;
        }
        return 0;
    }

    /// <summary>One code point through the state machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Step<TPerformer>(ref TPerformer performer, int codePoint)
        where TPerformer : IPerformer
    {
        int column = codePoint < VtTransitionTable.Classes ? codePoint : 0x41;
        byte entry = VtTransitionTable.Entries[(int)_state * VtTransitionTable.Classes + column];
        var action = (VtAction)(entry >> 4);
        int next = entry & 0x0F;

        if (next == VtTransitionTable.Stay)
        {
            Perform(ref performer, action, codePoint);
            return;
        }

        // A transition: exit action of the old state, the transition's action, entry action of
        // the new one (in that order, as upstream). It runs even when re-entering the same state.
        if (_state == VtState.OscString)
            performer.OscDispatch(OscPayload);

        Perform(ref performer, action, codePoint);

        _state = (VtState)next;
        switch (_state)
        {
            case VtState.Escape:
            case VtState.CsiEntry:
            case VtState.DcsEntry:
                ClearSequence();
                break;
            case VtState.OscString:
                _oscLength = 0;
                _oscCodePoints = 0;
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Perform<TPerformer>(ref TPerformer performer, VtAction action, int codePoint)
        where TPerformer : IPerformer
    {
        switch (action)
        {
            case VtAction.None:
                break;
            case VtAction.Print:
                if (codePoint >= 0xA0)
                {
                    performer.Print(codePoint);
                }
                else
                {
                    // An ASCII character that reached Ground through the decoder (it ended an
                    // invalid sequence): a run of one.
                    byte ascii = (byte)codePoint;
                    performer.PrintAscii(new ReadOnlySpan<byte>(in ascii));
                }
                break;
            case VtAction.Execute:
                performer.Execute(codePoint);
                break;
            case VtAction.Collect:
                if (_intermediateCount < MaxIntermediates)
                    _intermediates[_intermediateCount++] = (byte)codePoint;
                break;
            case VtAction.Marker:
                _marker = (byte)codePoint;
                break;
            case VtAction.Param:
                AddParamChar(codePoint);
                break;
            case VtAction.EscDispatch:
                // ESC followed by 0x40–0x5F is the 7-bit form of the C1 control 0x80–0x9F.
                if (_intermediateCount == 0 && (uint)(codePoint - 0x40) <= 0x5F - 0x40)
                    performer.Execute(codePoint + 0x40);
                else
                    performer.EscDispatch(Intermediates, FinalByte(codePoint));
                break;
            case VtAction.CsiDispatch:
                DispatchCsi(ref performer, codePoint);
                break;
            case VtAction.OscPut:
                AppendOscCodePoint(codePoint);
                break;
        }
    }

    private void DispatchCsi<TPerformer>(ref TPerformer performer, int final)
        where TPerformer : IPerformer
    {
        if (_paramChars != 0)
            _params.Add(FinishedParam(_paramValue), _paramIsSub);
        _paramChars = 0; // the last parameter is added once, even if dispatch were re-run
        // Sub-parameters mean something only to SGR (as in xterm); any other sequence holding
        // one is ignored whole, as 1.4.0 ignores every sequence with a ':'.
        if (_params.HasSubParameters && (final != 'm' || _marker != 0 || _intermediateCount != 0))
            return;
        performer.CsiDispatch(in _params, _marker, Intermediates, FinalByte(final));
    }

    private readonly ReadOnlySpan<byte> Intermediates
    {
        [UnscopedRef]
        get => ((ReadOnlySpan<byte>)_intermediates).Slice(0, _intermediateCount);
    }

    private readonly ReadOnlySpan<byte> OscPayload
    {
        [UnscopedRef]
        get => ((ReadOnlySpan<byte>)_osc).Slice(0, _oscLength);
    }

    private static byte FinalByte(int codePoint) => codePoint <= 0x7E ? (byte)codePoint : NonAsciiFinal;

    private void ClearSequence()
    {
        _params.Clear();
        _paramValue = CsiParams.Missing;
        _paramChars = 0;
        _paramIsSub = false;
        _marker = 0;
        _intermediateCount = 0;
    }

    /// <summary>
    /// Parameters are parsed as they arrive, with upstream's results: only the first 100
    /// characters count (a number cut there keeps its leading digits), an empty parameter is
    /// missing, and a value above 65535 is missing (saturating, so no length of digits overflows).
    /// A ':' ends a parameter like ';' but makes the next one a sub-parameter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddParamChar(int c)
    {
        if (_paramChars >= MaxParamChars)
            return;
        _paramChars++;
        if (c == ';' || c == ':')
        {
            _params.Add(FinishedParam(_paramValue), _paramIsSub);
            _paramValue = CsiParams.Missing;
            _paramIsSub = c == ':';
            return;
        }

        int digit = c - '0';
        int value = _paramValue < 0 ? digit : _paramValue * 10 + digit;
        _paramValue = Math.Min(value, MaxParamValue + 1);
    }

    private static int FinishedParam(int value) => value > MaxParamValue ? CsiParams.TooLarge : value;

    private void AppendOscAscii(ReadOnlySpan<byte> run)
    {
        int room = MaxOscCodePoints - _oscCodePoints;
        if (run.Length > room)
            run = run.Slice(0, room);
        run.CopyTo(((Span<byte>)_osc).Slice(_oscLength));
        _oscLength += run.Length;
        _oscCodePoints += run.Length;
    }

    private void AppendOscCodePoint(int codePoint)
    {
        if (_oscCodePoints >= MaxOscCodePoints)
            return;
        _oscCodePoints++;
        // Accepted code points are 0x20–0x7F or U+00A0–U+10FFFF (never a surrogate), so they
        // are Unicode scalars and always fit (4 bytes per code point reserved).
        Span<byte> osc = _osc;
        _oscLength += Utf8Encoder.Encode(codePoint, osc[_oscLength..]);
    }
}
