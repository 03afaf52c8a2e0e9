namespace Mosh.Transport;

/// <summary>
/// The negotiated extensions a side supports, advertised in the transport instruction's field 8
/// (protocol §14.1). An upstream 1.4.0 peer never sends the field, so it reads as <see cref="None"/>.
/// </summary>
[Flags]
public enum SessionFeatures : uint
{
    None = 0,

    /// <summary>Detach (client → server), retirement notices (server → client) and the session id.</summary>
    Sessions = 1,
}
