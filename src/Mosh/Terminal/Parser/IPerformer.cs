namespace Mosh.Terminal.Parser;

/// <summary>
/// What the VT parser hands to the terminal: the meaning of the byte stream, with the syntax
/// already resolved (after alacritty/vte's <c>Perform</c> and microsoft/terminal's engine).
/// The parser is generic over a struct implementing this, so every call is a direct call.
/// </summary>
/// <remarks>
/// All spans are views into the parser's own fixed buffers and are valid only during the call.
/// </remarks>
public interface IPerformer
{
    /// <summary>A run of printable ASCII (0x20–0x7E), in the ground state.</summary>
    void PrintAscii(ReadOnlySpan<byte> run);

    /// <summary>A printable code point ≥ U+00A0 (U+FFFD for invalid UTF-8), in the ground state.</summary>
    void Print(int codePoint);

    /// <summary>
    /// A run of printable code points ≥ U+00A0 decoded from one read, in the ground state: the
    /// same as <see cref="Print"/> for each in order, handed over at once so that the terminal
    /// can write a row's worth of text without going back through the parser per character.
    /// </summary>
    void PrintText(ReadOnlySpan<int> text);

    /// <summary>A control function to execute: C0 (0x00–0x1F, 0x7F never arrives) or C1 (0x80–0x9F, also from <c>ESC</c> 0x40–0x5F).</summary>
    void Execute(int control);

    /// <summary>
    /// A complete control sequence: <c>CSI [marker] params [intermediates] final</c>.
    /// <paramref name="marker"/> is the private marker byte ('&lt;', '=', '&gt;', '?') that came right
    /// after CSI, or 0. Sequences the parser rejects (a ':' in the parameters, a marker in the
    /// wrong place) are never dispatched. <paramref name="final"/> is 0x40–0x7E, or
    /// <see cref="VtParser.NonAsciiFinal"/> when a character ≥ U+00A0 ended the sequence (upstream
    /// dispatches it as an unknown function). <paramref name="parameters"/> has Count 0 when no
    /// parameter character was given (upstream sees one missing parameter: same defaults).
    /// </summary>
    void CsiDispatch(in CsiParams parameters, byte marker, ReadOnlySpan<byte> intermediates, byte final);

    /// <summary>
    /// An escape sequence <c>ESC intermediates final</c> whose final is not 0x40–0x5F-without-intermediates
    /// (those become <see cref="Execute"/>). <paramref name="final"/> is 0x30–0x7E or <see cref="VtParser.NonAsciiFinal"/>.
    /// </summary>
    void EscDispatch(ReadOnlySpan<byte> intermediates, byte final);

    /// <summary>An operating system command, dispatched when the OSC state is left by any path; the payload is UTF-8 (e.g. "0;title").</summary>
    void OscDispatch(ReadOnlySpan<byte> payload);
}
