namespace Mosh.StateSync;

/// <summary>One event of the user stream (protocol §5.1): an input byte or a resize.</summary>
public readonly struct UserStreamEvent : IEquatable<UserStreamEvent>
{
    public readonly int Width;
    public readonly int Height;
    public readonly UserEventKind Kind;
    public readonly byte Byte;

    private UserStreamEvent(UserEventKind kind, byte value, int width, int height)
    {
        Kind = kind;
        Byte = value;
        Width = width;
        Height = height;
    }

    public static UserStreamEvent Key(byte value) => new(UserEventKind.Keystroke, value, 0, 0);

    public static UserStreamEvent Resize(int width, int height) => new(UserEventKind.Resize, 0, width, height);

    public bool IsResize => Kind == UserEventKind.Resize;

    public bool Equals(UserStreamEvent other) =>
        Kind == other.Kind && Byte == other.Byte && Width == other.Width && Height == other.Height;

    public override bool Equals(object? obj) => obj is UserStreamEvent other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Byte, Width, Height);

    public override string ToString() => IsResize ? $"Resize({Width}x{Height})" : $"Key(0x{Byte:X2})";
}
