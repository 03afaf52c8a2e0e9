namespace Mosh.Transport;

/// <summary>
/// A state whose changes can be sent a piece at a time (protocol §4.6.1): any prefix of its
/// history is itself a valid state, so a sender may target an intermediate state instead of the
/// current one and keep every instruction within a datagram or two. The user stream is one; a
/// peer cannot tell an intermediate state from any other.
/// </summary>
public interface IChunkableState<TSelf> : ISyncState<TSelf> where TSelf : class, ISyncState<TSelf>
{
    /// <summary>
    /// Becomes <paramref name="from"/> followed by the first changes of <paramref name="to"/> beyond
    /// it (<paramref name="to"/> must be a later state of the same history): about
    /// <paramref name="maxDiffBytes"/> of diff, at least one change, and through any urgent change
    /// (an interrupt key) so that nothing urgent waits behind the rest. Returns false, leaving this
    /// state unspecified, when no cut is needed: the whole difference fits, or there is none.
    /// </summary>
    bool TrySetToChunk(TSelf from, TSelf to, int maxDiffBytes);

    /// <summary>Whether the changes of this state beyond <paramref name="from"/> include an urgent one.</summary>
    bool HasUrgentChangeAfter(TSelf from);
}
