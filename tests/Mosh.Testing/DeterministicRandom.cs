namespace Mosh.Testing;

/// <summary>A small seeded generator (xorshift64*): the same seed gives the same network weather.</summary>
public sealed class DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(ulong seed) => _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public ulong NextUInt64()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive); 0 when maxExclusive ≤ 0.</summary>
    public long Next(long maxExclusive) => maxExclusive <= 0 ? 0 : (long)(NextUInt64() % (ulong)maxExclusive);

    public bool Chance(double probability) => probability > 0 && NextDouble() < probability;
}
