namespace Mosh.Terminal.Screen;

/// <summary>Mouse reporting mode; each value is the DEC private mode number that selects it.</summary>
public enum MouseReportingMode : ushort
{
    None = 0,
    X10 = 9,
    Vt200 = 1000,
    Vt200Highlight = 1001,
    ButtonEvent = 1002,
    AnyEvent = 1003,
}

/// <summary>
/// Mouse report encodings (modes 1005, 1006, 1015): independent switches, as in tmux. 1.4.0
/// keeps only one (setting one replaces the other, resetting any clears it); ours keeps each
/// as the application left it and hands the client's terminal exactly that set (§8.6, §13.1).
/// </summary>
[Flags]
public enum MouseEncoding : byte
{
    Default = 0,
    /// <summary>Mode 1005.</summary>
    Utf8 = 1 << 0,
    /// <summary>Mode 1006.</summary>
    Sgr = 1 << 1,
    /// <summary>Mode 1015.</summary>
    Urxvt = 1 << 2,
}

/// <summary>DEC mode numbers of <see cref="MouseEncoding"/>.</summary>
public static class MouseEncodingModes
{
    /// <summary>The encoding a DEC private mode selects; <see cref="MouseEncoding.Default"/> for any other mode.</summary>
    public static MouseEncoding FromMode(int mode) => mode switch
    {
        1005 => MouseEncoding.Utf8,
        1006 => MouseEncoding.Sgr,
        1015 => MouseEncoding.Urxvt,
        _ => MouseEncoding.Default,
    };

    /// <summary>The DEC private mode of one encoding bit.</summary>
    public static int ToMode(MouseEncoding encoding) => encoding switch
    {
        MouseEncoding.Utf8 => 1005,
        MouseEncoding.Sgr => 1006,
        MouseEncoding.Urxvt => 1015,
        _ => 0,
    };
}
