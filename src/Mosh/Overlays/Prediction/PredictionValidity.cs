namespace Mosh.Overlays.Prediction;

/// <summary>How a prediction fares against the server's screen once its keystroke has been echoed.</summary>
internal enum PredictionValidity : byte
{
    Pending,
    Correct,
    CorrectNoCredit,
    IncorrectOrExpired,
    Inactive,
}
