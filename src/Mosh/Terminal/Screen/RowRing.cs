namespace Mosh.Terminal.Screen;

/// <summary>
/// The rows of one screen in display order, held as a ring so that scrolling the whole screen
/// costs the same at any height: the ring's origin turns and no row moves. The slot array holds
/// the ring twice (slot <c>i</c> and slot <c>i + height</c> hold the same row), so the rows in
/// display order are always one contiguous span starting at the origin.
/// </summary>
/// <remarks>
/// Holds references only: counting them (<see cref="Row.AddRef"/>, <see cref="Row.Release"/>)
/// and recycling rows is the owning <see cref="Framebuffer"/>'s business.
/// </remarks>
internal sealed class RowRing
{
    private Row[] _slots;
    private int _origin;
    private int _height;

    public RowRing(int height)
    {
        _slots = new Row[2 * height];
        _height = height;
    }

    /// <summary>Rows in the ring; slots beyond it may be null until set.</summary>
    public int Height => _height;

    /// <summary>The rows, top to bottom.</summary>
    public ReadOnlySpan<Row> Rows => new(_slots, _origin, _height);

    public Row this[int y] => _slots[_origin + y];

    /// <summary>Puts <paramref name="row"/> at display row <paramref name="y"/> (and in its mirror slot).</summary>
    public void Set(int y, Row row)
    {
        int slot = _origin + y;
        _slots[slot] = row;
        _slots[slot < _height ? slot + _height : slot - _height] = row;
    }

    /// <summary>
    /// Rows <paramref name="top"/>..<paramref name="bottom"/> move up by <paramref name="count"/>
    /// (1 ≤ count ≤ region height) and the <paramref name="count"/> rows that left at the top come
    /// back, in the same order, at the bottom of the region. The whole screen only turns the origin.
    /// </summary>
    public void RotateUp(int top, int bottom, int count)
    {
        if (top == 0 && bottom == _height - 1)
        {
            int origin = _origin + count;
            _origin = origin >= _height ? origin - _height : origin;
            return;
        }
        RotateRegion(top, bottom, count);
    }

    /// <summary>The reverse of <see cref="RotateUp"/>: rows move down, those that left at the bottom come back at the top.</summary>
    public void RotateDown(int top, int bottom, int count)
    {
        if (top == 0 && bottom == _height - 1)
        {
            int origin = _origin - count;
            _origin = origin < 0 ? origin + _height : origin;
            return;
        }
        RotateRegion(top, bottom, bottom - top + 1 - count);
    }

    // A rotation left by `count` of part of the screen: three reversals, then the mirror follows.
    private void RotateRegion(int top, int bottom, int count)
    {
        Span<Row> region = _slots.AsSpan(_origin + top, bottom - top + 1);
        region[..count].Reverse();
        region[count..].Reverse();
        region.Reverse();
        for (int y = top; y <= bottom; y++)
        {
            int slot = _origin + y;
            _slots[slot < _height ? slot + _height : slot - _height] = _slots[slot];
        }
    }

    /// <summary>
    /// Changes the number of rows: the top rows stay (from display row 0), rows beyond the new
    /// height leave the ring (the caller has released them) and new rows are null until
    /// <see cref="Set"/>. The origin goes back to slot 0.
    /// </summary>
    public void Resize(int height)
    {
        int keep = Math.Min(_height, height);
        if (_origin != 0)
        {
            // Display order is contiguous from the origin; move it to the front.
            Array.Copy(_slots, _origin, _slots, 0, keep);
            _origin = 0;
        }
        if (_slots.Length < 2 * height)
        {
            Array.Resize(ref _slots, 2 * height);
        }
        Array.Clear(_slots, keep, _slots.Length - keep);
        Array.Copy(_slots, 0, _slots, height, keep);
        _height = height;
    }

    /// <summary>Forgets every row (the caller has released them); the height stays.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _origin = 0;
    }
}
