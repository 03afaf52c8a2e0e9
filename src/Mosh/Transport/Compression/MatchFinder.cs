using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mosh.Transport.Compression;

/// <summary>
/// The LZ77 half of <see cref="DeflateEncoder"/>: hash chains over the message (every position
/// indexed by its first three bytes, newest first), searched two ways: for the longest match at
/// one position (<see cref="Longest"/>, for a lazy parse), or for every match of every position
/// at once (<see cref="FindAll"/>, kept for however many shortest-path parses the encoder then
/// makes).
/// <para>
/// Arrays are allocated once for the largest message and reused. Nothing is cleared between
/// messages: chain entries carry a running position stamp, so entries from earlier messages are
/// recognisably stale.
/// </para>
/// </summary>
internal sealed class MatchFinder
{
    /// <summary>Improvements kept per position by <see cref="FindAll"/>; past this the last one is replaced by each longer one.</summary>
    public const int MaxMatchesPerPosition = 8;

    /// <summary>zlib's hash at its default memLevel: 15 bits, five per byte, of the next three bytes.</summary>
    private const int HashBits = 15;
    private const int HashMask = (1 << HashBits) - 1;

    /// <summary>zlib's MAX_DIST: the window less its minimum lookahead (258 + 3 + 1).</summary>
    private const int ZlibMaxDistance = DeflateSymbols.WindowSize - 262;

    private readonly uint[] _head = new uint[1 << HashBits];
    private readonly uint[] _previous;
    /// <summary>Stamp of position 0 of the current message; smaller stamps are from earlier messages.</summary>
    private uint _stampBase = 1;
    private uint _nextStampBase = 1;

    /// <summary>After <see cref="FindAll"/>: position i's matches are entries [_first[i], _first[i + 1]).</summary>
    private readonly int[] _first;
    private readonly ushort[] _length;
    private readonly ushort[] _distance;

    /// <param name="maxInputLength">Largest message, at most the 32 KiB window.</param>
    /// <param name="maxFindAllLength">Largest message <see cref="FindAll"/> is used on.</param>
    public MatchFinder(int maxInputLength, int maxFindAllLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxInputLength, DeflateSymbols.WindowSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFindAllLength, maxInputLength);
        _previous = new uint[maxInputLength];
        _first = new int[maxFindAllLength + 1];
        _length = new ushort[maxFindAllLength * MaxMatchesPerPosition];
        _distance = new ushort[maxFindAllLength * MaxMatchesPerPosition];
    }

    /// <summary>Start indexing a new message of <paramref name="length"/> bytes; forgets the previous one.</summary>
    public void Begin(int length)
    {
        if (_nextStampBase > uint.MaxValue - (uint)DeflateSymbols.WindowSize - 1)
        {
            Array.Clear(_head);
            _nextStampBase = 1;
        }
        _stampBase = _nextStampBase;
        _nextStampBase += (uint)length + 1;
    }

    // The same chains as zlib's (collisions included) make a lazy parse find the same matches.
    private static int Hash(ReadOnlySpan<byte> source, int i) =>
        ((source[i] << 10) ^ (source[i + 1] << 5) ^ source[i + 2]) & HashMask;

    /// <summary>Index position <paramref name="i"/> (at least three bytes before the end); returns the chain it now heads.</summary>
    public uint Insert(ReadOnlySpan<byte> source, int i)
    {
        int h = Hash(source, i);
        uint candidate = _head[h];
        _head[h] = _stampBase + (uint)i;
        _previous[i] = candidate;
        return candidate;
    }

    /// <summary>
    /// The longest match for position <paramref name="i"/> longer than <paramref name="mustBeat"/>
    /// (≥ 2), nearest first among equals, walking at most <paramref name="maxChain"/> candidates
    /// of the chain <paramref name="candidate"/> (from <see cref="Insert"/>) and stopping at
    /// <paramref name="niceLength"/>: zlib's longest_match. Returns its length, or
    /// <paramref name="mustBeat"/> if none is longer.
    /// </summary>
    public int Longest(ReadOnlySpan<byte> source, int i, uint candidate, int mustBeat, int maxChain, int niceLength, out int distance)
    {
        distance = 0;
        uint stampBase = _stampBase;
        ReadOnlySpan<uint> previous = _previous;
        int maxLength = Math.Min(DeflateSymbols.MaxMatch, source.Length - i);
        if (mustBeat >= maxLength)
            return mustBeat;
        int best = mustBeat;
        // As in zlib, so that a lazy parse finds exactly zlib's matches: position 0 is never a
        // candidate (a chain link of 0 means "none" there), the first candidate may be up to
        // MAX_DIST back and the next ones less than that.
        uint limit = stampBase + (uint)Math.Max(i - ZlibMaxDistance, 0);
        if (candidate <= stampBase || candidate < limit)
            return best;
        ref byte data = ref MemoryMarshal.GetReference(source);
        for (int chain = maxChain; ;)
        {
            int p = (int)(candidate - stampBase);
            // Only a candidate that agrees at the last byte of the best so far and the one past
            // it, and is not a hash collision (first two bytes), can beat it.
            if (Unsafe.Add(ref data, p + best) == Unsafe.Add(ref data, i + best)
                && Unsafe.Add(ref data, p + best - 1) == Unsafe.Add(ref data, i + best - 1)
                && Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref data, p)) == Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref data, i)))
            {
                int length = CommonPrefixLength(ref Unsafe.Add(ref data, p), ref Unsafe.Add(ref data, i), maxLength);
                if (length > best)
                {
                    best = length;
                    distance = i - p;
                    if (length >= niceLength || length == maxLength)
                        break;
                }
            }
            candidate = previous[p];
            if (candidate <= limit || --chain == 0)
                break;
        }
        return best;
    }

    /// <summary>How many of the first <paramref name="maxLength"/> bytes at <paramref name="a"/> and <paramref name="b"/> agree (both in one message, <paramref name="a"/> first).</summary>
    private static int CommonPrefixLength(ref byte a, ref byte b, int maxLength)
    {
        int length = 0;
        for (; length + sizeof(ulong) <= maxLength; length += sizeof(ulong))
        {
            ulong difference = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, length)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, length));
            if (difference != 0)
                return length + (BitConverter.IsLittleEndian ? BitOperations.TrailingZeroCount(difference) : BitOperations.LeadingZeroCount(difference)) / 8;
        }
        while (length < maxLength && Unsafe.Add(ref a, length) == Unsafe.Add(ref b, length))
            length++;
        return length;
    }

    /// <summary>The match lengths <see cref="FindAll"/> found at <paramref name="position"/>, increasing.</summary>
    public ReadOnlySpan<ushort> Lengths(int position) =>
        _length.AsSpan(_first[position], _first[position + 1] - _first[position]);

    /// <summary>The distance of each of <see cref="Lengths"/>, increasing.</summary>
    public ReadOnlySpan<ushort> Distances(int position) =>
        _distance.AsSpan(_first[position], _first[position + 1] - _first[position]);

    /// <summary>
    /// Index all of <paramref name="source"/> and keep, per position, the successive improvements
    /// met walking its chain from near to far: (length, distance) pairs, both increasing, so that
    /// for any length up to the longest the first entry at least that long has the nearest
    /// (cheapest) distance. A match of <paramref name="niceLength"/> or more is taken as found:
    /// positions inside it are indexed but not searched.
    /// </summary>
    public void FindAll(ReadOnlySpan<byte> source, int maxChain, int niceLength)
    {
        int n = source.Length;
        Begin(n);
        uint stampBase = _stampBase;
        ReadOnlySpan<uint> previous = _previous;
        Span<int> first = _first.AsSpan(0, n + 1);
        Span<ushort> lengths = _length;
        Span<ushort> distances = _distance;
        int count = 0;
        int i = 0;
        while (i < n)
        {
            first[i] = count;
            if (n - i < DeflateSymbols.MinMatch)
            {
                i++;
                continue;
            }

            uint candidate = Insert(source, i);
            int maxLength = Math.Min(DeflateSymbols.MaxMatch, n - i);
            ReadOnlySpan<byte> ahead = source.Slice(i, maxLength);
            int best = DeflateSymbols.MinMatch - 1;
            int found = 0;
            for (int chain = maxChain; candidate >= stampBase && chain > 0; chain--)
            {
                int p = (int)(candidate - stampBase);
                if (source[p + best] == ahead[best])
                {
                    int length = source.Slice(p, maxLength).CommonPrefixLength(ahead);
                    if (length > best)
                    {
                        int slot = found < MaxMatchesPerPosition ? count + found++ : count + found - 1;
                        lengths[slot] = (ushort)length;
                        distances[slot] = (ushort)(i - p);
                        best = length;
                        if (length >= niceLength || length == maxLength)
                            break;
                    }
                }
                candidate = previous[p];
            }
            count += found;

            if (best >= niceLength)
            {
                int end = i + best;
                for (int j = i + 1; j < end; j++)
                {
                    first[j] = count;
                    if (n - j >= DeflateSymbols.MinMatch)
                        Insert(source, j);
                }
                i = end;
            }
            else
            {
                i++;
            }
        }
        first[n] = count;
    }
}
