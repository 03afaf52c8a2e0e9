using Mosh.Transport;

namespace Mosh.StateSync;

/// <summary>
/// The client's synchronized state (protocol §5.1): every user event (input byte or resize) since the
/// session started. States of one session are related by prefix, so each instance stores only
/// the events after the acknowledged prefix that <see cref="Subtract"/> has trimmed, plus the
/// absolute index of its first kept event: memory stays bounded by the unacknowledged input, and
/// diffs and prefix comparisons need no scan of the trimmed part.
/// </summary>
public sealed class UserStream : IChunkableState<UserStream>
{
    /// <summary>Diff bytes a run of keystrokes costs beyond the keys themselves (Instruction, Keystroke and keys headers).</summary>
    private const int KeystrokeRunOverhead = 16;

    /// <summary>Diff bytes of one resize instruction, at most.</summary>
    private const int ResizeCost = 16;

    private UserStreamEvent[] _events;
    private int _start;
    private int _count;
    private ulong _trimmed;
    private ulong _urgentEnd; // absolute index just past the last interrupt key pushed, 0 if none
    private UserMessageWriter? _writer;

    public UserStream(int initialCapacity = 64)
    {
        _events = new UserStreamEvent[Math.Max(4, initialCapacity)];
    }

    /// <summary>Events since the session started, including trimmed ones.</summary>
    public ulong TotalCount => _trimmed + (ulong)_count;

    /// <summary>Absolute index of the first event still held (the number trimmed so far).</summary>
    public ulong TrimmedCount => _trimmed;

    /// <summary>Events still held (not yet trimmed).</summary>
    public int HeldCount => _count;

    /// <summary>The events held (each a few bytes).</summary>
    public long Footprint => _count;

    public ReadOnlySpan<UserStreamEvent> HeldEvents => _events.AsSpan(_start, _count);

    /// <summary>The held events from absolute index <paramref name="absoluteIndex"/> on (clamped to what is held).</summary>
    public ReadOnlySpan<UserStreamEvent> EventsFrom(ulong absoluteIndex)
    {
        if (absoluteIndex <= _trimmed)
        {
            return HeldEvents;
        }
        ulong skip = absoluteIndex - _trimmed;
        return skip >= (ulong)_count ? default : _events.AsSpan(_start + (int)skip, _count - (int)skip);
    }

    public void PushByte(byte value)
    {
        EnsureRoom(1);
        _events[_start + _count++] = UserStreamEvent.Key(value);
        if (IsUrgent(value))
        {
            _urgentEnd = TotalCount;
        }
    }

    public void PushBytes(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        Span<UserStreamEvent> destination = _events.AsSpan(_start + _count, bytes.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            destination[i] = UserStreamEvent.Key(bytes[i]);
        }
        _count += bytes.Length;
        int urgent = bytes.LastIndexOfAny(UrgentKeys);
        if (urgent >= 0)
        {
            _urgentEnd = TotalCount - (ulong)(bytes.Length - 1 - urgent);
        }
    }

    /// <summary>Appends a resize; a positive <paramref name="scrollback"/> asks for history with it (§14.3).</summary>
    public void PushResize(int width, int height, int scrollback = 0)
    {
        EnsureRoom(1);
        _events[_start + _count++] = UserStreamEvent.Resize(width, height, scrollback);
        if (scrollback > 0)
        {
            RequestedScrollback = scrollback;
        }
    }

    /// <summary>The history retention the newest resize that asked for one asked for (§14.3); 0 if none ever did.</summary>
    public int RequestedScrollback { get; private set; }

    public UserStream Clone()
    {
        var copy = new UserStream(Math.Max(_count, 64));
        copy.CopyFrom(this);
        return copy;
    }

    public void CopyFrom(UserStream other)
    {
        if (ReferenceEquals(other, this))
        {
            return;
        }
        _start = 0;
        _count = 0;
        _trimmed = other._trimmed;
        _urgentEnd = other._urgentEnd;
        RequestedScrollback = other.RequestedScrollback;
        EnsureRoom(other._count);
        other.HeldEvents.CopyTo(_events);
        _count = other._count;
    }

    /// <summary>Equal when both hold the same number of events and agree on the part both still hold.</summary>
    public bool ContentEquals(UserStream other)
    {
        if (TotalCount != other.TotalCount)
        {
            return false;
        }
        ulong from = Math.Max(_trimmed, other._trimmed);
        return EventsFrom(from).SequenceEqual(other.EventsFrom(from));
    }

    /// <summary>The events after the reference's last one, as a UserMessage (§5.1).</summary>
    public void WriteDiffFrom(UserStream reference, ByteBuffer output)
    {
        ulong from = reference.TotalCount;
        if (from >= TotalCount)
        {
            return;
        }
        ReadOnlySpan<UserStreamEvent> events = EventsFrom(from);
        // Only the sender's states write diffs (its live state, its chunks, and its sent states when
        // it resends one), so only they ever get a writer, once each.
        UserMessageWriter writer = _writer ??= new UserMessageWriter(output);
        writer.Reset(output);
        Span<byte> keys = stackalloc byte[256];
        int i = 0;
        while (i < events.Length)
        {
            if (events[i].IsResize)
            {
                writer.AddResize(events[i].Width, events[i].Height, events[i].Scrollback);
                i++;
                continue;
            }
            // A run of bytes, handed over in chunks; the writer merges them into one Keystroke.
            int n = 0;
            while (i < events.Length && !events[i].IsResize && n < keys.Length)
            {
                keys[n++] = events[i++].Byte;
            }
            writer.AddKeys(keys[..n]);
        }
        writer.Finish();
    }

    /// <inheritdoc/>
    /// <remarks>The urgent changes are the default interrupt keys: ^C, ^\ and ^Z.</remarks>
    public bool TrySetToChunk(UserStream from, UserStream to, int maxDiffBytes)
    {
        ulong start = from.TotalCount;
        if (to.TotalCount <= start || to.TrimmedCount > start)
        {
            return false;
        }
        ReadOnlySpan<UserStreamEvent> more = to.EventsFrom(start);
        int take = 0;
        int cost = 0;
        bool inKeys = false;
        for (; take < more.Length; take++)
        {
            UserStreamEvent e = more[take];
            int c = e.IsResize ? ResizeCost : inKeys ? 1 : KeystrokeRunOverhead + 1;
            if (take > 0 && cost + c > maxDiffBytes)
            {
                break;
            }
            cost += c;
            inKeys = !e.IsResize;
        }
        if (to.HasUrgentChangeAfter(from))
        {
            take = Math.Max(take, (int)(to._urgentEnd - start));
        }
        if (take >= more.Length)
        {
            return false;
        }
        CopyFrom(from);
        EnsureRoom(take);
        more[..take].CopyTo(_events.AsSpan(_start + _count));
        _count += take;
        _urgentEnd = to._urgentEnd <= TotalCount ? to._urgentEnd : from._urgentEnd;
        return true;
    }

    /// <inheritdoc/>
    public bool HasUrgentChangeAfter(UserStream from) => _urgentEnd > from.TotalCount;

    /// <summary>The default interrupt keys (VINTR ^C, VQUIT ^\, VSUSP ^Z): a chunk never leaves one behind.</summary>
    private static ReadOnlySpan<byte> UrgentKeys => [0x03, 0x1c, 0x1a];

    private static bool IsUrgent(byte value) => value is 0x03 or 0x1c or 0x1a;

    /// <summary>Appends the events of a UserMessage; false if it is malformed (events before the fault stay).</summary>
    public bool TryApplyDiff(ReadOnlySpan<byte> diff)
    {
        var reader = new UserMessageReader(diff);
        while (reader.TryRead(out UserEvent message))
        {
            if (message.Kind == UserEventKind.Keystroke)
            {
                PushBytes(message.Keys);
            }
            else
            {
                PushResize(message.Width, message.Height, message.Scrollback);
            }
        }
        return !reader.Malformed;
    }

    /// <summary>Drops the events <paramref name="prefix"/> holds (it is an older state of the same stream).</summary>
    /// <summary>A user stream shares nothing: its events are its own.</summary>
    public void ReleaseShared()
    {
    }

    public void Subtract(UserStream prefix)
    {
        ulong prefixTotal = prefix.TotalCount;
        if (prefixTotal <= _trimmed)
        {
            return;
        }
        int drop = (int)Math.Min(prefixTotal - _trimmed, (ulong)_count);
        _start += drop;
        _count -= drop;
        _trimmed += (ulong)drop;
        if (_count == 0)
        {
            _start = 0;
        }
    }

    /// <summary>Becomes the state of <paramref name="totalCount"/> events, none of them held (a prefix marker, see <see cref="UserInputReader.ConsumedPrefix"/>).</summary>
    internal void ResetToTrimmed(ulong totalCount)
    {
        _start = 0;
        _count = 0;
        _trimmed = totalCount;
        _urgentEnd = 0;
    }

    private void EnsureRoom(int extra)
    {
        if (_start + _count + extra <= _events.Length)
        {
            return;
        }
        if (_count + extra <= _events.Length / 2)
        {
            // Plenty of room once the trimmed gap at the front is reclaimed (at least half the
            // array, so the copy is paid for by as many pushes).
            Array.Copy(_events, _start, _events, 0, _count);
            _start = 0;
            return;
        }
        var bigger = new UserStreamEvent[Math.Max(_events.Length * 2, _count + extra)];
        Array.Copy(_events, _start, bigger, 0, _count);
        _events = bigger;
        _start = 0;
    }
}
