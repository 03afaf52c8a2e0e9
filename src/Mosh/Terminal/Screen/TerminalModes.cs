namespace Mosh.Terminal.Screen;

/// <summary>
/// The terminal's mode switches (set by DECSET/DECRST, SM/RM and a few escape sequences), kept in
/// one value so that a framebuffer copies, resets and compares them as a whole. Unmanaged and
/// small: a copy is a plain memory copy.
/// </summary>
/// <remarks>
/// The first group is synchronized to the client (§5.4) and rendered; the second only steers the
/// emulator (and the server's key translation), so, as upstream, it is not part of equality.
/// </remarks>
public struct TerminalModes
{
    // ---- Synchronized (§5.4) ----

    /// <summary>DECTCEM (mode 25).</summary>
    public bool CursorVisible;

    /// <summary>DECSCNM (mode 5).</summary>
    public bool ReverseVideo;

    /// <summary>Mode 2004.</summary>
    public bool BracketedPaste;

    /// <summary>Modes 9 and 1000–1003; at most one is on.</summary>
    public MouseReportingMode MouseReporting;

    /// <summary>Mode 1004.</summary>
    public bool FocusEvents;

    /// <summary>Mode 1007: tracked and compared, never emitted.</summary>
    public bool AlternateScroll;

    /// <summary>Modes 1005, 1006 and 1015, each on or off by itself.</summary>
    public MouseEncoding MouseEncoding;

    // ---- Local to the emulator ----

    /// <summary>DECOM (mode 6): cursor rows count from the top of the scroll region.</summary>
    public bool OriginMode;

    /// <summary>IRM (SM 4): printing shifts the rest of the row right.</summary>
    public bool InsertMode;

    /// <summary>DECAWM (mode 7).</summary>
    public bool AutoWrapMode;

    /// <summary>DECCKM (mode 1), read by the key translator.</summary>
    public bool ApplicationCursorKeys;

    /// <summary>Power-on values: cursor visible and auto-wrap on, everything else off.</summary>
    public static TerminalModes Initial => new() { CursorVisible = true, AutoWrapMode = true };

    /// <summary>Equality of the synchronized modes (the first group); local modes are not compared.</summary>
    public readonly bool SynchronizedEquals(in TerminalModes other) =>
        CursorVisible == other.CursorVisible && ReverseVideo == other.ReverseVideo
        && BracketedPaste == other.BracketedPaste && MouseReporting == other.MouseReporting
        && FocusEvents == other.FocusEvents && AlternateScroll == other.AlternateScroll
        && MouseEncoding == other.MouseEncoding;
}
