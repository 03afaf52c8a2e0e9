namespace Mosh.Network;

/// <summary>
/// The 16-bit millisecond timestamps every datagram carries (protocol §2.2). Only differences
/// matter, so the monotonic clock is taken mod 65536; 0xFFFF is reserved to mean "none".
/// </summary>
public static class Timestamp16
{
    /// <summary>"No timestamp": never produced by <see cref="From"/>.</summary>
    public const ushort None = 0xFFFF;

    /// <summary>The timestamp for a monotonic time in milliseconds; 0xFFFF becomes 0.</summary>
    public static ushort From(long monotonicMs)
    {
        ushort t = unchecked((ushort)monotonicMs);
        return t == None ? (ushort)0 : t;
    }

    /// <summary>(<paramref name="later"/> − <paramref name="earlier"/>) mod 65536.</summary>
    public static ushort Difference(ushort later, ushort earlier) => unchecked((ushort)(later - earlier));
}
