namespace Mosh.Fuzz;

public delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>The registry of fuzz targets; each layer adds its own entry.</summary>
public static class Targets
{
    private static readonly Dictionary<string, FuzzTarget> s_targets = new()
    {
        ["datagram"] = Network.DatagramTarget.Run,
        ["deflate"] = Compression.DeflateTarget.Run,
        ["vtparser"] = VtParserTarget.Run,
        ["emulator"] = EmulatorTarget.Run,
        ["ocb-open"] = Crypto.OcbOpenTarget.Run,
        ["session-key"] = Crypto.SessionKeyTarget.Run,
        ["ssp"] = SspTarget.Run,
        ["terminal"] = TerminalTarget.Run,
        ["cost"] = CostTarget.Run,
    };

    public static IEnumerable<string> Names => s_targets.Keys;

    public static bool TryGet(string name, out FuzzTarget target) => s_targets.TryGetValue(name, out target!);
}
