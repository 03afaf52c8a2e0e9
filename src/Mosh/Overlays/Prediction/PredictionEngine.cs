namespace Mosh.Overlays.Prediction;

/// <summary>
/// Local echo (§7): guesses what the user's keystrokes will do to the screen, draws the guesses
/// over the newest server frame, and judges them once the server's echo_ack says the application
/// has seen the keystrokes. Deterministic (time is passed in), allocation-free in steady state.
/// </summary>
/// <remarks>
/// Calling order, as upstream's client loop: after each datagram, <see cref="SetSendInterval"/>
/// and <see cref="SetLocalFrameLateAcked"/>; before handling a read
/// from the terminal, <see cref="SetLocalFrameSent"/> then <see cref="NewUserInput"/> with the whole
/// read (upstream passes the frame it displayed last, overlays included); every frame,
/// <see cref="Cull"/> then <see cref="Apply"/> on a copy of the newest server frame.
/// </remarks>
public sealed partial class PredictionEngine
{
    /// <summary>While guesses are outstanding, wake this often so the glitch trigger can fire on time.</summary>
    private const int TimingCheckIntervalMs = 50;

    private readonly PredictionDisplayMode _mode;
    private readonly bool _overwrite;

    private ulong _localFrameSent;
    private ulong _localFrameLateAcked;
    private int _sendInterval = 250;

    public PredictionEngine(PredictionDisplayMode mode = PredictionDisplayMode.Adaptive, bool overwrite = false)
    {
        _mode = mode;
        _overwrite = overwrite;
    }

    /// <summary>Number of the newest user-stream state sent; a new keystroke will travel in the next one.</summary>
    public void SetLocalFrameSent(ulong stateNumber) => _localFrameSent = stateNumber;

    /// <summary>The server's echo_ack: input up to this state reached the application at least 50 ms ago.</summary>
    public void SetLocalFrameLateAcked(ulong echoAck) => _localFrameLateAcked = echoAck;

    /// <summary>The transport's current send interval in ms.</summary>
    public void SetSendInterval(int milliseconds) => _sendInterval = milliseconds;

    /// <summary>Discards every guess and starts a new epoch (window resize, paste).</summary>
    public void Reset()
    {
        _cursorCount = 0;
        for (int i = 0; i < _rowCount; i++)
        {
            _rowInUse[_rowOrder[i]] = false;
        }
        _rowCount = 0;
        BecomeTentative();
    }

    /// <summary>How long the client may sleep as far as predictions are concerned.</summary>
    public int WaitTimeMs()
    {
        // Timing matters until both the glitch trigger and underlining have fired.
        bool timingTestsNecessary = !(_glitchTrigger > 0 && _flagging);
        return timingTestsNecessary && HasOutstanding() ? TimingCheckIntervalMs : int.MaxValue;
    }
}
