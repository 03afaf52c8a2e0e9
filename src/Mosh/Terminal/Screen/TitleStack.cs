namespace Mosh.Terminal.Screen;

/// <summary>
/// One entry of the title stack (XTWINOPS 22/23, not in 1.4.0): the window title and icon name
/// as they were pushed, and whether each had been set. Immutable, so framebuffer copies share
/// the stack; a push allocates (it is rare: full-screen programs push once at start).
/// </summary>
internal sealed class TitleStack
{
    /// <summary>Entries kept, as xterm: a push beyond this forgets the oldest.</summary>
    public const int MaxDepth = 10;

    public TitleStack(byte[] title, bool titleSet, byte[] iconName, bool iconNameSet, TitleStack? below)
    {
        Title = title;
        TitleSet = titleSet;
        IconName = iconName;
        IconNameSet = iconNameSet;
        // Keep at most MaxDepth entries: rebuild the part below without its oldest entry.
        Below = below is not null && below.Depth >= MaxDepth ? below.WithoutBottom() : below;
        Depth = (Below?.Depth ?? 0) + 1;
    }

    public byte[] Title { get; }

    public bool TitleSet { get; }

    public byte[] IconName { get; }

    public bool IconNameSet { get; }

    public TitleStack? Below { get; }

    public int Depth { get; }

    private TitleStack? WithoutBottom() =>
        Below is null ? null : new TitleStack(Title, TitleSet, IconName, IconNameSet, Below.WithoutBottom());
}
