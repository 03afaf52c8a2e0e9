using Mosh.StateSync;
using Mosh.Testing;
using Mosh.Transport;

namespace Mosh.Tests.Transport;

/// <summary>
/// A whole session as the programs run it — the real states (<see cref="UserStream"/> one way,
/// <see cref="CompleteTerminal"/> the other) over two real <see cref="Connection{TSocket, TAddress}"/>s
/// with sealed datagrams — allocates nothing per keystroke and per frame once warm, including
/// on the paths that drop garbage datagrams and that fail to send.
/// </summary>
public class SessionAllocationTests
{
    /// <summary>The server program's part: keystrokes are echoed into its terminal, as a shell in cooked mode would.</summary>
    private struct EchoingApplication(CompleteTerminal terminal) : IUserEventHandler
    {
        public int Keys;

        public bool Key(byte value)
        {
            Keys++;
            ReadOnlySpan<byte> echo = value == (byte)'\r' ? "\r\n"u8 : [value];
            terminal.Vt.Write(echo);
            return true;
        }

        public void Resize(int width, int height) => terminal.Vt.Resize(width, height);
    }

    [Fact]
    public void KeystrokesAndFramesAllocateNothingInSteadyState()
    {
        using var h = new ConnectionHarness<UserStream, CompleteTerminal>(
            new UserStream(), new CompleteTerminal(80, 24), new CompleteTerminal(80, 24), new UserStream(), seed: 5);
        h.Network.Towards(ConnectionHarness<UserStream, CompleteTerminal>.ServerHost).DelayMs = 4;
        h.Network.Towards(ConnectionHarness<UserStream, CompleteTerminal>.ClientHost).DelayMs = 4;
        var reader = new UserInputReader();
        var echo = new EchoAckTracker();
        var application = new EchoingApplication(h.Server.CurrentState);
        ulong lastInput = 0;
        h.ServerApplication = now =>
        {
            if (h.Server.RemoteStateNum != lastInput)
            {
                lastInput = h.Server.RemoteStateNum;
                if (reader.Apply(h.Server.RemoteState, ref application) > 0)
                {
                    echo.RegisterInputFrame(lastInput, now);
                }
                h.Server.SubtractOldestRemoteState();
            }
            if (echo.Update(now))
            {
                h.Server.CurrentState.SetEchoAck(echo.EchoAck);
            }
        };
        Func<bool> echoed = () => h.Client.RemoteState.Framebuffer.ContentEquals(h.Server.CurrentState.Framebuffer)
            && h.Server.RemoteState.ContentEquals(h.Client.CurrentState);
        byte[] garbage = new byte[300];
        new Random(3).NextBytes(garbage);
        var attacker = new SimAddress(99, 7777);
        int failures = 0;

        h.Client.CurrentState.PushResize(80, 24);
        int typed = 0;
        void Type(int keystrokes)
        {
            for (int i = 0; i < keystrokes; i++, typed++)
            {
                // Lines of 30 characters: the screen fills and then scrolls with every line.
                byte key = typed % 31 == 30 ? (byte)'\r' : (byte)('a' + typed % 26);
                h.Client.CurrentState.PushBytes([key]);
                if (typed % 10 == 0)
                {
                    h.Network.Inject(attacker, ConnectionHarness<UserStream, CompleteTerminal>.ServerAddress, garbage);
                    h.Network.Inject(attacker, h.ClientSocket.PublicAddress, garbage.AsSpan(0, 60));
                }
                if (typed % 25 == 0)
                {
                    // A send fails (firewall, interface down) for a moment; the session carries on.
                    h.ClientSocket.FailSendsWith = 101;
                    h.RunFor(150);
                    failures += h.ClientConnection.SendErrno != 0 ? 1 : 0;
                    h.ClientSocket.FailSendsWith = 0;
                }
                if (!h.RunUntil(h.NowMs + 3_000, echoed))
                {
                    Assert.Fail($"keystroke {typed} was never echoed");
                }
            }
        }

        Type(1_500); // warm-up: pools, buffers and lists reach their working sizes
        long framesBefore = h.ClientReceived.NewRemoteStates;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Type(1_500);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(3_000, application.Keys);
        Assert.True(h.ClientReceived.NewRemoteStates - framesBefore >= 1_500, "fewer frames than keystrokes");
        Assert.True(h.ServerReceived.Unauthentic >= 300 && h.ClientReceived.Unauthentic >= 300, "the garbage never arrived");
        Assert.True(failures >= 100, $"only {failures} send failures were seen");
        Assert.True(h.Client.RemoteState.EchoAck > 0);
        // The echo really is on the client's screen: the row above the cursor is a full typed line.
        var screen = h.Client.RemoteState.Framebuffer;
        int typedCells = 0;
        foreach (var cell in screen.GetRow(screen.CursorRow - 1).Cells)
        {
            typedCells += cell.CodePoint is >= 'a' and <= 'z' ? 1 : 0;
        }
        Assert.Equal(30, typedCells);
    }
}
