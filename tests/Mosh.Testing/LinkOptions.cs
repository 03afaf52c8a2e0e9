namespace Mosh.Testing;

/// <summary>The weather on one direction of a <see cref="SimulatedLink"/>.</summary>
public sealed class LinkOptions
{
    /// <summary>Fixed one-way delay.</summary>
    public int DelayMs { get; set; }

    /// <summary>Extra random delay, uniform in [0, JitterMs]: packets sent close together arrive reordered.</summary>
    public int JitterMs { get; set; }

    /// <summary>Probability that a datagram is lost.</summary>
    public double LossRate { get; set; }

    /// <summary>Probability that a delivered datagram arrives a second time (with its own jitter).</summary>
    public double DuplicateRate { get; set; }

    /// <summary>
    /// Datagram size limit (0: unlimited). An instruction larger than one datagram travels as
    /// several fragments (protocol §4.1) and is lost if any of them is.
    /// </summary>
    public int Mtu { get; set; }

    /// <summary>When false, everything sent is dropped (a one-way outage).</summary>
    public bool Up { get; set; } = true;

    public ulong Seed { get; set; } = 1;

    public static LinkOptions Perfect(int delayMs = 0) => new() { DelayMs = delayMs };
}
