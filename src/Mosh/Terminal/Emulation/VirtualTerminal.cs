using Mosh.Terminal.Parser;
using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Emulation;

/// <summary>
/// A complete terminal: UTF-8 decoding and VT parsing (<see cref="VtParser"/>), the
/// <see cref="Emulator"/> and its <see cref="Framebuffer"/>. The server feeds application output
/// into one; the client feeds the server's host bytes into its own (§5.2).
/// </summary>
/// <remarks>
/// The parser (about 66 KiB) is made on the first <see cref="Write(ReadOnlySpan{byte})"/>: the
/// many copies a session keeps of its terminal (sent and received states) are never written
/// with their own parser.
/// </remarks>
public sealed class VirtualTerminal
{
    private ParserBox? _parser;
    private Emulator _emulator;

    public VirtualTerminal(int width, int height)
    {
        Framebuffer = new Framebuffer(width, height);
        Replies = new ReplyBuffer();
        _emulator = new Emulator(Framebuffer, Replies);
    }

    /// <summary>A copy of <paramref name="other"/>'s screen and state, sharing its rows (see <see cref="CopyFrom"/>).</summary>
    public VirtualTerminal(VirtualTerminal other)
    {
        Framebuffer = new Framebuffer(other.Framebuffer);
        Replies = new ReplyBuffer();
        _emulator = new Emulator(Framebuffer, Replies);
    }

    /// <summary>The screen and all terminal state. The same object for the terminal's lifetime.</summary>
    public Framebuffer Framebuffer { get; }

    /// <summary>Answers to DA/DSR queries, for the pty (never for host bytes). Drain with <see cref="ReplyBuffer.Clear"/>.</summary>
    public ReplyBuffer Replies { get; }

    /// <summary>DECCKM, for the <see cref="KeyTranslator"/>.</summary>
    public bool ApplicationCursorKeys => Framebuffer.Modes.ApplicationCursorKeys;

    /// <summary>Interprets output bytes; input may be split anywhere.</summary>
    public void Write(ReadOnlySpan<byte> bytes) => (_parser ??= new ParserBox()).Parser.Advance(ref _emulator, bytes);

    /// <summary>
    /// Interprets output bytes with <paramref name="parser"/> instead of this terminal's own: for
    /// bytes that begin between sequences, such as a diff's host bytes (§5.6), which need no
    /// parser state of their own.
    /// </summary>
    public void Write(ReadOnlySpan<byte> bytes, ref VtParser parser) => parser.Advance(ref _emulator, bytes);

    /// <summary>Resize per §8.10 (sizes below 1 are treated as 1).</summary>
    public void Resize(int columns, int rows) => Framebuffer.Resize(columns, rows);

    /// <summary>Resize keeping the cursor's row in view, the rows above it going into the history (§14.3).</summary>
    public void ResizeKeepingCursorRow(int columns, int rows) => Framebuffer.ResizeKeepingCursorRow(columns, rows);

    /// <summary>
    /// Becomes a copy of <paramref name="other"/>'s screen and state (sharing rows, see
    /// <see cref="Framebuffer.CopyFrom"/>). The parser starts afresh: host bytes (§5.6) always
    /// end between sequences, so there is no partial sequence worth carrying.
    /// </summary>
    public void CopyFrom(VirtualTerminal other)
    {
        Framebuffer.CopyFrom(other.Framebuffer);
        _parser?.Parser.Reset();
    }

    // The parser is a large struct; it lives in this box so that it is made only when needed.
    private sealed class ParserBox
    {
        public VtParser Parser;
    }
}
