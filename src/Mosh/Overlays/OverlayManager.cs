using Mosh.Overlays.Prediction;
using Mosh.Terminal.Screen;

namespace Mosh.Overlays;

/// <summary>The client's overlays applied in upstream's order: predictions, notification bar, title prefix.</summary>
public sealed class OverlayManager
{
    public OverlayManager(PredictionEngine predictions, NotificationBar notifications, TitleOverlay title)
    {
        Predictions = predictions;
        Notifications = notifications;
        Title = title;
    }

    public PredictionEngine Predictions { get; }

    public NotificationBar Notifications { get; }

    public TitleOverlay Title { get; }

    /// <summary>Draws every overlay into <paramref name="fb"/>, a copy of the newest server frame.</summary>
    public void Apply(Framebuffer fb, long now)
    {
        Predictions.Cull(fb, now);
        Predictions.Apply(fb);
        Notifications.AdjustMessage(now);
        Notifications.Apply(fb, now);
        Title.Apply(fb);
    }

    /// <summary>The overlays' share of the client's poll timeout.</summary>
    public int WaitTimeMs(long now) => Math.Min(Notifications.WaitTimeMs(now), Predictions.WaitTimeMs());
}
