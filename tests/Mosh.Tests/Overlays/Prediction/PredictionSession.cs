using Mosh.Overlays.Prediction;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Overlays.Prediction;

/// <summary>
/// Drives a <see cref="PredictionEngine"/> the way the client loop does: each read of user input
/// travels in the next user-stream state; the test plays the server by editing <see cref="Server"/>
/// and acknowledging the echo.
/// </summary>
internal sealed class PredictionSession
{
    public PredictionSession(PredictionEngine engine, Framebuffer server, int sendInterval)
    {
        Engine = engine;
        Server = server;
        Engine.SetSendInterval(sendInterval);
        Engine.Cull(server, 0);
    }

    public PredictionEngine Engine { get; }

    public Framebuffer Server { get; }

    /// <summary>Number of the newest user-stream state sent.</summary>
    public ulong Sent { get; private set; }

    public void Type(string keys, long now)
    {
        Engine.SetLocalFrameSent(Sent);
        Engine.NewUserInput(Screens.Bytes(keys), Server, now);
        Sent++;
    }

    /// <summary>The server says everything sent so far has reached the application (echo_ack).</summary>
    public void AckAll() => Engine.SetLocalFrameLateAcked(Sent);

    /// <summary>What the client would render: overlays on a copy of the server frame.</summary>
    public Framebuffer Display(long now)
    {
        Framebuffer copy = Screens.Copy(Server);
        Engine.Cull(copy, now);
        Engine.Apply(copy);
        return copy;
    }

    /// <summary>Types, lets the server echo it correctly, and judges: the epoch is confirmed afterwards.</summary>
    public void TypeAndConfirm(string text, long now)
    {
        Type(text, now);
        Screens.Echo(Server, text);
        AckAll();
        Engine.Cull(Server, now + 60);
    }
}
