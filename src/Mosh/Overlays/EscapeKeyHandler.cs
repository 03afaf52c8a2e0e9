using System.Text;

namespace Mosh.Overlays;

/// <summary>
/// The client's escape key (§6.7): filters the user's raw keystrokes into the bytes to send and
/// the commands typed after the escape character. Allocation-free after construction.
/// </summary>
public sealed class EscapeKeyHandler
{
    /// <summary>Ctrl-^ (RS): rarely typed on purpose, easy to reach.</summary>
    public const byte DefaultEscapeKey = 0x1E;

    private readonly bool _enabled;
    private bool _escapePending;
    // A printable escape counts only at the start of a line, like OpenSSH's "~"; the session
    // starts "not at a line start", as upstream.
    private bool _atLineStart;

    private EscapeKeyHandler(int key)
    {
        if (key <= 0)
        {
            _enabled = false;
            return;
        }
        _enabled = true;
        EscapeKey = (byte)key;
        // Ctrl-X is passed by typing X (or x); a printable escape by typing it twice.
        PassKey = key < 0x20 ? (byte)(key + '@') : (byte)key;
        PassKey2 = PassKey is >= (byte)'A' and <= (byte)'Z' ? (byte)(PassKey + ('a' - 'A')) : PassKey;
        RequiresLineStart = key >= 0x20;
        string passName = "\"" + (char)PassKey + "\"";
        KeyName = key < 0x20 ? "Ctrl-" + (char)PassKey : "\"" + (char)key + "\"";
        _helpText = "Commands: Ctrl-Z suspends, \".\" quits, " + passName + " gives literal " + KeyName;
        _helpTextWithDetach = "Commands: Ctrl-Z suspends, \".\" quits, \"d\" detaches, " + passName + " gives literal " + KeyName;
    }

    private readonly string? _helpText;
    private readonly string? _helpTextWithDetach;

    /// <summary>The default: Ctrl-^.</summary>
    public static EscapeKeyHandler Default => new(DefaultEscapeKey);

    /// <summary>
    /// From <c>MOSH_ESCAPE_KEY</c>: unset → Ctrl-^; empty → disabled; a single byte 1–127 → that
    /// character, except Ctrl-C, Ctrl-D, LF, Ctrl-L and CR, which would be too easy to hit (default
    /// used); anything else → the default.
    /// </summary>
    public static EscapeKeyHandler FromEnvironment(string? value)
    {
        if (value is null)
        {
            return Default;
        }
        if (value.Length == 0)
        {
            return new EscapeKeyHandler(-1);
        }
        if (Encoding.UTF8.GetByteCount(value) != 1)
        {
            return Default;
        }
        int key = value[0];
        if (key is <= 0 or >= 128 or 0x03 or 0x04 or 0x0A or 0x0C or 0x0D)
        {
            return Default;
        }
        return new EscapeKeyHandler(key);
    }

    public bool Enabled => _enabled;

    public byte EscapeKey { get; }

    /// <summary>Typed after the escape to send the escape character itself.</summary>
    public byte PassKey { get; }

    /// <summary>The lowercase alternative of an uppercase <see cref="PassKey"/> (else the same).</summary>
    public byte PassKey2 { get; }

    /// <summary>Printable escapes count only as the first byte after a CR or LF.</summary>
    public bool RequiresLineStart { get; }

    /// <summary>"Ctrl-^" or "\"~\"" — for the quit hint; null when disabled.</summary>
    public string? KeyName { get; }

    /// <summary>Shown while waiting for the byte after the escape; null when disabled.</summary>
    public string? HelpText => DetachAvailable ? _helpTextWithDetach : _helpText;

    /// <summary>
    /// The server supports detaching (protocol §14.1): escape then <c>d</c> detaches. Otherwise,
    /// as upstream, <c>d</c> after the escape is sent with it.
    /// </summary>
    public bool DetachAvailable { get; set; }

    /// <summary>
    /// Consumes user bytes into <paramref name="output"/> (bytes to send) until the input ends or
    /// something happens the client must act on; call again with the rest. Stops early, with
    /// <see cref="EscapeAction.None"/>, if fewer than two bytes of output space remain.
    /// </summary>
    public EscapeAction Process(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int written)
    {
        consumed = 0;
        written = 0;
        while (consumed < input.Length && written + 2 <= output.Length)
        {
            byte b = input[consumed++];
            if (_escapePending)
            {
                _escapePending = false;
                if (b == (byte)'.')
                {
                    return EscapeAction.Quit;
                }
                if (b == 0x1A)
                {
                    return EscapeAction.Suspend;
                }
                if (b == (byte)'d' && DetachAvailable && PassKey != (byte)'d' && PassKey2 != (byte)'d')
                {
                    return EscapeAction.Detach;
                }
                output[written++] = EscapeKey;
                if (b != PassKey && b != PassKey2)
                {
                    output[written++] = b;
                }
                return EscapeAction.EscapeEnded;
            }

            if (_enabled && b == EscapeKey && (_atLineStart || !RequiresLineStart))
            {
                _escapePending = true;
                _atLineStart = false;
                return EscapeAction.EscapeStarted;
            }

            _atLineStart = b is 0x0A or 0x0D;
            output[written++] = b;
            if (b == 0x0C)
            {
                return EscapeAction.RepaintRequested;
            }
        }
        return EscapeAction.None;
    }
}
