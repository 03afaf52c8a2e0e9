using Mosh.Network;
using Mosh.Testing;
using Mosh.Tests.Support;
using Mosh.Transport.Compression;

namespace Mosh.Tests.Transport.Compression;

/// <summary>
/// What we send is never longer than what upstream sends for the same instruction: zlib's
/// compress() at level 6, from the system's zlib (the library upstream links).
/// </summary>
public class CompressedSizeTests
{
    private static int OurLength(ZlibCodec zlib, byte[] data)
    {
        var destination = new byte[ZlibCodec.CompressBound(data.Length)];
        Assert.Equal(ZlibResult.Ok, zlib.Compress(data, destination, out int written));
        return written;
    }


    [SkippableFact]
    public void EachKindOfInstructionIsNoLongerThanUpstreams()
    {
        Skip.IfNot(SystemZlib.IsAvailable, "the system zlib (libz.so.1) is not installed");
        using var zlib = new ZlibCodec();
        foreach (string name in RealisticInstructions.Names)
        {
            for (ulong seed = 1; seed <= 5; seed++)
            {
                byte[] instruction = RealisticInstructions.Get(name, seed);
                int ours = OurLength(zlib, instruction), upstream = SystemZlib.Compress(instruction).Length;
                Assert.True(ours <= upstream, $"{name} ({instruction.Length} bytes): ours {ours}, upstream {upstream}");
            }
        }
    }

    [SkippableFact]
    public void EverySyntheticInputUpToTheLimitIsNoLongerThanUpstreams()
    {
        Skip.IfNot(SystemZlib.IsAvailable, "the system zlib (libz.so.1) is not installed");
        using var zlib = new ZlibCodec();
        foreach (string kind in CompressionInputs.Kinds)
        {
            foreach (int length in Enumerable.Range(0, 400).Concat([700, 1500, 3000, 6000, 12_000, ZlibCodec.SmallMessageLimit]))
            {
                byte[] data = CompressionInputs.Make(kind, length, seed: 6);
                int ours = OurLength(zlib, data), upstream = SystemZlib.Compress(data).Length;
                Assert.True(ours <= upstream, $"{kind} {length}: ours {ours}, upstream {upstream}");
            }
        }
    }

    [SkippableFact]
    public void EveryInstructionOfATypingSessionIsNoLongerThanUpstreams()
    {
        Skip.IfNot(SystemZlib.IsAvailable, "the system zlib (libz.so.1) is not installed");
        WireTraffic traffic = TypingAndRedrawWorkload.Run(seed: 3);
        using var zlib = new ZlibCodec();
        foreach ((List<byte[]> datagrams, Direction direction) in new[] { (traffic.ClientToServer, Direction.ToServer), (traffic.ServerToClient, Direction.ToClient) })
        {
            List<byte[]> instructions = TypingAndRedrawWorkload.SerializedInstructions(datagrams, direction);
            Assert.True(instructions.Count > 100, $"{direction}: only {instructions.Count} instructions");
            if (direction == Direction.ToClient)
                Assert.Contains(instructions, i => i.Length > DeflateEncoder.OptimalParseLimit); // screens: the lazy parse too
            foreach (byte[] instruction in instructions)
            {
                int ours = OurLength(zlib, instruction), upstream = SystemZlib.Compress(instruction).Length;
                Assert.True(ours <= upstream, $"{direction}, {instruction.Length}-byte instruction: ours {ours}, upstream {upstream}");
            }
        }
    }
}
