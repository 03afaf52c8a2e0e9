namespace Mosh.Transport;

/// <summary>What the receiver did with one complete instruction (protocol §4.8).</summary>
public enum ReceiveResult
{
    /// <summary>A new highest-numbered state: it is now the newest remote state and will be acked.</summary>
    NewestState,

    /// <summary>A state below the newest, inserted in order; the ack is unchanged.</summary>
    OutOfOrderState,

    /// <summary>The state was already held.</summary>
    Duplicate,

    /// <summary>The reference state is unknown (never received, or thrown away): ignored, not acked.</summary>
    UnknownReference,

    /// <summary>More than 1024 states held and the quench timer is running: refused.</summary>
    Quenched,

    /// <summary>
    /// The receiving side is not ready for more (its gate refused the state: input waits to be
    /// consumed): not kept, not acked; the peer sends it again.
    /// </summary>
    Deferred,

    /// <summary>The diff could not be applied (hostile or corrupt input): dropped.</summary>
    MalformedDiff,

    /// <summary>protocol_version ≠ 2: "mosh protocol version mismatch"; nothing of it was used.</summary>
    VersionMismatch,
}
