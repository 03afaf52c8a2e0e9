namespace Mosh.Terminal.Screen;

/// <summary>
/// The hyperlinks a framebuffer's cells refer to by index (<see cref="Cell.Hyperlink"/>; 0 is
/// "no link"). Append-only and shared by a framebuffer's copies, so an index keeps its meaning
/// in every copy that holds the table: appending never changes an existing entry.
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="Capacity"/> − 1 links and <see cref="MaxBytes"/> bytes of link
/// text. When it is full the framebuffer makes a <see cref="Compact"/>ed copy holding only the
/// links its cells still use, <em>at the same indices</em>, so no cell is rewritten; older copies
/// keep the old table. Two framebuffers with different tables may therefore give one index two
/// meanings (an index freed in one and reused), which is why cross-framebuffer comparisons of
/// linked cells go through <see cref="SameLink"/> whenever the tables differ.
/// </remarks>
public sealed class HyperlinkTable
{
    /// <summary>Index space of <see cref="Cell.Hyperlink"/> (12 bits); index 0 is "no link".</summary>
    public const int Capacity = 4096;

    /// <summary>Upper bound on the link text one table keeps.</summary>
    public const int MaxBytes = 512 * 1024;

    private const int BucketCount = Capacity * 2;

    private readonly Hyperlink?[] _entries = new Hyperlink?[Capacity];
    // Open addressing on Hyperlink.Hash; a slot holds an index, 0 when free. Entries are never
    // removed from a table, so no tombstones are needed.
    private readonly short[] _buckets = new short[BucketCount];
    private int _nextFree = 1;

    /// <summary>Links held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of link text held.</summary>
    public int Bytes { get; private set; }

    /// <summary>The link at <paramref name="index"/>; null for 0, an unused index, or out of range.</summary>
    public Hyperlink? this[int index] => (uint)index < Capacity ? _entries[index] : null;

    /// <summary>The index of an equal link, or 0.</summary>
    public int Find(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> uri, int hash)
    {
        for (int slot = hash & (BucketCount - 1); ; slot = (slot + 1) & (BucketCount - 1))
        {
            int index = _buckets[slot];
            if (index == 0)
            {
                return 0;
            }
            Hyperlink link = _entries[index]!;
            if (link.Hash == hash && link.Matches(parameters, uri))
            {
                return index;
            }
        }
    }

    /// <summary>Whether a link of <paramref name="size"/> bytes still fits.</summary>
    public bool HasRoomFor(int size) => FindFreeIndex() != 0 && Bytes + size <= MaxBytes;

    /// <summary>Adds a link known not to be present and to fit; returns its index.</summary>
    internal int Add(Hyperlink link)
    {
        int index = FindFreeIndex();
        _entries[index] = link;
        _nextFree = index + 1;
        Count++;
        Bytes += link.Size;
        int slot = link.Hash & (BucketCount - 1);
        while (_buckets[slot] != 0)
        {
            slot = (slot + 1) & (BucketCount - 1);
        }
        _buckets[slot] = (short)index;
        return index;
    }

    /// <summary>A new table with only the entries <paramref name="live"/> marks, at the same indices.</summary>
    internal HyperlinkTable Compact(ReadOnlySpan<bool> live)
    {
        var table = new HyperlinkTable();
        for (int i = 1; i < Capacity; i++)
        {
            if (live[i] && _entries[i] is { } link)
            {
                table._entries[i] = link;
                table.Count++;
                table.Bytes += link.Size;
                int slot = link.Hash & (BucketCount - 1);
                while (table._buckets[slot] != 0)
                {
                    slot = (slot + 1) & (BucketCount - 1);
                }
                table._buckets[slot] = (short)i;
            }
        }
        return table;
    }

    /// <summary>Whether index <paramref name="a"/> of <paramref name="tableA"/> and index <paramref name="b"/> of <paramref name="tableB"/> are the same link (or both none).</summary>
    public static bool SameLink(HyperlinkTable? tableA, int a, HyperlinkTable? tableB, int b)
    {
        if (a == 0 || b == 0)
        {
            return a == b;
        }
        if (ReferenceEquals(tableA, tableB))
        {
            return a == b;
        }
        return Hyperlink.AreEqual(tableA?[a], tableB?[b]);
    }

    private int FindFreeIndex()
    {
        if (Count >= Capacity - 1)
        {
            return 0;
        }
        // Every index below _nextFree is taken, so the scan only moves forward; after a
        // compaction (which starts it at 1 again) it reuses the holes in order.
        int i = _nextFree;
        while (_entries[i] is not null)
        {
            i++;
        }
        _nextFree = i;
        return i;
    }
}
