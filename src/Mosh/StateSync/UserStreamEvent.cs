namespace Mosh.StateSync;

/// <summary>One event of the user stream (protocol §5.1): an input byte or a resize.</summary>
public readonly struct UserStreamEvent : IEquatable<UserStreamEvent>
{
    public readonly int Width;
    public readonly int Height;
    public readonly UserEventKind Kind;
    public readonly byte Byte;
    /// <summary>On a resize from our client: the history retention it asks for (§14.3); 0 for none.</summary>
    public readonly int Scrollback;

    private UserStreamEvent(UserEventKind kind, byte value, int width, int height, int scrollback = 0)
    {
        Kind = kind;
        Byte = value;
        Width = width;
        Height = height;
        Scrollback = scrollback;
    }

    public static UserStreamEvent Key(byte value) => new(UserEventKind.Keystroke, value, 0, 0);

    public static UserStreamEvent Resize(int width, int height, int scrollback = 0) => new(UserEventKind.Resize, 0, width, height, scrollback);

    public bool IsResize => Kind == UserEventKind.Resize;

    public bool Equals(UserStreamEvent other) =>
        Kind == other.Kind && Byte == other.Byte && Width == other.Width && Height == other.Height && Scrollback == other.Scrollback;

    public override bool Equals(object? obj) => obj is UserStreamEvent other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Byte, Width, Height, Scrollback);

    public override string ToString() => IsResize ? $"Resize({Width}x{Height})" : $"Key(0x{Byte:X2})";
}
