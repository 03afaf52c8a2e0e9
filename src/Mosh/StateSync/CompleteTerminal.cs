using Mosh.Terminal.Display;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Parser;
using Mosh.Terminal.Screen;
using Mosh.Transport;

namespace Mosh.StateSync;

/// <summary>
/// The server's synchronized state (protocol §5.2): a whole terminal — screen, cursor, modes,
/// title — plus the echo ack. Its diff is a HostMessage whose host bytes are the escape
/// sequences that turn the reference frame into this one; applying a diff replays those bytes
/// into this terminal's own emulator, exactly as an upstream client does.
/// </summary>
public sealed partial class CompleteTerminal : ISyncState<CompleteTerminal>
{
    // The renderer for diffs; the programs are single-threaded, tests may not be.
    [ThreadStatic] private static FrameRenderer? t_renderer;

    // The parser that replays diffs: each diff is applied to a fresh copy whose parser would
    // start afresh anyway, so states share this one instead of carrying their own.
    [ThreadStatic] private static DiffParser? t_diffParser;

    public CompleteTerminal(int width, int height)
    {
        Vt = new VirtualTerminal(width, height);
    }

    private CompleteTerminal(CompleteTerminal other)
    {
        Vt = new VirtualTerminal(other.Vt);
        EchoAck = other.EchoAck;
        AcceptedSizes = other.AcceptedSizes;
        CopyHistoryStateFrom(other);
    }

    /// <summary>
    /// On the client: the sizes it has asked for; a diff resizing to any other is refused (see
    /// <see cref="RequestedSizes"/>). Copies share it. Null accepts every size within
    /// <see cref="WindowLimits"/>.
    /// </summary>
    public RequestedSizes? AcceptedSizes { get; set; }

    /// <summary>What holding this state may cost, in cells (a fully dirtied copy owns every one of its rows).</summary>
    public long Footprint => (long)Framebuffer.Width * Framebuffer.Height;

    /// <summary>The terminal itself: parser, emulator and framebuffer. Host bytes and pty output are written to it.</summary>
    public VirtualTerminal Vt { get; }

    /// <summary>The screen and terminal state (the same object as <see cref="Vt"/>'s).</summary>
    public Framebuffer Framebuffer => Vt.Framebuffer;

    /// <summary>The newest user-stream state whose input the application has had for ≥ 50 ms (§5.5).</summary>
    public ulong EchoAck { get; private set; }

    /// <summary>Sets the echo ack; it never decreases.</summary>
    /// <summary>
    /// Back to echo ack 0, for a new client of a running session (protocol §14.1): its state
    /// numbers start again at 0, and a client may not see the echo ack go down.
    /// </summary>
    public void ResetEchoAck() => EchoAck = 0;

    public bool SetEchoAck(ulong value)
    {
        if (value <= EchoAck) return false;
        EchoAck = value;
        return true;
    }

    /// <summary>A copy sharing this terminal's rows.</summary>
    public CompleteTerminal Clone() => new(this);

    public void CopyFrom(CompleteTerminal other)
    {
        Vt.CopyFrom(other.Vt);
        EchoAck = other.EchoAck;
        AcceptedSizes = other.AcceptedSizes;
        CopyHistoryStateFrom(other);
    }

    /// <summary>Releases the framebuffer's rows (shared with the live terminal and other states).</summary>
    public void ReleaseShared() => Framebuffer.Dispose();

    public bool ContentEquals(CompleteTerminal other) =>
        EchoAck == other.EchoAck && HistoryEquals(other) && Framebuffer.ContentEquals(other.Framebuffer);

    public void WriteDiffFrom(CompleteTerminal reference, ByteBuffer output)
    {
        var content = new HostMessageContent();
        if (EchoAck != reference.EchoAck)
        {
            content.HasEchoAck = true;
            content.EchoAckNum = EchoAck;
        }

        // The frame is rendered straight into the message; its headers go in front afterwards.
        output.Clear(HostMessageCodec.MaxPrefixLength);
        if (!Framebuffer.ContentEquals(reference.Framebuffer))
        {
            if (Framebuffer.Width != reference.Framebuffer.Width || Framebuffer.Height != reference.Framebuffer.Height)
            {
                content.HasResize = true;
                content.Width = Framebuffer.Width;
                content.Height = Framebuffer.Height;
            }
            FrameRenderer renderer = t_renderer ??= new FrameRenderer(DisplayCapabilities.Server);
            renderer.Render(reference.Framebuffer, Framebuffer, initialized: true, output);
        }

        int hostBytesLength = output.Length;
        bool history = WriteHistoryFrom(reference, output);
        if (!content.HasEchoAck && !content.HasResize && hostBytesLength == 0 && !history)
        {
            output.Clear();
            return;
        }
        Span<byte> prefix = stackalloc byte[HostMessageCodec.MaxPrefixLength];
        output.Prepend(prefix[..HostMessageCodec.EncodePrefix(content, hostBytesLength, prefix)]);
    }

    /// <summary>
    /// Applies a HostMessage. Malformed messages, sizes beyond <see cref="WindowLimits"/> or not
    /// among <see cref="AcceptedSizes"/>, and decreasing echo acks are refused (upstream's client
    /// aborts on the last two, and trusts every size); anything the replayed bytes would
    /// answer (a DA/DSR query a correct server never sends) is dropped.
    /// </summary>
    public bool TryApplyDiff(ReadOnlySpan<byte> diff)
    {
        var reader = new HostMessageReader(diff);
        ref VtParser parser = ref (t_diffParser ??= new DiffParser()).Parser;
        parser.Reset();
        ReadOnlySpan<byte> history = default;
        bool hasHistory = false;
        while (reader.TryRead(out HostEvent e))
        {
            switch (e.Kind)
            {
                case HostEventKind.History:
                    // Taken once the whole diff has proved good.
                    if (hasHistory) return false;
                    hasHistory = true;
                    history = e.HostBytes;
                    break;
                case HostEventKind.HostBytes:
                    Vt.Write(e.HostBytes, ref parser);
                    Vt.Replies.Clear();
                    break;
                case HostEventKind.Resize:
                    if (!WindowLimits.IsAllowed(e.Width, e.Height)
                        || (AcceptedSizes is not null && !AcceptedSizes.Contains(e.Width, e.Height)))
                        return false;
                    Vt.Resize(e.Width, e.Height);
                    break;
                case HostEventKind.EchoAck:
                    if (e.EchoAckNum < EchoAck) return false;
                    EchoAck = e.EchoAckNum;
                    break;
            }
        }
        if (reader.Malformed) return false;
        return !hasHistory || TryApplyHistory(history);
    }

    /// <summary>Terminal states hold no history to trim.</summary>
    public void Subtract(CompleteTerminal prefix)
    {
    }

    private sealed class DiffParser
    {
        public VtParser Parser;
    }
}
