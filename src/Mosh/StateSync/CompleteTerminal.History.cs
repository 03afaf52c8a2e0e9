using Mosh.Terminal.Display;
using Mosh.Terminal.Screen;

namespace Mosh.StateSync;

/// <summary>
/// The session's history as part of the synchronized state (protocol §14.3). A state holds
/// whether history is offered at all; its history end, the number of lines that have left the
/// top of the screen up to this state and are due to the client; and, once history is offered,
/// whether the screen shown is the alternate screen (so that the client shows it on its
/// terminal's alternate screen too, out of the scrollback's way, as ssh would). The lines
/// themselves stay in the server's <see cref="ScreenHistory"/>; a diff from a state with end
/// <c>a</c> to one with end <c>b</c> carries lines <c>a</c>..<c>b</c>−1, or says how many of
/// their oldest are no longer kept.
/// </summary>
public sealed partial class CompleteTerminal
{
    /// <summary>A diff never carries more lines than this (the largest retention a client may ask for).</summary>
    public const int MaxHistoryLinesPerDiff = 100_000;

    // Scratch for a diff's lines: their text and where each ends.
    [ThreadStatic] private static ByteBuffer? t_lines;
    [ThreadStatic] private static int[]? t_lineEnds;

    /// <summary>Whether the server sends history to this client (a history instruction has been sent or received).</summary>
    public bool HistoryOffered { get; private set; }

    /// <summary>Lines that left the screen up to this state and belong to the client's history.</summary>
    public ulong HistoryEnd { get; private set; }

    // Client: whether the server's last word on it (a history instruction) was the alternate screen.
    private bool _alternateScreenReceived;

    /// <summary>
    /// Whether the screen shown is the alternate screen: the framebuffer's own on the server;
    /// on the client, as the history instructions say (host bytes never switch screens, §5.6).
    /// </summary>
    public bool AlternateScreenShown => History is not null ? Framebuffer.AlternateScreenActive : _alternateScreenReceived;

    /// <summary>
    /// The server's kept lines, shared by the live state and the copies the sender keeps, which
    /// render their diffs from it. Null on the client.
    /// </summary>
    public ScreenHistory? History { get; set; }

    /// <summary>The client's received lines, shared by all its states. Null on the server.</summary>
    public HistoryInbox? Inbox { get; set; }

    /// <summary>Server: from now on this state offers history (the client asked, §14.3); its end starts at the lines kept so far.</summary>
    public void OfferHistory(ScreenHistory history)
    {
        History = history;
        Framebuffer.History = history;
        HistoryOffered = true;
    }

    /// <summary>
    /// Server, for a new client of a running session (§14.1): history is no longer offered
    /// until that client asks for it; the kept lines and the end stay, so when it does ask, the
    /// first diff from its blank state carries all of them.
    /// </summary>
    public void WithdrawHistory() => HistoryOffered = false;

    /// <summary>Server: the history end of this state; it never decreases nor passes the kept lines' end.</summary>
    public bool SetHistoryEnd(ulong end)
    {
        if (!HistoryOffered || end <= HistoryEnd || History is null) return false;
        HistoryEnd = Math.Min(end, History.End);
        return true;
    }

    /// <summary>
    /// Server, live state only: takes back a history end that has not been sent, down to
    /// <paramref name="end"/> (no lower than the last state sent, which the caller passes). No
    /// one has seen this state yet, so nothing contradicts it.
    /// </summary>
    public bool RetractHistoryEnd(ulong end)
    {
        if (end >= HistoryEnd) return false;
        HistoryEnd = end;
        return true;
    }

    private void CopyHistoryStateFrom(CompleteTerminal other)
    {
        HistoryOffered = other.HistoryOffered;
        HistoryEnd = other.HistoryEnd;
        History = other.History;
        Inbox = other.Inbox;
        _alternateScreenReceived = other._alternateScreenReceived;
    }

    private bool HistoryEquals(CompleteTerminal other) =>
        HistoryOffered == other.HistoryOffered && HistoryEnd == other.HistoryEnd
        && (!HistoryOffered || AlternateScreenShown == other.AlternateScreenShown);

    /// <summary>
    /// Appends the history instruction from <paramref name="reference"/> to this state, if they
    /// differ in history: the lines in between that are still kept, after a count of those that
    /// are not, and the screen shown. Returns whether one was written.
    /// </summary>
    private bool WriteHistoryFrom(CompleteTerminal reference, ByteBuffer output)
    {
        if (!HistoryOffered || (reference.HistoryOffered && reference.HistoryEnd == HistoryEnd
            && reference.AlternateScreenShown == AlternateScreenShown))
            return false;
        ulong from = reference.HistoryEnd;
        ulong end = HistoryEnd;
        ulong first = end;
        ByteBuffer lines = t_lines ??= new ByteBuffer(4096);
        lines.Clear();
        int count = 0;
        if (History is not null && end > from)
        {
            first = Math.Clamp(History.Start, from, end);
            if (end - first > MaxHistoryLinesPerDiff)
                first = end - MaxHistoryLinesPerDiff;
            int[] ends = t_lineEnds ??= new int[256];
            if (ends.Length < (int)(end - first))
            {
                ends = new int[Math.Max((int)(end - first), ends.Length * 2)];
                t_lineEnds = ends;
            }
            for (ulong n = first; n < end; n++)
            {
                RowTextWriter.Write(History[n], DisplayCapabilities.Server, lines);
                ends[count++] = lines.Length;
            }
        }
        HistoryCodec.AppendInstruction(output, end, first - from, lines.WrittenSpan, t_lineEnds.AsSpan(0, count), AlternateScreenShown);
        return true;
    }

    /// <summary>Client: takes a history instruction, refused unless it continues exactly from this state's end.</summary>
    private bool TryApplyHistory(ReadOnlySpan<byte> body)
    {
        if (!HistoryCodec.TryReadHeader(body, out ulong end, out ulong skipped, out int lineCount, out bool alternateScreen))
            return false;
        if ((ulong)lineCount > end || skipped > end - (ulong)lineCount || end - (ulong)lineCount - skipped != HistoryEnd
            || lineCount > MaxHistoryLinesPerDiff)
            return false;
        HistoryOffered = true;
        HistoryEnd = end;
        _alternateScreenReceived = alternateScreen;
        Inbox?.Receive(end, skipped, lineCount, body);
        return true;
    }
}
