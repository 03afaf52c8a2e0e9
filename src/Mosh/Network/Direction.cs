namespace Mosh.Network;

/// <summary>
/// The top bit of every nonce (protocol §1.3). Both sides share one key, so the direction keeps
/// their nonces distinct and stops a peer's own packets from being reflected back at it.
/// </summary>
public enum Direction : byte
{
    /// <summary>Client → server (bit 0).</summary>
    ToServer = 0,
    /// <summary>Server → client (bit 1).</summary>
    ToClient = 1,
}
