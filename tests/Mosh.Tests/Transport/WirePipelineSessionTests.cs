using Mosh.StateSync;
using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>
/// Whole sessions in datagram mode: instructions go through the real packet pipelines
/// (protobuf, zlib, fragments, OCB, timestamps) and each side's RTT estimator drives its sender.
/// </summary>
public class WirePipelineSessionTests
{
    private static SessionHarness<UserStream, BlobState> Session(LinkOptions c2s, LinkOptions s2c) =>
        new(new UserStream(), new BlobState(), c2s, s2c, carryDatagrams: true);

    [Fact]
    public void SendersLearnTheRoundTripTimeFromTimestamps()
    {
        using var h = Session(LinkOptions.Perfect(40), LinkOptions.Perfect(40));
        h.Client.CurrentState.PushResize(80, 24);
        for (int i = 0; i < 50; i++)
        {
            h.RunFor(200);
            h.Client.CurrentState.PushByte((byte)'x');
            h.Server.CurrentState.SetNumber((ulong)i);
        }

        Assert.True(h.ClientPipeline!.Rtt.HasSample && h.ServerPipeline!.Rtt.HasSample);
        // 80 ms of network round trip plus the peer's hold time (which the echo corrects for).
        Assert.InRange(h.ClientPipeline.Rtt.SrttMs, 75, 130);
        Assert.InRange(h.Client.Sender.SendIntervalMs, 38, 65);
        Assert.Equal(50UL, h.Server.RemoteState.TotalCount);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void InputAndLargeScreensSurviveABadNetwork(ulong seed)
    {
        var weather = new LinkOptions { DelayMs = 30, JitterMs = 40, LossRate = 0.2, DuplicateRate = 0.1, Mtu = 500, Seed = seed };
        var back = new LinkOptions { DelayMs = 30, JitterMs = 40, LossRate = 0.2, DuplicateRate = 0.1, Mtu = 500, Seed = seed + 50 };
        using var h = Session(weather, back);
        var reader = new UserInputReader();
        var typed = new List<byte>();
        var seen = new List<byte>();
        var random = new DeterministicRandom(seed);
        var screen = new byte[3000];
        for (int i = 0; i < screen.Length; i++)
        {
            screen[i] = (byte)random.Next(256); // incompressible: a big screen needs several fragments
        }

        void RunUntil(long deadline)
        {
            while (h.Step(deadline))
            {
                foreach (UserStreamEvent e in reader.TakeNew(h.Server.RemoteState))
                {
                    seen.Add(e.Byte);
                }
                h.Server.SubtractOldestRemoteState();
            }
        }

        for (int burst = 0; burst < 100; burst++)
        {
            RunUntil(h.NowMs + random.Next(300));
            byte key = (byte)random.Next(256);
            typed.Add(key);
            h.Client.CurrentState.PushByte(key);
            // A screen of a few kB: several fragments, each of which may be lost.
            screen[random.Next(screen.Length)] = key;
            h.Server.CurrentState.Set(screen.AsSpan(0, 1000 + (int)random.Next(2000)));
        }

        long deadline = h.NowMs + 30_000;
        while ((seen.Count < typed.Count || !h.Client.RemoteState.ContentEquals(h.Server.CurrentState)) && h.NowMs < deadline)
        {
            RunUntil(Math.Min(h.NowMs + 100, deadline));
        }
        Assert.Equal(typed, seen);
        Assert.True(h.Client.RemoteState.ContentEquals(h.Server.CurrentState), $"screen not converged by {h.NowMs}");
        Assert.True(h.ServerToClient.LostCount > 0);
        Assert.True(h.ServerToClient.DatagramReceiveCounts[(int)Mosh.Transport.ReceiveStatus.Pending] > 0); // fragments
    }

    [Fact]
    public void KeystrokeSessionOverTheWireAllocatesNothingInSteadyState()
    {
        using var h = Session(LinkOptions.Perfect(5), LinkOptions.Perfect(5));
        var reader = new UserInputReader();
        h.Client.CurrentState.PushResize(80, 24);

        void Run(int keystrokes)
        {
            for (int i = 0; i < keystrokes; i++)
            {
                h.Client.CurrentState.PushByte((byte)('a' + i % 26));
                long until = h.NowMs + 40;
                while (h.Step(until))
                {
                    reader.TakeNew(h.Server.RemoteState);
                    h.Server.SubtractOldestRemoteState();
                }
                h.Server.CurrentState.SetNumber((ulong)i);
            }
        }

        Run(2000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(2000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(4001UL, reader.ConsumedCount);
    }
}
