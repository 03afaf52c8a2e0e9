namespace Mosh.Terminal.Screen;

/// <summary>DECSC state, as xterm keeps it: position, renditions, origin mode, character sets and the pending-wrap flag.</summary>
internal struct SavedCursor
{
    public int Row;
    public int Column;
    public Renditions Renditions;
    public bool OriginMode;
    public CharacterSets Charsets;
    public bool PendingWrap;

    public static SavedCursor Initial => default;
}
