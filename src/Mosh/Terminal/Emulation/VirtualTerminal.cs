using Mosh.Terminal.Parser;
using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Emulation;

/// <summary>
/// A complete terminal: UTF-8 decoding and VT parsing (<see cref="VtParser"/>), the
/// <see cref="Emulator"/> and its <see cref="Framebuffer"/>. The server feeds application output
/// into one; the client feeds the server's host bytes into its own (§5.2).
/// </summary>
public sealed class VirtualTerminal
{
    private VtParser _parser;
    private Emulator _emulator;

    public VirtualTerminal(int width, int height)
    {
        Framebuffer = new Framebuffer(width, height);
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
    public void Write(ReadOnlySpan<byte> bytes) => _parser.Advance(ref _emulator, bytes);

    /// <summary>Resize per §8.10 (sizes below 1 are treated as 1).</summary>
    public void Resize(int columns, int rows) => Framebuffer.Resize(columns, rows);

    /// <summary>
    /// Becomes a copy of <paramref name="other"/>'s screen and state (sharing rows, see
    /// <see cref="Framebuffer.CopyFrom"/>). The parser starts afresh: host bytes (§5.6) always
    /// end between sequences, so there is no partial sequence worth carrying.
    /// </summary>
    public void CopyFrom(VirtualTerminal other)
    {
        Framebuffer.CopyFrom(other.Framebuffer);
        _parser.Reset();
    }
}
