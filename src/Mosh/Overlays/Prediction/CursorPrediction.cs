namespace Mosh.Overlays.Prediction;

/// <summary>A predicted cursor position (upstream's conditional cursor move).</summary>
internal struct CursorPrediction
{
    public int Row;
    public int Column;
    public ulong Expiration;
    public ulong TentativeUntilEpoch;

    public CursorPrediction(ulong expiration, int row, int column, ulong tentativeUntilEpoch)
    {
        Row = row;
        Column = column;
        Expiration = expiration;
        TentativeUntilEpoch = tentativeUntilEpoch;
    }

    public readonly bool IsTentative(ulong confirmedEpoch) => TentativeUntilEpoch > confirmedEpoch;

    public void Expire(ulong expiration) => Expiration = expiration;
}
