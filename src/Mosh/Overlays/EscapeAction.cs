namespace Mosh.Overlays;

/// <summary>Why <see cref="EscapeKeyHandler.Process"/> stopped before the end of its input.</summary>
public enum EscapeAction
{
    /// <summary>All input consumed; nothing for the client to do but send the output.</summary>
    None,

    /// <summary>The escape character was typed: show <see cref="EscapeKeyHandler.HelpText"/> (permanent, no quit hint).</summary>
    EscapeStarted,

    /// <summary>The escape sequence ended (its bytes, if any, are in the output): clear the help if it is still shown.</summary>
    EscapeEnded,

    /// <summary>Escape then <c>.</c>: show "Exiting on user request..." and start shutdown. Upstream ignores the rest of that read.</summary>
    Quit,

    /// <summary>Escape then Ctrl-Z: suspend the client; on resume, continue as for <see cref="EscapeEnded"/>.</summary>
    Suspend,

    /// <summary>Escape then <c>d</c>, with a server that supports it: detach (protocol §14.1). The rest of that read is ignored, as for <see cref="Quit"/>.</summary>
    Detach,

    /// <summary>The user typed Ctrl-L (it is in the output too): repaint the whole local screen.</summary>
    RepaintRequested,
}
