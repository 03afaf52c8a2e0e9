namespace Mosh.Terminal.Display;

/// <summary>
/// What the receiving terminal can do. Server diffs go to mosh's own emulator, which has all
/// three (<see cref="Server"/>); the client's output to the real terminal passes values derived
/// from terminfo (§5.7).
/// </summary>
/// <param name="EraseCharacters">ECH (<c>CSI n X</c>) is available.</param>
/// <param name="BackgroundColorErase">Erasing fills with the current background (terminfo <c>bce</c>).</param>
/// <param name="Titles">Window title and icon name may be set (OSC 0/1/2).</param>
public readonly record struct DisplayCapabilities(bool EraseCharacters, bool BackgroundColorErase, bool Titles)
{
    /// <summary>The receiving end of a server diff: mosh's emulator (ECH, BCE, titles).</summary>
    public static DisplayCapabilities Server => new(true, true, true);
}
