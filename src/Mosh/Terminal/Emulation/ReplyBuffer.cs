namespace Mosh.Terminal.Emulation;

/// <summary>
/// Bytes the terminal sends back to the application (DA and DSR answers). They go to the pty,
/// never into host bytes. Fixed capacity: a program flooding queries loses the excess replies
/// instead of growing memory.
/// </summary>
public sealed class ReplyBuffer
{
    public const int Capacity = 4096;

    private readonly byte[] _buffer = new byte[Capacity];
    private int _length;

    public ReadOnlySpan<byte> Pending => new(_buffer, 0, _length);

    public bool IsEmpty => _length == 0;

    public void Clear() => _length = 0;

    internal void Append(ReadOnlySpan<byte> reply)
    {
        if (reply.Length <= Capacity - _length)
        {
            reply.CopyTo(_buffer.AsSpan(_length));
            _length += reply.Length;
        }
    }
}
