namespace Mosh.Terminal.Emulation;

/// <summary>
/// The server's translation of client keystrokes into pty input (§5.1). The client keeps the
/// user's terminal in application cursor-key mode, so arrows arrive as <c>ESC O A..D</c>; unless the
/// application enabled DECCKM they are rewritten to <c>ESC [ A..D</c>. An <c>O</c> right after
/// <c>ESC</c> is held back until the next byte decides.
/// </summary>
public sealed class KeyTranslator
{
    private enum State : byte
    {
        Ground,
        Escape,
        Ss3,
    }

    private State _state;

    /// <summary>Largest output for <paramref name="inputLength"/> input bytes (a held-back <c>O</c> adds one).</summary>
    public static int MaxOutputLength(int inputLength) => inputLength + 1;

    /// <summary>
    /// Translates <paramref name="input"/> into <paramref name="output"/> (at least
    /// <see cref="MaxOutputLength"/> bytes) and returns the number of bytes written.
    /// </summary>
    public int Translate(ReadOnlySpan<byte> input, bool applicationCursorKeys, Span<byte> output)
    {
        int n = 0;
        foreach (byte b in input)
        {
            switch (_state)
            {
                case State.Ground:
                    if (b == 0x1B)
                    {
                        _state = State.Escape;
                    }
                    output[n++] = b;
                    break;
                case State.Escape:
                    if (b == (byte)'O')
                    {
                        _state = State.Ss3;
                    }
                    else
                    {
                        // Any other byte, ESC included, returns to ground (as upstream).
                        _state = State.Ground;
                        output[n++] = b;
                    }
                    break;
                default:
                    _state = State.Ground;
                    output[n++] = !applicationCursorKeys && b is >= (byte)'A' and <= (byte)'D' ? (byte)'[' : (byte)'O';
                    output[n++] = b;
                    break;
            }
        }
        return n;
    }
}
