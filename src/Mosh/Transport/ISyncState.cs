namespace Mosh.Transport;

/// <summary>
/// A state the SSP transport synchronizes (protocol §4, §5): the user stream, the complete terminal,
/// or a test state. Instances are pooled and reused, so every operation works in place.
/// Implementations must never throw on hostile diff input.
/// </summary>
public interface ISyncState<TSelf> where TSelf : class, ISyncState<TSelf>
{
    /// <summary>A new instance equal to this one; called only while a pool warms up.</summary>
    TSelf Clone();

    /// <summary>Becomes equal to <paramref name="other"/>, reusing this instance's storage.</summary>
    void CopyFrom(TSelf other);

    /// <summary>
    /// The instance goes back to its <see cref="StatePool{TState}"/>: it lets go of whatever it
    /// shares with live instances (a terminal's rows), so a pooled copy neither keeps that memory
    /// alive nor forces the live state to copy before writing. It is used again only through
    /// <see cref="CopyFrom"/>.
    /// </summary>
    void ReleaseShared();

    bool ContentEquals(TSelf other);

    /// <summary>
    /// What holding this state may cost at most, in the state's own unit (a terminal counts its
    /// cells, a user stream its events): the receiver bounds the sum over the states it holds
    /// (<see cref="TransportTiming.ReceivedFootprintLimit"/>), not just their number.
    /// </summary>
    long Footprint { get; }

    /// <summary>
    /// Writes into <paramref name="output"/>, which is empty, the diff that turns
    /// <paramref name="reference"/> into this state; leaves it empty when they are equal. A state
    /// may write its payload first and put headers in front (<see cref="ByteBuffer.Clear(int)"/>,
    /// <see cref="ByteBuffer.Prepend"/>), so large payloads are never copied.
    /// </summary>
    void WriteDiffFrom(TSelf reference, ByteBuffer output);

    /// <summary>Applies a peer's diff. Returns false (state unspecified) on malformed input.</summary>
    bool TryApplyDiff(ReadOnlySpan<byte> diff);

    /// <summary>
    /// Forgets the part of this state that <paramref name="prefix"/> (an acknowledged, older state
    /// of the same history) already holds, so memory stays bounded over a long session.
    /// Upstream's user stream drops the common prefix of events; the terminal does nothing.
    /// Diffs and comparisons between states trimmed by the same prefix are unchanged.
    /// </summary>
    void Subtract(TSelf prefix);
}
