using Mosh.Terminal.Screen;

namespace Mosh.StateSync;

/// <summary>
/// Server: moves the live state's history end (protocol §14.3) towards the lines kept, at most
/// <see cref="LinesPerState"/> beyond the last state sent, so that every ordinary diff stays
/// small and the screen it carries still goes at once. While lines come faster than a state
/// carries them (more than <see cref="LinesPerState"/> in <see cref="RateWindowMs"/>: a burst or
/// a flood), or the lines waiting come close to what is kept or are lost already, it holds:
/// sending then would add a few hundred lines to frames that a flood already sends as often as
/// it may (more datagrams than upstream's server sends for the same output), and the client
/// would see a count of lost lines between every few hundred lines. A burst is held only while
/// it lasts; while a flood lasts one batch of <see cref="LinesPerState"/> lines goes every
/// <see cref="FloodBatchIntervalMs"/> (from the oldest line still kept, after one count of those
/// lost), so the scrollback fills as the flood goes; once the output stops for
/// <see cref="QuietMs"/> it goes on from the oldest line still kept: one count, then the newest
/// lines. It runs right before every send, so a state it promises never goes out with its lines
/// already lost.
/// </summary>
public sealed class HistoryPacer
{
    /// <summary>Lines one state may add to the history end beyond the last state sent.</summary>
    public const int LinesPerState = 256;

    /// <summary>How long the kept lines must stop growing before a flood's history goes on.</summary>
    public const long QuietMs = 500;

    /// <summary>While a flood lasts, how long the pacer holds between two batches of lines.</summary>
    public const long FloodBatchIntervalMs = 2000;

    /// <summary>The span over which the pacer tells lines coming faster than a state carries them.</summary>
    public const long RateWindowMs = 100;

    private ulong _seenEnd;
    private long _grewAtMs = long.MinValue / 2;
    private bool _waiting;
    // Holding for a flood: since when (or since the last batch went), and the end of a batch
    // promised but not yet sent (0 for none).
    private bool _holding;
    private long _holdSinceMs;
    private ulong _batchEnd;
    // The rate window: where the current one started, and how many lines the one before took.
    private long _windowStartMs = long.MinValue / 2;
    private ulong _windowStartEnd;
    private ulong _previousWindowLines;

    /// <summary>When <see cref="Update"/> should run again although nothing else happens; <see cref="long.MaxValue"/> for never.</summary>
    public long WakeTimeMs => _waiting
        ? Math.Min(Math.Min(_grewAtMs + QuietMs, _holdSinceMs + FloodBatchIntervalMs), _windowStartMs + RateWindowMs)
        : long.MaxValue;

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
        ulong capacity = (ulong)history.Capacity;
        ulong danger = capacity - Math.Min(2 * (ulong)LinesPerState, capacity / 2);
        bool lost = history.Start > lastSentEnd;
        bool fast = ComingFast(end, nowMs);
        if (growing && (lost || end - lastSentEnd > danger || fast))
            return Hold(live, history, lastSentEnd, lost, nowMs);
        _holding = false;
        _batchEnd = 0;
        ulong from = Math.Max(lastSentEnd, live.HistoryEnd);
        if (from >= end)
            return false;
        ulong target = Math.Min(end, Math.Max(lastSentEnd, history.Start) + LinesPerState);
        return target > live.HistoryEnd && live.SetHistoryEnd(target);
    }

    /// <summary>
    /// Whether more than <see cref="LinesPerState"/> lines left the screen in the current rate
    /// window or the one before (a window that began before a quiet spell spans it).
    /// </summary>
    private bool ComingFast(ulong end, long nowMs)
    {
        if (nowMs - _windowStartMs >= RateWindowMs)
        {
            _previousWindowLines = end - _windowStartEnd;
            _windowStartMs = nowMs;
            _windowStartEnd = end;
        }
        return Math.Max(_previousWindowLines, end - _windowStartEnd) > LinesPerState;
    }

    /// <summary>A flood: promise nothing until a batch is due, then one batch from the oldest line kept.</summary>
    private bool Hold(CompleteTerminal live, ScreenHistory history, ulong lastSentEnd, bool lost, long nowMs)
    {
        if (!_holding)
        {
            _holding = true;
            _holdSinceMs = nowMs;
            _batchEnd = 0;
        }
        else if (_batchEnd != 0 && lastSentEnd >= _batchEnd)
        {
            // The batch went: the next one is an interval away.
            _holdSinceMs = nowMs;
            _batchEnd = 0;
        }
        if (_batchEnd == 0 && nowMs - _holdSinceMs < FloodBatchIntervalMs)
        {
            // A promise not yet sent is taken back once its lines are lost (no one has seen
            // it), lest the client see a count between every few hundred lines.
            if (lost)
                live.RetractHistoryEnd(lastSentEnd);
            _waiting = true;
            return false;
        }
        // A batch is due (or promised and not yet sent: aimed again at what is still kept).
        ulong target = Math.Min(history.End, Math.Max(lastSentEnd, history.Start) + LinesPerState);
        if (target == live.HistoryEnd)
            return false;
        live.RetractHistoryEnd(lastSentEnd);
        live.SetHistoryEnd(target);
        _batchEnd = target;
        return true;
    }
}
