using Mosh.Terminal.Screen;

namespace Mosh.Overlays.Prediction;

/// <summary>
/// The guess for one cell (upstream's conditional overlay cell). Epoch and expiration use
/// <see cref="ulong.MaxValue"/> for "none", so an inactive cell counts as tentative in every epoch.
/// </summary>
internal struct CellPrediction
{
    public bool Active;
    /// <summary>Shifted in from beyond the row's end: never drawn, only underlined when flagging.</summary>
    public bool Unknown;
    /// <summary>The user-stream state that carries the keystroke; judged once echo_ack reaches it.</summary>
    public ulong Expiration;
    public ulong TentativeUntilEpoch;
    public long PredictionTime;
    /// <summary>The cell to draw. Its combining marks, if any, live in the row's side store.</summary>
    public Cell Replacement;
    public OriginalContents Originals;

    public readonly bool IsTentative(ulong confirmedEpoch) => TentativeUntilEpoch > confirmedEpoch;

    public void Expire(ulong expiration, long now)
    {
        Expiration = expiration;
        PredictionTime = now;
    }

    /// <summary>Forgets the guess and its history.</summary>
    public void Reset()
    {
        Unknown = false;
        Originals.Clear();
        Expiration = ulong.MaxValue;
        TentativeUntilEpoch = ulong.MaxValue;
        Active = false;
    }
}
