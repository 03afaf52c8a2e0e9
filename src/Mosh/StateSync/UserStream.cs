using Mosh.Transport;

namespace Mosh.StateSync;

/// <summary>
/// The client's synchronized state (protocol §5.1): every user event (input byte or resize) since the
/// session started. States of one session are related by prefix, so each instance stores only
/// the events after the acknowledged prefix that <see cref="Subtract"/> has trimmed, plus the
/// absolute index of its first kept event: memory stays bounded by the unacknowledged input, and
/// diffs and prefix comparisons need no scan of the trimmed part.
/// </summary>
public sealed class UserStream : ISyncState<UserStream>
{
    private UserStreamEvent[] _events;
    private int _start;
    private int _count;
    private ulong _trimmed;
    private UserMessageWriter? _writer;

    public UserStream(int initialCapacity = 64)
    {
        _events = new UserStreamEvent[Math.Max(4, initialCapacity)];
    }

    /// <summary>Events since the session started, including trimmed ones.</summary>
    public ulong TotalCount => _trimmed + (ulong)_count;

    /// <summary>Events still held (not yet trimmed).</summary>
    public int HeldCount => _count;

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
    }

    public void PushResize(int width, int height)
    {
        EnsureRoom(1);
        _events[_start + _count++] = UserStreamEvent.Resize(width, height);
    }

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
        // Only the sender's live state writes diffs, so only it ever gets a writer.
        UserMessageWriter writer = _writer ??= new UserMessageWriter(output);
        writer.Reset(output);
        Span<byte> keys = stackalloc byte[256];
        int i = 0;
        while (i < events.Length)
        {
            if (events[i].IsResize)
            {
                writer.AddResize(events[i].Width, events[i].Height);
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
                PushResize(message.Width, message.Height);
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
