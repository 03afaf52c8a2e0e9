using Mosh.Terminal.Screen;

namespace Mosh.Overlays;

/// <summary>
/// Prefixes the window title shown locally with <c>[mosh] </c> (§6.8) unless
/// <c>MOSH_TITLE_NOPREFIX</c> is set. When icon name and title are equal, both are prefixed so
/// they stay equal (and render as one OSC 0); otherwise only the title is.
/// </summary>
public sealed class TitleOverlay
{
    public static ReadOnlySpan<byte> MoshPrefix => "[mosh] "u8;

    public TitleOverlay(bool enabled) => Enabled = enabled;

    /// <summary>From the value of <c>MOSH_TITLE_NOPREFIX</c>: any value, even empty, disables the prefix.</summary>
    public static TitleOverlay FromEnvironment(string? noPrefixValue) => new(noPrefixValue is null);

    /// <summary>Cleared for the last frame at exit, which shows the title without the prefix.</summary>
    public bool Enabled { get; set; }

    public void Apply(Framebuffer fb)
    {
        if (!Enabled)
        {
            return;
        }
        fb.PrefixWindowTitle(MoshPrefix);
    }
}
