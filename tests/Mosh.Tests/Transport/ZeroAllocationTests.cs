using Mosh.StateSync;
using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>A warmed-up session exchanges keystrokes, echoes and acks without allocating.</summary>
public class ZeroAllocationTests
{
    private struct CountingHandler : IUserEventHandler
    {
        public int Keys;
        public int Resizes;

        public bool Key(byte value)
        {
            Keys++;
            return true;
        }

        public void Resize(int width, int height) => Resizes++;
    }

    [Fact]
    public void KeystrokeSessionAllocatesNothingInSteadyState()
    {
        var h = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(),
            new LinkOptions { DelayMs = 5, JitterMs = 3, LossRate = 0.05, Seed = 11 },
            new LinkOptions { DelayMs = 5, JitterMs = 3, LossRate = 0.05, Seed = 12 });
        var reader = new UserInputReader();
        var echo = new EchoAckTracker();
        var handler = new CountingHandler();
        h.Client.CurrentState.PushResize(80, 24);

        void RunFor(long durationMs)
        {
            long until = h.NowMs + durationMs;
            while (h.Step(until))
            {
                // The server loop: apply new input, trim, publish the echo ack.
                if (reader.Apply(h.Server.RemoteState, ref handler) > 0)
                {
                    echo.RegisterInputFrame(h.Server.RemoteStateNum, h.NowMs);
                }
                h.Server.SubtractOldestRemoteState();
                if (echo.Update(h.NowMs))
                {
                    h.Server.CurrentState.SetNumber(echo.EchoAck);
                }
            }
        }

        void Run(int keystrokes)
        {
            for (int i = 0; i < keystrokes; i++)
            {
                h.Client.CurrentState.PushByte((byte)('a' + i % 26));
                RunFor(40);
            }
        }

        Run(3000); // warm-up: pools, buffers and lists reach their working sizes
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(5000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        RunFor(2000);

        Assert.Equal(0, allocated);
        Assert.Equal(8000, handler.Keys);
        Assert.True(h.ServerNewStates > 5000 && h.ClientNewStates > 1000, $"{h.ServerNewStates} / {h.ClientNewStates}");
        Assert.True(echo.EchoAck > 0);
    }
}
