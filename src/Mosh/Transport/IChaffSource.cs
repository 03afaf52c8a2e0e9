namespace Mosh.Transport;

/// <summary>
/// Supplies the random padding of each instruction (spec §4.7): 0–16 random bytes that hide the
/// true length of the instruction. Receivers ignore it, so tests may use a seeded source.
/// </summary>
public interface IChaffSource
{
    /// <summary>Fills a prefix of <paramref name="chaff"/> (16 bytes) and returns its length, 0–16.</summary>
    int Fill(Span<byte> chaff);
}
