namespace Mosh.Terminal.Screen;

/// <summary>
/// The lines that left the top of the main screen (protocol §14.1), numbered absolutely from 0
/// for the session, of which the newest <see cref="Capacity"/> are kept. A line is the
/// <see cref="Row"/> itself, counted once more: keeping it copies no cell, and the framebuffer
/// takes a pooled row in its place. The oldest line's row goes back to the pool when it is
/// pushed out, so a full history allocates nothing per line.
/// </summary>
/// <remarks>
/// Single-threaded, like rows. Rows held here are never written: they are in no framebuffer's
/// slot any more, and a row that still is (a shared blank or fill row) is shared, which makes
/// every writer copy it first.
/// </remarks>
public sealed class ScreenHistory : IDisposable
{
    /// <summary>A single write (REP over many rows) keeps at most this many of the identical lines it pushes out; the rest count as lost.</summary>
    internal const int MaxRepeatedKept = 256;

    private readonly Row?[] _rows;
    private ulong _start;
    private ulong _end;

    /// <param name="capacity">Lines kept (at least 1).</param>
    public ScreenHistory(int capacity)
    {
        _rows = new Row?[Math.Max(1, capacity)];
    }

    /// <summary>How many of the newest lines are kept.</summary>
    public int Capacity => _rows.Length;

    /// <summary>Number of the oldest line still kept (lines before it are lost).</summary>
    public ulong Start => _start;

    /// <summary>Number the next line will get: every line that ever left the screen is below it.</summary>
    public ulong End => _end;

    /// <summary>Lines kept.</summary>
    public int Count => (int)(_end - _start);

    /// <summary>The kept line numbered <paramref name="number"/> (<see cref="Start"/> ≤ number &lt; <see cref="End"/>).</summary>
    public Row this[ulong number]
    {
        get
        {
            if (number < _start || number >= _end)
                throw new ArgumentOutOfRangeException(nameof(number));
            return _rows[(int)(number % (ulong)_rows.Length)]!;
        }
    }

    /// <summary>Appends <paramref name="row"/> (one more reference to it), pushing out the oldest line when full.</summary>
    internal void Append(Row row)
    {
        int slot = (int)(_end % (ulong)_rows.Length);
        if (_end - _start == (ulong)_rows.Length)
        {
            _rows[slot]!.Release();
            _start++;
        }
        row.AddRef();
        _rows[slot] = row;
        _end++;
    }

    /// <summary>
    /// Appends <paramref name="count"/> lines that all show <paramref name="row"/>. Beyond
    /// <see cref="MaxRepeatedKept"/> (or the capacity) the older ones only count as lost, so the
    /// work stays bounded whatever the count.
    /// </summary>
    internal void AppendRepeated(Row row, long count)
    {
        if (count <= 0)
            return;
        int keep = (int)Math.Min(count, Math.Min(MaxRepeatedKept, _rows.Length));
        if (count > keep)
        {
            ulong lost = (ulong)(count - keep);
            // Lines pushed out unseen: everything kept so far is older still, and goes too.
            Clear();
            _end += lost;
            _start = _end;
        }
        for (int i = 0; i < keep; i++)
            Append(row);
    }

    /// <summary>Lets go of every kept line; the numbering goes on from <see cref="End"/>.</summary>
    public void Clear()
    {
        for (ulong n = _start; n < _end; n++)
        {
            int slot = (int)(n % (ulong)_rows.Length);
            _rows[slot]!.Release();
            _rows[slot] = null;
        }
        _start = _end;
    }

    /// <summary>Releases the kept rows.</summary>
    public void Dispose() => Clear();
}
