using Mosh.Terminal.Screen;

namespace Mosh.StateSync;

/// <summary>
/// Server: moves the live state's history end (protocol §14.3) towards the lines kept, at most
/// <see cref="LinesPerState"/> beyond the last state sent, so that every ordinary diff stays
/// small and the screen it carries still goes at once. When the lines waiting come close to
/// what is kept (a flood), it waits for the output to stop for <see cref="QuietMs"/>, then goes
/// on from the oldest line still kept: the client sees one count of the lines it missed, then
/// the newest lines, instead of a count between every few hundred lines. It runs right before
/// every send, so a state it promises never goes out with its lines already lost.
/// </summary>
public sealed class HistoryPacer
{
    /// <summary>Lines one state may add to the history end beyond the last state sent.</summary>
    public const int LinesPerState = 256;

    /// <summary>How long the kept lines must stop growing before a flood's history goes on.</summary>
    public const long QuietMs = 500;

    private ulong _seenEnd;
    private long _grewAtMs = long.MinValue / 2;
    private bool _waiting;

    /// <summary>When <see cref="Update"/> should run again although nothing else happens; <see cref="long.MaxValue"/> for never.</summary>
    public long WakeTimeMs => _waiting ? _grewAtMs + QuietMs : long.MaxValue;

    /// <summary>
    /// Advances <paramref name="live"/>'s history end; <paramref name="lastSentEnd"/> is the
    /// history end of the newest state sent. Returns whether it moved.
    /// </summary>
    public bool Update(CompleteTerminal live, ulong lastSentEnd, long nowMs)
    {
        _waiting = false;
        ScreenHistory? history = live.History;
        if (!live.HistoryOffered || history is null)
            return false;
        ulong end = history.End;
        if (end != _seenEnd)
        {
            _seenEnd = end;
            _grewAtMs = nowMs;
        }
        bool growing = nowMs - _grewAtMs < QuietMs;
        if (history.Start > lastSentEnd && growing)
        {
            // Lines not yet sent are lost already, and more keep coming: promise nothing now (a
            // promise not yet sent is taken back, lest its lines be lost before it goes and
            // the client see a count between every few hundred lines); go on once it is quiet.
            live.RetractHistoryEnd(lastSentEnd);
            _waiting = true;
            return false;
        }
        ulong from = Math.Max(lastSentEnd, live.HistoryEnd);
        if (from >= end)
            return false;
        ulong capacity = (ulong)history.Capacity;
        ulong danger = capacity - Math.Min(2 * (ulong)LinesPerState, capacity / 2);
        if (end - lastSentEnd > danger && growing)
        {
            _waiting = true;
            return false;
        }
        ulong target = Math.Min(end, Math.Max(lastSentEnd, history.Start) + LinesPerState);
        return target > live.HistoryEnd && live.SetHistoryEnd(target);
    }
}
