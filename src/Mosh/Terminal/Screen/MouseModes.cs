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

/// <summary>Mouse report encoding; each value is the DEC private mode number that selects it.</summary>
public enum MouseEncoding : ushort
{
    Default = 0,
    Utf8 = 1005,
    Sgr = 1006,
    Urxvt = 1015,
}
