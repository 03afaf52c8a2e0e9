using Mosh.Overlays;
using Mosh.Overlays.Prediction;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Overlays;

/// <summary>Random keystrokes, screens, sizes, acks and clocks never make the overlays throw.</summary>
public class HostileInputTests
{
    private const string Specials = "\r\n\x7f\x1b[OCD\x01~.";

    [Theory]
    [InlineData(PredictionDisplayMode.Adaptive, false)]
    [InlineData(PredictionDisplayMode.Always, true)]
    [InlineData(PredictionDisplayMode.Experimental, false)]
    public void RandomSessionsNeverThrow(PredictionDisplayMode mode, bool overwrite)
    {
        var random = new Random(1234 + (int)mode);
        var engine = new PredictionEngine(mode, overwrite);
        var bar = new NotificationBar(0);
        bar.SetEscapeKeyName("Ctrl-^");
        var overlays = new OverlayManager(engine, bar, new TitleOverlay(true));
        var escape = EscapeKeyHandler.FromEnvironment("~");
        var vt = new VirtualTerminal(20, 6);
        var shown = new Framebuffer(vt.Framebuffer);
        byte[] input = new byte[120];
        byte[] output = new byte[256];
        ulong sent = 0;
        long now = 0;

        for (int i = 0; i < 3000; i++)
        {
            now += random.Next(0, 400);
            int n = random.Next(0, 8) == 0 ? random.Next(0, input.Length) : random.Next(1, 4);
            for (int k = 0; k < n; k++)
            {
                input[k] = random.Next(4) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)Specials[random.Next(Specials.Length)],
                    _ => (byte)random.Next(0x20, 0x7F),
                };
            }
            engine.SetLocalFrameSent(sent);
            engine.NewUserInput(input.AsSpan(0, n), shown, now);
            escape.Process(input.AsSpan(0, n), output, out _, out _);
            sent++;

            switch (random.Next(6))
            {
                case 0:
                    vt.Write(input.AsSpan(0, n)); // a (wrong) echo
                    engine.SetLocalFrameLateAcked(sent - (ulong)random.Next(0, 3));
                    break;
                case 1:
                    vt.Resize(random.Next(1, 30), random.Next(1, 10));
                    break;
                case 2:
                    engine.SetSendInterval(random.Next(20, 251));
                    bar.ServerHeard(now - random.Next(0, 70_000));
                    break;
                case 3:
                    bar.SetMessage("message", now, random.Next(2) == 0);
                    break;
                case 4:
                    engine.Reset();
                    break;
            }
            shown.CopyFrom(vt.Framebuffer);
            overlays.Apply(shown, now);
            Assert.InRange(shown.CursorRow, 0, shown.Height - 1);
            Assert.InRange(shown.CursorColumn, 0, shown.Width - 1);
            Assert.InRange(overlays.WaitTimeMs(now), 0, int.MaxValue);
        }
    }
}
