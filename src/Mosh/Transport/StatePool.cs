namespace Mosh.Transport;

/// <summary>
/// Recycles state instances for the sent- and received-state lists, so that once a session has
/// warmed up (every list has reached its working size) no state is ever allocated again.
/// Bounded: instances beyond <see cref="MaxPooled"/> are left to the GC.
/// </summary>
public sealed class StatePool<TState> where TState : class, ISyncState<TState>
{
    public const int MaxPooled = 64;

    private readonly TState[] _free = new TState[MaxPooled];
    private int _count;

    public int PooledCount => _count;

    /// <summary>An instance equal to <paramref name="source"/>: a recycled one when available.</summary>
    public TState RentCopyOf(TState source)
    {
        if (_count == 0)
        {
            return source.Clone();
        }
        TState state = _free[--_count];
        _free[_count] = null!;
        state.CopyFrom(source);
        return state;
    }

    public void Return(TState state)
    {
        state.ReleaseShared();
        if (_count < MaxPooled)
        {
            _free[_count++] = state;
        }
    }
}
