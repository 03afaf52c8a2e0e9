namespace Mosh.Transport;

/// <summary>Deterministic chaff (xorshift64) for tests, replays and fuzzing.</summary>
public sealed class SeededChaffSource : IChaffSource
{
    private ulong _state;

    public SeededChaffSource(ulong seed) => _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public int Fill(Span<byte> chaff)
    {
        int length = (int)(Next() % (SystemRandomChaffSource.MaxChaff + 1));
        for (int i = 0; i < length; i++)
        {
            chaff[i] = (byte)Next();
        }
        return length;
    }

    private ulong Next()
    {
        _state ^= _state << 13;
        _state ^= _state >> 7;
        _state ^= _state << 17;
        return _state;
    }
}
