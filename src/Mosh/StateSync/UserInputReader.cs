namespace Mosh.StateSync;

/// <summary>
/// The server's view of the client's user stream (protocol §5.1): each time the newest received
/// state changes, hands out the events added since the last look, collapsing each run of
/// consecutive resizes to its last one (a window drag produces many; only the final size matters).
/// </summary>
public sealed class UserInputReader
{
    private ulong _consumed;

    /// <summary>Absolute number of events already handed out.</summary>
    public ulong ConsumedCount => _consumed;

    /// <summary>The events of <paramref name="newest"/> not yet handed out; marks them consumed.</summary>
    public ReadOnlySpan<UserStreamEvent> TakeNew(UserStream newest)
    {
        ReadOnlySpan<UserStreamEvent> events = newest.EventsFrom(_consumed);
        if (newest.TotalCount > _consumed)
        {
            _consumed = newest.TotalCount;
        }
        return events;
    }

    /// <summary>
    /// Hands the new events of <paramref name="newest"/> to <paramref name="handler"/> in order, with
    /// the resize rule applied. Returns how many events were new (0: nothing for the echo ack).
    /// </summary>
    public int Apply<THandler>(UserStream newest, ref THandler handler) where THandler : struct, IUserEventHandler
    {
        ReadOnlySpan<UserStreamEvent> events = TakeNew(newest);
        Dispatch(events, ref handler);
        return events.Length;
    }

    public static void Dispatch<THandler>(ReadOnlySpan<UserStreamEvent> events, ref THandler handler)
        where THandler : struct, IUserEventHandler
    {
        for (int i = 0; i < events.Length; i++)
        {
            UserStreamEvent e = events[i];
            if (!e.IsResize)
            {
                handler.Key(e.Byte);
            }
            else if ((i + 1 == events.Length || !events[i + 1].IsResize) && e.Width >= 1 && e.Height >= 1)
            {
                // Upstream asserts on a zero size; a hostile or buggy client must not stop us.
                handler.Resize(e.Width, e.Height);
            }
        }
    }
}
