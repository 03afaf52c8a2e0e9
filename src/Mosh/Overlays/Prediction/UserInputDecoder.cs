using Mosh.Terminal.Unicode;

namespace Mosh.Overlays.Prediction;

/// <summary>
/// Decodes the user's keystrokes the way upstream's client does before predicting: UTF-8 to code
/// points with glibc's error behaviour (<see cref="Utf8Decoder"/>), then upstream's VT state
/// machine, of which only the four actions that matter to prediction are reported.
/// <c>ESC O x</c> (application cursor keys) is rewritten to <c>ESC [ x</c> on the raw bytes, so
/// both arrow-key forms look the same. Fixed-size state, never throws, never allocates.
/// </summary>
internal struct UserInputDecoder
{
    private enum State : byte
    {
        Ground,
        Escape,
        EscapeIntermediate,
        CsiEntry,
        CsiParam,
        CsiIntermediate,
        CsiIgnore,
        OscString,
        // DCS (all its sub-states), SOS, PM and APC: left only by the "anywhere" transitions, and
        // none of their own transitions produces an action prediction looks at, so one state is exact.
        IgnoredString,
    }

    private State _state;
    private byte _lastByte;
    private Utf8Decoder _utf8;

    /// <summary>Feeds one raw byte; returns how many actions (0–2) were produced.</summary>
    public int Feed(byte b, out UserInputAction first, out UserInputAction second)
    {
        first = default;
        second = default;
        if (_lastByte == 0x1B && b == (byte)'O')
        {
            b = (byte)'[';
        }
        _lastByte = b;

        int count = 0;
        int decoded = _utf8.Push(b, out int cp1, out int cp2);
        if (decoded > 0)
        {
            Emit(cp1, ref count, ref first, ref second);
        }
        if (decoded > 1)
        {
            Emit(cp2, ref count, ref first, ref second);
        }
        return count;
    }

    private void Emit(int cp, ref int count, ref UserInputAction first, ref UserInputAction second)
    {
        if (Step(cp, out UserInputAction action))
        {
            if (count == 0)
            {
                first = action;
            }
            else
            {
                second = action;
            }
            count++;
        }
    }

    // C0 controls executed in most states (CAN, SUB and ESC are "anywhere" transitions instead).
    private static bool IsC0Prime(int c) => c <= 0x17 || c == 0x19 || (c >= 0x1C && c <= 0x1F);

    /// <summary>One code point through upstream's state machine.</summary>
    private bool Step(int ch, out UserInputAction action)
    {
        action = default;
        // Transitions taken from any state.
        if (ch == 0x18 || ch == 0x1A || (ch >= 0x80 && ch <= 0x8F) || (ch >= 0x91 && ch <= 0x97) || ch == 0x99 || ch == 0x9A)
        {
            _state = State.Ground;
            action = new UserInputAction(UserInputActionKind.Execute, ch);
            return true;
        }
        switch (ch)
        {
            case 0x9C:
                _state = State.Ground;
                return false;
            case 0x1B:
                _state = State.Escape;
                return false;
            case 0x98 or 0x9E or 0x9F or 0x90:
                _state = State.IgnoredString;
                return false;
            case 0x9D:
                _state = State.OscString;
                return false;
            case 0x9B:
                _state = State.CsiEntry;
                return false;
        }

        // Code points from U+00A0 up are classified like 'A'.
        int c = ch >= 0xA0 ? 0x41 : ch;
        switch (_state)
        {
            case State.Ground:
                if (IsC0Prime(c))
                {
                    action = new UserInputAction(UserInputActionKind.Execute, ch);
                    return true;
                }
                if (c >= 0x20 && c <= 0x7F)
                {
                    action = new UserInputAction(UserInputActionKind.Print, ch);
                    return true;
                }
                return false;

            case State.Escape:
                if (IsC0Prime(c))
                {
                    action = new UserInputAction(UserInputActionKind.Execute, ch);
                    return true;
                }
                if (c >= 0x20 && c <= 0x2F)
                {
                    _state = State.EscapeIntermediate;
                    return false;
                }
                switch (c)
                {
                    case 0x5B:
                        _state = State.CsiEntry;
                        return false;
                    case 0x5D:
                        _state = State.OscString;
                        return false;
                    case 0x50 or 0x58 or 0x5E or 0x5F:
                        _state = State.IgnoredString;
                        return false;
                    case 0x7F:
                        return false;
                }
                _state = State.Ground;
                action = new UserInputAction(UserInputActionKind.EscDispatch, ch);
                return true;

            case State.EscapeIntermediate:
                if (IsC0Prime(c))
                {
                    action = new UserInputAction(UserInputActionKind.Execute, ch);
                    return true;
                }
                if (c >= 0x30 && c <= 0x7E)
                {
                    _state = State.Ground;
                    action = new UserInputAction(UserInputActionKind.EscDispatch, ch);
                    return true;
                }
                return false;

            case State.CsiEntry:
            case State.CsiParam:
            case State.CsiIntermediate:
                if (IsC0Prime(c))
                {
                    action = new UserInputAction(UserInputActionKind.Execute, ch);
                    return true;
                }
                if (c >= 0x40 && c <= 0x7E)
                {
                    _state = State.Ground;
                    action = new UserInputAction(UserInputActionKind.CsiDispatch, ch);
                    return true;
                }
                _state = NextCsiState(_state, c);
                return false;

            case State.CsiIgnore:
                if (IsC0Prime(c))
                {
                    action = new UserInputAction(UserInputActionKind.Execute, ch);
                    return true;
                }
                if (c >= 0x40 && c <= 0x7E)
                {
                    _state = State.Ground;
                }
                return false;

            case State.OscString:
                if (c == 0x07)
                {
                    _state = State.Ground;
                }
                return false;

            default:
                return false;
        }
    }

    private static State NextCsiState(State state, int c)
    {
        bool digitOrSemicolon = (c >= 0x30 && c <= 0x39) || c == 0x3B;
        bool marker = c >= 0x3C && c <= 0x3F;
        bool intermediate = c >= 0x20 && c <= 0x2F;
        switch (state)
        {
            case State.CsiEntry:
                return digitOrSemicolon || marker ? State.CsiParam
                    : c == 0x3A ? State.CsiIgnore
                    : intermediate ? State.CsiIntermediate
                    : state;
            case State.CsiParam:
                return digitOrSemicolon ? state
                    : c == 0x3A || marker ? State.CsiIgnore
                    : intermediate ? State.CsiIntermediate
                    : state;
            default: // CsiIntermediate
                return intermediate ? state
                    : c >= 0x30 && c <= 0x3F ? State.CsiIgnore
                    : state;
        }
    }
}
