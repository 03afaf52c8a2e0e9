using System.Runtime.CompilerServices;

namespace Mosh.Overlays.Prediction;

/// <summary>
/// What a predicted cell held before our guesses, so that a guess the screen already showed earns
/// no credit. Upstream keeps an unbounded list; ours is fixed: it only grows while guesses on one
/// cell wait for the server's echo, and if it ever fills up we stay conservative — a match then
/// earns no credit, which can only delay showing predictions, never show a wrong one.
/// </summary>
internal struct OriginalContents
{
    public const int Capacity = 16;

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private CellContents _element0;
    }

    private Buffer _items;
    private byte _count;
    private bool _overflowed;

    public void Add(CellContents contents)
    {
        if (_count < Capacity)
        {
            _items[_count++] = contents;
        }
        else
        {
            _overflowed = true;
        }
    }

    public void Clear()
    {
        _count = 0;
        _overflowed = false;
    }

    /// <summary>True if any original matches (or the list overflowed and we cannot tell).</summary>
    public readonly bool Contains(CellContents contents)
    {
        if (_overflowed)
        {
            return true;
        }
        for (int i = 0; i < _count; i++)
        {
            if (_items[i] == contents)
            {
                return true;
            }
        }
        return false;
    }
}
