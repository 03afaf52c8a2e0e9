using Mosh.Overlays;
using Mosh.Posix;

namespace MoshAot.Client;

/// <summary>
/// Puts failed sends on the notification bar as upstream's client does: a loop iteration in
/// which a send failed shows <c>sendto: …</c> (for 3.1 s); any other iteration lets the error go
/// within a second. So the error leaves the bar a second after the last failure, even if the
/// next successful send is a heartbeat away. The text is built only when the errno changes.
/// </summary>
internal sealed class SendErrorNotice
{
    private long _failuresSeen;
    private int _errnoShown;
    private string? _text;

    /// <param name="failureCount">The connection's count of failed sends so far.</param>
    /// <param name="errno">The errno of the last failure (0 once a send succeeded).</param>
    public void Update(long failureCount, int errno, NotificationBar bar, long now)
    {
        if (failureCount == _failuresSeen || errno == 0)
        {
            _failuresSeen = failureCount;
            bar.ClearNetworkError(now);
            return;
        }
        _failuresSeen = failureCount;
        if (errno != _errnoShown || _text is null)
        {
            _errnoShown = errno;
            _text = "sendto: " + new Errno(errno).Message;
        }
        bar.SetNetworkError(_text, now);
    }
}
