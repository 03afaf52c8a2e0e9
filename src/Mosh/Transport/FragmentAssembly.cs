using Mosh.Transport.Compression;

namespace Mosh.Transport;

/// <summary>What one fragment did to the instruction under assembly.</summary>
public enum FragmentResult : byte
{
    /// <summary>Stored; the instruction is not complete yet.</summary>
    Stored,
    /// <summary>The instruction is complete: read it from <see cref="FragmentAssembly.Completed"/>.</summary>
    Completed,
    /// <summary>A fragment number already held for this id (retransmission); ignored.</summary>
    Duplicate,
    /// <summary>Shorter than the 10-byte header; dropped (upstream would assert).</summary>
    TooShort,
    /// <summary>The instruction would exceed the size cap; it is dropped and its further fragments ignored.</summary>
    TooLarge,
    /// <summary>A fragment of an instruction already dropped; ignored.</summary>
    Ignored,
    /// <summary>Numbers that contradict the final flag seen; the instruction is dropped.</summary>
    Inconsistent,
}

/// <summary>
/// Reassembles one instruction at a time from its fragments (protocol §4.1): a fragment with a new
/// id discards any partial instruction, duplicates are ignored, fragments may come in any order.
/// Memory is bounded: the compressed instruction is capped at <see cref="MaxCompressedLength"/>,
/// buffers grow only up to what legitimate traffic needed and are then reused.
/// </summary>
public sealed class FragmentAssembly
{
    /// <summary>
    /// Upstream inflates into a 4 MiB buffer, so a larger compressed instruction cannot be
    /// legitimate: deflate's worst-case expansion is a few bytes per 16 KiB block.
    /// </summary>
    public const int MaxCompressedLength = ZlibCodec.MaxDecompressedLength + 64 * 1024;

    private const int InitialCapacity = 4096;
    private const int InitialSlots = 8;

    private byte[] _data = new byte[InitialCapacity];   // contents in arrival order
    private byte[] _ordered = [];                         // compaction target when arrival was out of order
    private int[] _offsets = new int[InitialSlots];      // per fragment number: offset in _data, or -1
    private int[] _lengths = new int[InitialSlots];
    private int _used;
    private int _slots;          // 1 + highest fragment number stored
    private int _arrived;
    private int _total;          // 0 = final fragment not seen yet
    private bool _inOrder;       // every fragment arrived as number == previous + 1
    private ulong _id;
    private bool _active;
    private bool _ignoring;
    private int _completedLength;
    private byte[] _completedBuffer = [];

    /// <summary>Id of the instruction under assembly (or last completed/dropped).</summary>
    public ulong CurrentId => _id;

    /// <summary>The compressed instruction after <see cref="FragmentResult.Completed"/>; valid until the next <see cref="Add"/>.</summary>
    public ReadOnlySpan<byte> Completed => _completedBuffer.AsSpan(0, _completedLength);

    /// <summary>Take one fragment (header + contents).</summary>
    public FragmentResult Add(ReadOnlySpan<byte> fragment)
    {
        _completedLength = 0;
        if (!FragmentHeader.TryRead(fragment, out FragmentHeader header, out ReadOnlySpan<byte> contents))
            return FragmentResult.TooShort;

        if (!_active || header.InstructionId != _id)
        {
            Clear();
            _id = header.InstructionId;
            _active = true;
        }
        else if (_ignoring)
        {
            return FragmentResult.Ignored;
        }
        else if (header.Number < _slots && _offsets[header.Number] >= 0)
        {
            return FragmentResult.Duplicate;
        }

        int number = header.Number;
        if ((long)_used + contents.Length > MaxCompressedLength)
            return Drop(FragmentResult.TooLarge);
        if ((header.Final && number + 1 < _slots) || (_total != 0 && number >= _total))
            return Drop(FragmentResult.Inconsistent); // no legitimate sender numbers past its final fragment

        EnsureSlots(number + 1);
        EnsureData(_used + contents.Length);
        _inOrder &= number == _arrived && _total == 0;
        contents.CopyTo(_data.AsSpan(_used));
        _offsets[number] = _used;
        _lengths[number] = contents.Length;
        _used += contents.Length;
        _arrived++;
        if (number + 1 > _slots)
            _slots = number + 1;
        if (header.Final)
            _total = number + 1;

        // Complete when the final fragment is known and every number below it is here
        // (numbers are distinct and all < total, so the count is enough).
        if (_total == 0 || _arrived != _total || _slots != _total)
            return FragmentResult.Stored;

        if (_inOrder)
        {
            _completedBuffer = _data;
        }
        else
        {
            if (_ordered.Length < _used)
                _ordered = new byte[Math.Max(_used, Math.Min(_data.Length, MaxCompressedLength))];
            int at = 0;
            for (int i = 0; i < _total; i++)
            {
                _data.AsSpan(_offsets[i], _lengths[i]).CopyTo(_ordered.AsSpan(at));
                at += _lengths[i];
            }
            _completedBuffer = _ordered;
        }
        int length = _used;
        ulong id = _id;
        // Like upstream, keep the id: a late copy of a fragment starts the same instruction
        // again, which is harmless because instructions are idempotent.
        Clear();
        _id = id;
        _active = true;
        _completedLength = length;
        return FragmentResult.Completed;
    }

    private FragmentResult Drop(FragmentResult why)
    {
        ulong id = _id;
        Clear();
        _id = id;
        _active = true;
        _ignoring = true;
        return why;
    }

    private void Clear()
    {
        for (int i = 0; i < _slots; i++)
            _offsets[i] = -1;
        _slots = 0;
        _used = 0;
        _arrived = 0;
        _total = 0;
        _inOrder = true;
        _ignoring = false;
        _active = false;
    }

    private void EnsureSlots(int count)
    {
        if (count <= _offsets.Length)
        {
            for (int i = _slots; i < count; i++)
                _offsets[i] = -1;
            return;
        }
        int size = Math.Min(Math.Max(count, _offsets.Length * 2), FragmentHeader.MaxFragmentNumber + 1);
        var offsets = new int[size];
        var lengths = new int[size];
        offsets.AsSpan().Fill(-1);
        _offsets.AsSpan(0, _slots).CopyTo(offsets);
        _lengths.AsSpan(0, _slots).CopyTo(lengths);
        _offsets = offsets;
        _lengths = lengths;
    }

    private void EnsureData(int needed)
    {
        if (needed <= _data.Length)
            return;
        int size = (int)Math.Min(Math.Max(needed, (long)_data.Length * 2), MaxCompressedLength);
        var data = new byte[size];
        _data.AsSpan(0, _used).CopyTo(data);
        _data = data;
    }
}
