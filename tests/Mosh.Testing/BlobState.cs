using Mosh.Transport;
namespace Mosh.Testing;

/// <summary>
/// The simplest synchronizable state: a byte string replaced as a whole. Its diff is a marker
/// byte plus the new contents (the marker keeps "now empty" distinct from "no change").
/// A stand-in for the terminal state in transport tests, benchmarks and fuzzers.
/// </summary>
public sealed class BlobState : ISyncState<BlobState>
{
    private const byte FullReplacement = 0x01;

    private readonly ByteBuffer _contents = new(64);

    public BlobState()
    {
    }

    public BlobState(ReadOnlySpan<byte> contents) => _contents.Append(contents);

    public ReadOnlySpan<byte> Contents => _contents.WrittenSpan;

    public void Set(ReadOnlySpan<byte> contents)
    {
        _contents.Clear();
        _contents.Append(contents);
    }

    /// <summary>Sets the contents to the 8 little-endian bytes of <paramref name="value"/>.</summary>
    public void SetNumber(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        Set(bytes);
    }

    public BlobState Clone() => new(Contents);

    public void CopyFrom(BlobState other)
    {
        if (!ReferenceEquals(other, this))
        {
            Set(other.Contents);
        }
    }

    public bool ContentEquals(BlobState other) => Contents.SequenceEqual(other.Contents);

    /// <summary>Its length in bytes.</summary>
    public long Footprint => Contents.Length;

    public void WriteDiffFrom(BlobState reference, ByteBuffer output)
    {
        if (ContentEquals(reference))
        {
            return;
        }
        output.Append(FullReplacement);
        output.Append(Contents);
    }

    public bool TryApplyDiff(ReadOnlySpan<byte> diff)
    {
        if (diff.IsEmpty || diff[0] != FullReplacement)
        {
            return false;
        }
        Set(diff[1..]);
        return true;
    }

    public void ReleaseShared()
    {
    }

    public void Subtract(BlobState prefix)
    {
    }

    public override string ToString() => Convert.ToHexString(Contents);
}
