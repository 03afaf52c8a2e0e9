using Mosh;
using Mosh.Overlays;
using Mosh.Overlays.Prediction;
using Mosh.StateSync;
using Mosh.Terminal.Screen;
using Mosh.Terminal.Display;

namespace MoshAot.Client;

/// <summary>
/// What the user sees: the newest server frame with the overlays (predictions, notification
/// bar, title prefix) drawn over a copy, rendered as a minimal diff against what the terminal
/// already shows (§5.6, §6.8), and written straight from the renderer's buffer.
/// </summary>
internal sealed class ClientDisplay
{
    private readonly LocalTerminal _local;
    private readonly FrameRenderer _renderer;
    private readonly ByteBuffer _output = new(64 * 1024);
    private Framebuffer _displayed;
    private Framebuffer _frame;

    public ClientDisplay(LocalTerminal local, OverlayManager overlays, int columns, int rows)
    {
        _local = local;
        Overlays = overlays;
        _renderer = new FrameRenderer(local.Capabilities);
        _displayed = new Framebuffer(columns, rows);
        _frame = new Framebuffer(columns, rows);
    }

    public OverlayManager Overlays { get; }

    /// <summary>What the terminal shows now (the frame predictions are made against).</summary>
    public Framebuffer Displayed => _displayed;

    /// <summary>Set when the terminal's contents are unknown (after a suspend, Ctrl-^ Ctrl-L): the next draw repaints all.</summary>
    public bool RepaintRequested { get; set; } = true;

    /// <summary>Raw mode and the terminal's opening sequences, then a blank frame.</summary>
    public void Open()
    {
        _local.Enter();
        _output.Clear();
        _renderer.Render(_displayed, _frame, initialized: false, _output);
        LocalTerminal.Write(_output.WrittenSpan);
        RepaintRequested = false;
    }

    /// <summary>Ctrl-^ Ctrl-Z: the terminal as the shell had it, and a word on why.</summary>
    public void Suspend()
    {
        _local.Restore();
        LocalTerminal.Write("\n\x1b[37;44m[mosh is suspended.]\x1b[m\n"u8);
    }

    /// <summary>Back from a suspend: raw mode again, and a full repaint (the shell has drawn over us).</summary>
    public void Resume()
    {
        _local.Enter();
        RepaintRequested = true;
    }

    /// <summary>Restores the terminal; safe on every exit path, any number of times.</summary>
    public void Close() => _local.Restore();

    /// <summary>Draws <paramref name="remote"/> with the overlays, if anything changed.</summary>
    public void Draw(CompleteTerminal remote, long now)
    {
        if (remote.Framebuffer.Width != _frame.Width || remote.Framebuffer.Height != _frame.Height)
        {
            // The server's frame follows our size; until it does, predictions would land in the wrong place.
            Overlays.Predictions.Reset();
        }
        _frame.CopyFrom(remote.Framebuffer);
        Overlays.Apply(_frame, now);
        _output.Clear();
        _renderer.Render(_displayed, _frame, initialized: !RepaintRequested, _output);
        RepaintRequested = false;
        if (_output.Length > 0)
        {
            LocalTerminal.Write(_output.WrittenSpan);
            (_displayed, _frame) = (_frame, _displayed);
        }
    }

    /// <summary>The last frame, without the notification bar and the title prefix.</summary>
    public void DrawFinal(CompleteTerminal remote, long now)
    {
        Overlays.Notifications.SetMessage("", now);
        Overlays.Title.Enabled = false;
        _frame.CopyFrom(remote.Framebuffer);
        Overlays.Title.Apply(_frame);
        _output.Clear();
        _renderer.Render(_displayed, _frame, initialized: true, _output);
        if (_frame.CurrentHyperlink != 0 && _renderer.Capabilities.Hyperlinks)
        {
            // The application left a link open: what the shell prints next must not belong to it.
            _output.Append("\e]8;;\e\\"u8);
        }
        LocalTerminal.Write(_output.WrittenSpan);
    }
}
