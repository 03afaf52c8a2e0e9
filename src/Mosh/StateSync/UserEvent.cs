namespace Mosh.StateSync;

public enum UserEventKind : byte
{
    /// <summary>One byte of keyboard input.</summary>
    Byte,

    /// <summary>The client's window size changed.</summary>
    Resize,
}

/// <summary>One event of the user stream (spec §5.1): an input byte or a resize.</summary>
public readonly struct UserEvent : IEquatable<UserEvent>
{
    public readonly int Width;
    public readonly int Height;
    public readonly UserEventKind Kind;
    public readonly byte Byte;

    private UserEvent(UserEventKind kind, byte value, int width, int height)
    {
        Kind = kind;
        Byte = value;
        Width = width;
        Height = height;
    }

    public static UserEvent Key(byte value) => new(UserEventKind.Byte, value, 0, 0);

    public static UserEvent Resize(int width, int height) => new(UserEventKind.Resize, 0, width, height);

    public bool IsResize => Kind == UserEventKind.Resize;

    public bool Equals(UserEvent other) =>
        Kind == other.Kind && Byte == other.Byte && Width == other.Width && Height == other.Height;

    public override bool Equals(object? obj) => obj is UserEvent other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Byte, Width, Height);

    public override string ToString() => IsResize ? $"Resize({Width}x{Height})" : $"Key(0x{Byte:X2})";
}
