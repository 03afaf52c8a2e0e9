using Mosh.Crypto;
using Mosh.Network;
using Mosh.StateSync;
using Mosh.Transport;

namespace Mosh.Testing;

/// <summary>
/// A fixed interactive session for measuring what goes over the wire: a client types at one key
/// per 30 ms into a <see cref="FakeShell"/> (commands with output, a full-screen editor with typing
/// in it, a <c>top</c>-like repaint every second), over a real client and server
/// (<see cref="ConnectionHarness{TClient, TServer}"/>, 80×24, 1 ms each way), in virtual time.
/// Every datagram sent is recorded. Chaff is random (0–16 bytes per instruction, from the
/// system's generator), so byte totals vary a little between runs, under one percent.
/// </summary>
public static class TypingAndRedrawWorkload
{
    private const int KeyIntervalMs = 30;

    /// <summary>What the user types, with pauses (in ms) after each part.</summary>
    private static readonly (string Keys, int PauseMs)[] Script =
    [
        ("ls -la\r", 500),
        ("cat notes.txt\r", 500),
        ("gti status\r", 300),
        ("vim main.c\r", 700),
        ("ohello, world: this line is typed into the editor\r", 200),
        ("and a second one, typed just as slowly\x1b", 300),
        (":q\r", 500),
        ("top\r", 5_500),
        ("q", 500),
        ("echo done\r", 1_000),
    ];

    /// <summary>Runs the session and returns the datagrams sent each way.</summary>
    public static WireTraffic Run(ulong seed = 1)
    {
        using var h = new ConnectionHarness<UserStream, CompleteTerminal>(
            new UserStream(), new CompleteTerminal(80, 24), new CompleteTerminal(80, 24), new UserStream(), seed: seed);
        h.Network.Towards(ConnectionHarness<UserStream, CompleteTerminal>.ServerHost).DelayMs = 1;
        h.Network.Towards(ConnectionHarness<UserStream, CompleteTerminal>.ClientHost).DelayMs = 1;
        var traffic = new WireTraffic();
        h.Network.Recorded = [];

        var shell = new FakeShell(h.Server.CurrentState);
        var reader = new UserInputReader();
        var echo = new EchoAckTracker();
        ulong lastInput = 0;
        h.ServerApplication = now =>
        {
            if (h.Server.RemoteStateNum != lastInput)
            {
                lastInput = h.Server.RemoteStateNum;
                var input = new FakeShell.Input(shell, now);
                if (reader.Apply(h.Server.RemoteState, ref input) > 0)
                {
                    echo.RegisterInputFrame(lastInput, now);
                }
                h.Server.SubtractOldestRemoteState();
            }
            shell.Tick(now);
            if (echo.Update(now))
            {
                h.Server.CurrentState.SetEchoAck(echo.EchoAck);
            }
        };

        h.Client.CurrentState.PushResize(80, 24);
        h.RunFor(1_000);
        foreach ((string keys, int pauseMs) in Script)
        {
            foreach (char key in keys)
            {
                h.Client.CurrentState.PushByte((byte)key);
                h.RunFor(KeyIntervalMs);
            }
            h.RunFor(pauseMs);
        }
        h.RunFor(3_000);

        foreach ((SimAddress from, _, byte[] datagram) in h.Network.Recorded)
        {
            (from.Host == ConnectionHarness<UserStream, CompleteTerminal>.ClientHost ? traffic.ClientToServer : traffic.ServerToClient).Add(datagram);
        }
        return traffic;
    }

    /// <summary>
    /// The serialized instructions (protobuf, before compression) inside datagrams sent in
    /// <paramref name="sent"/> direction by a harness session, in order; opened with the harness key.
    /// </summary>
    public static List<byte[]> SerializedInstructions(IEnumerable<byte[]> datagrams, Direction sent)
    {
        // A pipeline receives what the other direction sends.
        using var receiver = new PacketPipeline(new OcbCipher(ConnectionHarness<UserStream, CompleteTerminal>.Key),
            sent == Direction.ToServer ? Direction.ToClient : Direction.ToServer);
        var result = new List<byte[]>();
        foreach (byte[] datagram in datagrams)
        {
            if (receiver.Receive(datagram, 0, false, out _, out Instruction instruction) == ReceiveStatus.Instruction)
            {
                var bytes = new byte[InstructionCodec.GetEncodedLength(instruction)];
                InstructionCodec.Encode(instruction, bytes);
                result.Add(bytes);
            }
        }
        return result;
    }
}

/// <summary>Datagrams recorded in each direction of a session.</summary>
public sealed class WireTraffic
{
    public List<byte[]> ClientToServer { get; } = [];

    public List<byte[]> ServerToClient { get; } = [];

    public static long Bytes(List<byte[]> datagrams) => datagrams.Sum(d => (long)d.Length);
}
