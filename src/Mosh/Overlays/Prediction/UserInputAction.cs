namespace Mosh.Overlays.Prediction;

/// <summary>What one decoded code point of user input means to the prediction engine.</summary>
internal enum UserInputActionKind : byte
{
    /// <summary>A character in the ground state (0x20–0x7F, or ≥ U+00A0 including U+FFFD).</summary>
    Print,

    /// <summary>A C0 or C1 control to execute.</summary>
    Execute,

    /// <summary>A complete <c>ESC</c> sequence.</summary>
    EscDispatch,

    /// <summary>A complete control sequence; the value is its final character.</summary>
    CsiDispatch,
}

/// <summary>One action of <see cref="UserInputDecoder"/>: its kind and the code point or final character it concerns.</summary>
internal readonly record struct UserInputAction(UserInputActionKind Kind, int Value);
