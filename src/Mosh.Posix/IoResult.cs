namespace Mosh.Posix;

/// <summary>
/// Outcome of a read/write/send/receive: a byte count (≥ 0) or an <see cref="Errno"/>.
/// "Would block" is an ordinary result (<see cref="WouldBlock"/>), not an exception.
/// </summary>
public readonly struct IoResult
{
    private readonly int _value; // count, or -errno

    private IoResult(int value) => _value = value;

    public static IoResult FromCount(int count) => new(count);
    public static IoResult FromError(Errno error) => new(-error.Value);

    public bool IsSuccess => _value >= 0;
    /// <summary>Bytes transferred; 0 on error (and 0 on end of file for a successful read).</summary>
    public int Count => _value >= 0 ? _value : 0;
    public Errno Error => _value >= 0 ? Errno.None : new Errno(-_value);
    public bool WouldBlock => _value < 0 && new Errno(-_value).IsWouldBlock;
    public bool IsEndOfFile => _value == 0;

    public override string ToString() => IsSuccess ? Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : Error.Message;
}
