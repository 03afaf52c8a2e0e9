namespace Mosh.Terminal.Display;

/// <summary>SGR attributes beyond 1.4.0's that a terminal can show (§8.7).</summary>
[Flags]
public enum ExtendedRenditions
{
    None = 0,
    /// <summary>SGR 2 (terminfo <c>dim</c>).</summary>
    Faint = 1 << 0,
    /// <summary>SGR 9 (terminfo <c>smxx</c>).</summary>
    Strikethrough = 1 << 1,
    /// <summary>SGR 53 (terminfo <c>Smol</c>).</summary>
    Overline = 1 << 2,
    /// <summary>SGR 4:2 … 4:5 (terminfo <c>Smulx</c>); without it they degrade to a plain underline.</summary>
    UnderlineStyles = 1 << 3,
    /// <summary>SGR 58 (terminfo <c>Setulc</c>); without it the underline keeps the text's colour.</summary>
    UnderlineColor = 1 << 4,
    All = Faint | Strikethrough | Overline | UnderlineStyles | UnderlineColor,
}

/// <summary>
/// What the receiving terminal can do. Server diffs go to a mosh client's emulator
/// (<see cref="Server"/>): ours or upstream's, so everything beyond 1.4.0 is sent in forms 1.4.0
/// ignores harmlessly. The client's output to the real terminal passes values derived from
/// terminfo and the terminal's identity (§5.7).
/// </summary>
/// <param name="EraseCharacters">ECH (<c>CSI n X</c>) is available.</param>
/// <param name="BackgroundColorErase">Erasing fills with the current background (terminfo <c>bce</c>).</param>
/// <param name="Titles">Window title and icon name may be set (OSC 0/1/2).</param>
public readonly record struct DisplayCapabilities(bool EraseCharacters, bool BackgroundColorErase, bool Titles)
{
    /// <summary>The attributes beyond 1.4.0's to draw; the others are left out (or, for underline styles, drawn as a plain underline).</summary>
    public ExtendedRenditions Renditions { get; init; }

    /// <summary>Whether to send OSC 8 hyperlinks. Terminals that do not know OSC 8 ignore it, like any OSC.</summary>
    public bool Hyperlinks { get; init; }

    /// <summary>
    /// The receiver is a mosh client's emulator (server diffs): attributes 1.4.0 does not know
    /// go in sequences it ignores as a whole (colon forms in a separate SGR), and OSC 8 ends
    /// with BEL, because 1.4.0 reads <c>ESC \</c> as an escape that cancels a pending wrap (§9).
    /// </summary>
    public bool HostBytes { get; init; }

    /// <summary>
    /// The receiver shows the frame on its main screen, whose scrollback holds the session's
    /// history (§14.3): the renderer never scrolls it (lines would reach the scrollback a second
    /// time) and never erases the whole screen at once (tmux with <c>scroll-on-clear</c>, and other
    /// terminals, push a cleared screen into the scrollback); a repaint erases row by row instead.
    /// </summary>
    public bool KeepsScrollback { get; init; }

    /// <summary>The receiving end of a server diff: mosh's emulator (ECH, BCE, titles, every attribute, hyperlinks).</summary>
    public static DisplayCapabilities Server => new(true, true, true)
    {
        Renditions = ExtendedRenditions.All,
        Hyperlinks = true,
        HostBytes = true,
    };
}
