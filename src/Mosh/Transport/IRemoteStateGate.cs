namespace Mosh.Transport;

/// <summary>
/// Back-pressure on what the peer sends (protocol §4.8): before a received state becomes the
/// newest, the gate may refuse it. A refused state is neither kept nor acknowledged, so a
/// correct peer sends it (or a newer one) again; nothing is lost. The server uses this to stop
/// taking user input while a program is not reading it.
/// </summary>
public interface IRemoteStateGate<TState> where TState : class
{
    /// <summary>Whether <paramref name="candidate"/> may replace <paramref name="newest"/> as the newest state.</summary>
    bool Admit(TState candidate, TState newest);
}
