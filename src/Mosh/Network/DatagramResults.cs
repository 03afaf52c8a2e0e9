namespace Mosh.Network;

/// <summary>Outcome of sealing a datagram.</summary>
public enum SealResult : byte
{
    Ok,
    /// <summary>The destination cannot hold header + payload + tag.</summary>
    DestinationTooSmall,
    /// <summary>Fatal: the 63-bit sequence number space is used up; nonces would repeat.</summary>
    SequenceExhausted,
    /// <summary>Fatal: 2^47 blocks were encrypted under this key (OCB's bound is 2^48 for both sides together).</summary>
    KeyExhausted,
}

/// <summary>Outcome of opening a received datagram. Only <see cref="Ok"/> changes any state.</summary>
public enum OpenResult : byte
{
    Ok,
    /// <summary>Larger than the 2048-byte receive buffer.</summary>
    Oversize,
    /// <summary>Shorter than nonce + tag (24 bytes).</summary>
    TooShort,
    /// <summary>The OCB tag does not verify (wrong key, corruption or forgery).</summary>
    AuthenticationFailed,
    /// <summary>Authentic, but its direction bit is ours: a reflected packet.</summary>
    WrongDirection,
    /// <summary>Authentic, but the plaintext cannot hold the two timestamps.</summary>
    MissingTimestamps,
}
