namespace Mosh.StateSync;

/// <summary>
/// The window sizes a client has asked its server for (its initial size and the resizes in its
/// user stream, the most recent <see cref="Capacity"/> of them). A correct server, ours or
/// upstream's, only ever resizes to one of these (protocol §5.3), so the client refuses a diff
/// that resizes to anything else: a hostile server cannot pick a size the user's window is not.
/// </summary>
public sealed class RequestedSizes
{
    /// <summary>How many of the latest requests are remembered (a server lagging further behind is not credible).</summary>
    public const int Capacity = 64;

    private readonly long[] _sizes = new long[Capacity];
    private int _count;
    private int _next;

    /// <summary>Records a request, unless it is the latest one already.</summary>
    public void Add(int columns, int rows)
    {
        long size = Pack(columns, rows);
        if (_count > 0 && _sizes[(_next + Capacity - 1) % Capacity] == size) return;
        _sizes[_next] = size;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>Whether this size is among the requests remembered.</summary>
    public bool Contains(int columns, int rows) => Array.IndexOf(_sizes, Pack(columns, rows), 0, _count) >= 0;

    private static long Pack(int columns, int rows) => (long)(uint)columns << 32 | (uint)rows;
}
