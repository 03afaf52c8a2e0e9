using Mosh.StateSync;
using Mosh.Transport;
using Mosh.Testing;

namespace Mosh.Tests.Transport;

/// <summary>
/// Both sides change their states for a while over a bad network; once the changes stop, each
/// side must end up with exactly the other's state within a bounded virtual time.
/// </summary>
public class ConvergenceTests
{
    public static TheoryData<string, int, int, double, double> Weathers => new()
    {
        // name, delay, jitter, loss, duplication
        { "perfect", 0, 0, 0, 0 },
        { "lossy-30%", 20, 0, 0.30, 0 },
        { "reordering", 30, 80, 0, 0 },
        { "duplicating", 10, 10, 0, 0.5 },
        { "satellite", 300, 50, 0.05, 0.1 },
        { "everything", 40, 60, 0.30, 0.2 },
    };

    private static LinkOptions Link(int delay, int jitter, double loss, double dup, ulong seed) => new()
    {
        DelayMs = delay, JitterMs = jitter, LossRate = loss, DuplicateRate = dup, Mtu = 500, Seed = seed,
    };

    /// <summary>An RTT source that roughly fits the link, as a real estimator would after a few samples.</summary>
    private static FixedRtt RttFor(int delay, int jitter)
    {
        int srtt = 2 * delay + jitter;
        return new FixedRtt(Math.Clamp(2 * srtt + 50, 50, 1000), TransportTiming.SendIntervalFor(srtt));
    }

    private static void AssertWeatherHappened(SimulatedLink link, double loss, double dup)
    {
        Assert.Equal(loss > 0, link.LostCount > 0);
        Assert.True((dup > 0) == (link.DeliveredCount + link.InFlightCount > link.SentCount - link.LostCount),
            $"sent {link.SentCount} lost {link.LostCount} delivered {link.DeliveredCount} in flight {link.InFlightCount}");
    }

    [Theory]
    [MemberData(nameof(Weathers))]
    public void BlobStatesConverge(string weather, int delay, int jitter, double loss, double dup)
    {
        for (ulong seed = 1; seed <= 4; seed++)
        {
            var rtt = RttFor(delay, jitter);
            var h = new SessionHarness<BlobState, BlobState>(new BlobState(), new BlobState(),
                Link(delay, jitter, loss, dup, seed), Link(delay, jitter, loss, dup, seed + 100), rtt, rtt);
            var random = new DeterministicRandom(seed);
            long t = 0;
            for (int change = 0; change < 200; change++)
            {
                t += random.Next(150);
                h.RunUntil(t);
                if (random.Chance(0.5))
                {
                    h.Client.CurrentState.SetNumber(random.NextUInt64());
                }
                else
                {
                    // Sometimes a large state: several fragments, each of which may be lost.
                    h.Server.CurrentState.Set(new byte[random.Next(2000)]);
                    h.Server.CurrentState.SetNumber(random.NextUInt64());
                }
            }

            bool converged = h.RunUntil(t + 30_000, x =>
                x.Client.RemoteState.ContentEquals(x.Server.CurrentState)
                && x.Server.RemoteState.ContentEquals(x.Client.CurrentState));
            Assert.True(converged, $"{weather} seed {seed}: not converged by {h.NowMs}");
            AssertWeatherHappened(h.ClientToServer, loss, dup);
            AssertWeatherHappened(h.ServerToClient, loss, dup);
        }
    }

    [Theory]
    [MemberData(nameof(Weathers))]
    public void UserInputArrivesCompleteAndInOrder(string weather, int delay, int jitter, double loss, double dup)
    {
        for (ulong seed = 1; seed <= 4; seed++)
        {
            var rtt = RttFor(delay, jitter);
            var h = new SessionHarness<UserStream, BlobState>(new UserStream(), new BlobState(),
                Link(delay, jitter, loss, dup, seed), Link(delay, jitter, loss, dup, seed + 100), rtt, rtt);
            var reader = new UserInputReader();
            var typed = new List<UserStreamEvent>();
            var seen = new List<UserStreamEvent>();
            var random = new DeterministicRandom(seed);

            void Type(UserStreamEvent e)
            {
                typed.Add(e);
                if (e.IsResize)
                {
                    h.Client.CurrentState.PushResize(e.Width, e.Height);
                }
                else
                {
                    h.Client.CurrentState.PushByte(e.Byte);
                }
            }

            void RunServerUntil(long deadline)
            {
                while (h.Step(deadline))
                {
                    // The server loop: take the new events, then trim what every held state shares.
                    foreach (UserStreamEvent e in reader.TakeNew(h.Server.RemoteState))
                    {
                        seen.Add(e);
                    }
                    h.Server.SubtractOldestRemoteState();
                }
            }

            Type(UserStreamEvent.Resize(80, 24));
            long t = 0;
            for (int burst = 0; burst < 150; burst++)
            {
                t += random.Next(200);
                RunServerUntil(t);
                int length = random.Chance(0.05) ? 300 : 1 + (int)random.Next(3); // mostly keystrokes, some pastes
                for (int i = 0; i < length; i++)
                {
                    Type(UserStreamEvent.Key((byte)random.Next(256)));
                }
                if (random.Chance(0.1))
                {
                    Type(UserStreamEvent.Resize(20 + (int)random.Next(200), 5 + (int)random.Next(60)));
                }
                // The server's screen changes too, so both directions carry data.
                h.Server.CurrentState.SetNumber((ulong)burst);
            }

            long deadline = t + 30_000;
            while (seen.Count < typed.Count && h.NowMs < deadline)
            {
                RunServerUntil(Math.Min(h.NowMs + 100, deadline));
            }
            AssertWeatherHappened(h.ClientToServer, loss, dup);
            Assert.True(seen.SequenceEqual(typed), $"{weather} seed {seed}: {seen.Count} of {typed.Count} events by {h.NowMs}");
            // Memory stays bounded: the held events are only the unacknowledged tail.
            RunServerUntil(h.NowMs + 5000);
            Assert.True(h.Client.CurrentState.HeldCount < 1000, $"client holds {h.Client.CurrentState.HeldCount}");
            Assert.True(h.Server.RemoteState.HeldCount < 1000, $"server holds {h.Server.RemoteState.HeldCount}");
        }
    }
}
