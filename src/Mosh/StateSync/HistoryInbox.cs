namespace Mosh.StateSync;

/// <summary>
/// The client's side of the history (protocol §14.3): the lines received with the server's
/// states that the display has not yet written into the terminal's scrollback, each exactly
/// once and in order, whatever order the states arrived in and however often a diff was sent.
/// Every received state's history end is at most <see cref="End"/>, so a diff relative to any
/// state the client holds carries all that is new to it.
/// </summary>
public sealed class HistoryInbox
{
    /// <summary>Lines waiting beyond this many are dropped, oldest first, and counted as skipped.</summary>
    public const int MaxPendingLines = 100_000;

    private readonly ByteBuffer _text = new(4096);
    private Entry[] _entries = new Entry[64];
    private int _count;
    private int _pendingLines;

    /// <summary>Every line numbered below this has been received or counted as skipped.</summary>
    public ulong End { get; private set; }

    /// <summary>Number of the first line waiting (the first entry's; each entry after it follows on).</summary>
    public ulong PendingStart { get; private set; }

    /// <summary>Whether anything waits to be written.</summary>
    public bool HasPending => _count > 0;

    /// <summary>Takes the lines of a history instruction whose body <see cref="HistoryCodec.TryReadHeader"/> accepted.</summary>
    public void Receive(ulong end, ulong skipped, int lineCount, ReadOnlySpan<byte> body)
    {
        if (end <= End)
            return;
        ulong first = end - (ulong)lineCount;
        // Lines between what we have and the first carried one are lost (a gap a correct server
        // never leaves counts the same way).
        if (first > End)
            AddSkip(first - End);
        ulong number = first;
        foreach (ReadOnlySpan<byte> line in new HistoryCodec.LineEnumerator(body))
        {
            if (number++ < End)
                continue;
            AddLine(line);
        }
        End = end;
        _ = skipped;
    }

    /// <summary>The waiting entries in order: each is a line (<see cref="Entry.Skipped"/> 0) or a count of lost lines.</summary>
    public ReadOnlySpan<Entry> Pending => _entries.AsSpan(0, _count);

    /// <summary>The text of a line entry.</summary>
    public ReadOnlySpan<byte> TextOf(in Entry entry) => _text.WrittenSpan.Slice(entry.Start, entry.Length);

    /// <summary>Forgets what waits (it has been written).</summary>
    public void Clear()
    {
        PendingStart = End;
        _count = 0;
        _pendingLines = 0;
        _text.Clear();
    }

    private void AddSkip(ulong count)
    {
        if (_count > 0 && _entries[_count - 1].Skipped > 0)
        {
            _entries[_count - 1].Skipped += count;
            return;
        }
        Add(new Entry { Skipped = count });
    }

    private void AddLine(ReadOnlySpan<byte> line)
    {
        if (_pendingLines >= MaxPendingLines)
            DropOldestLine();
        int start = _text.Length;
        _text.Append(line);
        Add(new Entry { Start = start, Length = line.Length });
        _pendingLines++;
    }

    private void DropOldestLine()
    {
        // The oldest line becomes a skip (joined with one just before it).
        int i = 0;
        while (_entries[i].Skipped > 0) i++;
        _entries[i] = new Entry { Skipped = 1 };
        _pendingLines--;
        if (i > 0 && _entries[i - 1].Skipped > 0)
        {
            _entries[i - 1].Skipped++;
            _entries.AsSpan(i + 1, _count - i - 1).CopyTo(_entries.AsSpan(i));
            _count--;
        }
    }

    private void Add(in Entry entry)
    {
        if (_count == _entries.Length)
            Array.Resize(ref _entries, _entries.Length * 2);
        _entries[_count++] = entry;
    }

    /// <summary>One waiting line (its place in the text), or <see cref="Skipped"/> lost lines.</summary>
    public struct Entry
    {
        public ulong Skipped;
        public int Start;
        public int Length;
    }
}
