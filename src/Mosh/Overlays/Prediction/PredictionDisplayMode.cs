namespace Mosh.Overlays.Prediction;

/// <summary>When predictions are shown (<c>MOSH_PREDICTION_DISPLAY</c>, <c>--predict</c>; §7.1).</summary>
public enum PredictionDisplayMode
{
    /// <summary>Computed always, shown only while the SRTT or glitch trigger is active (the default).</summary>
    Adaptive,

    /// <summary>Shown whenever their epoch is confirmed.</summary>
    Always,

    /// <summary>The engine is off: nothing computed, nothing shown.</summary>
    Never,

    /// <summary>Shown always; no tentative epochs; a wrong guess clears only its own cell.</summary>
    Experimental,
}

public static class PredictionDisplayModes
{
    /// <summary>Parses the names the client accepts (<c>adaptive</c>, <c>always</c>, <c>never</c>, <c>experimental</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out PredictionDisplayMode mode)
    {
        switch (name)
        {
            case "adaptive":
                mode = PredictionDisplayMode.Adaptive;
                return true;
            case "always":
                mode = PredictionDisplayMode.Always;
                return true;
            case "never":
                mode = PredictionDisplayMode.Never;
                return true;
            case "experimental":
                mode = PredictionDisplayMode.Experimental;
                return true;
            default:
                mode = PredictionDisplayMode.Adaptive;
                return false;
        }
    }
}
