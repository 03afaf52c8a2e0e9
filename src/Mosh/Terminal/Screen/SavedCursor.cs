namespace Mosh.Terminal.Screen;

/// <summary>DECSC state: position, renditions, autowrap and origin modes.</summary>
internal struct SavedCursor
{
    public int Row;
    public int Column;
    public Renditions Renditions;
    public bool AutoWrapMode;
    public bool OriginMode;

    public static SavedCursor Initial => new() { AutoWrapMode = true };
}
