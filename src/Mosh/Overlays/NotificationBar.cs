using System.Text;
using Mosh.Terminal.Screen;
using Mosh.Terminal.Unicode;

namespace Mosh.Overlays;

/// <summary>
/// The client's status line (§6.8): messages and the "server is late" count-up, drawn over row 0
/// of the frame about to be rendered. Time is passed in; formatting and drawing use fixed
/// buffers, so steady-state use allocates nothing.
/// </summary>
public sealed class NotificationBar
{
    /// <summary>No server state for this long: the server (or the path to it) is late.</summary>
    private const long ServerLateMs = 6500;

    /// <summary>No acknowledgement of our states for this long: our replies are not getting through.</summary>
    private const long ReplyLateMs = 10000;

    /// <summary>Ordinary messages show for one second.</summary>
    private const long MessageLifetimeMs = 1000;

    /// <summary>The transport's ACK_INTERVAL: a send error is repeated at least this often while it lasts.</summary>
    private const long AckIntervalMs = 3000;

    /// <summary>A network error lasts one ACK interval plus a margin, so a persisting error never blinks off between sends.</summary>
    private const long NetworkErrorLifetimeMs = AckIntervalMs + 100;

    /// <summary>The count-up advances in whole seconds.</summary>
    private const int CountUpIntervalMs = 1000;

    /// <summary>After a minute of silence, refresh only every ACK interval, to save power.</summary>
    private const long SlowCountUpAfterMs = 60000;

    /// <summary>Upstream formats the line into a 128-wide-character buffer: at most 127 characters.</summary>
    public const int MaxLineLength = 127;

    private const long Permanent = long.MaxValue;

    private readonly char[] _message = new char[MaxLineLength];
    private int _messageLength;
    private readonly char[] _quitHint = new char[64];
    private int _quitHintLength;
    private readonly char[] _line = new char[MaxLineLength];

    private long _lastWordFromServer;
    private long _lastAckedState;
    private bool _messageIsNetworkError;
    private long _messageExpiration = Permanent;
    private bool _showQuitKeystroke = true;

    /// <param name="now">Start time: the server counts as heard from and acknowledging now.</param>
    public NotificationBar(long now)
    {
        _lastWordFromServer = now;
        _lastAckedState = now;
    }

    /// <summary>The current message (empty when none).</summary>
    public ReadOnlySpan<char> Message => _message.AsSpan(0, _messageLength);

    /// <summary>
    /// Sets the escape key's name for the quit hint (<c>Ctrl-^</c>, <c>"~"</c>); null when the
    /// escape key is disabled, which removes the hint.
    /// </summary>
    public void SetEscapeKeyName(string? name)
    {
        _quitHintLength = 0;
        if (name is not null)
        {
            Append(_quitHint, ref _quitHintLength, " [To quit: ");
            Append(_quitHint, ref _quitHintLength, name);
            Append(_quitHint, ref _quitHintLength, " .]");
        }
    }

    /// <summary>The receive time of the newest server state.</summary>
    public void ServerHeard(long lastWord) => _lastWordFromServer = lastWord;

    /// <summary>The send time of our newest state the server acknowledged.</summary>
    public void ServerAcked(long lastAcked) => _lastAckedState = lastAcked;

    /// <summary>
    /// Shows <paramref name="message"/> (empty clears it): for 1000 ms, or until replaced when
    /// <paramref name="permanent"/>. The escape help is shown without the quit hint.
    /// </summary>
    public void SetMessage(ReadOnlySpan<char> message, long now, bool permanent = false, bool showQuitKeystroke = true)
    {
        StoreMessage(message);
        _messageExpiration = permanent ? Permanent : now + MessageLifetimeMs;
        _messageIsNetworkError = false;
        _showQuitKeystroke = showQuitKeystroke;
    }

    /// <summary>A send failed (e.g. <c>sendto: Network is unreachable</c>); shown until 3100 ms after the last failure.</summary>
    public void SetNetworkError(ReadOnlySpan<char> message, long now)
    {
        StoreMessage(message);
        _messageIsNetworkError = true;
        _messageExpiration = now + NetworkErrorLifetimeMs;
    }

    /// <summary>Sends work again: a network error goes away within a second.</summary>
    public void ClearNetworkError(long now)
    {
        if (_messageIsNetworkError)
        {
            _messageExpiration = Math.Min(_messageExpiration, now + MessageLifetimeMs);
        }
    }

    public bool IsServerLate(long now) => now - _lastWordFromServer > ServerLateMs;

    public bool IsReplyLate(long now) => now - _lastAckedState > ReplyLateMs;

    private bool NeedsCountUp(long now) => IsServerLate(now) || IsReplyLate(now);

    /// <summary>Drops the message once it has expired (upstream does this before every draw).</summary>
    public void AdjustMessage(long now)
    {
        if (now >= _messageExpiration)
        {
            _messageLength = 0;
        }
    }

    /// <summary>How long the client may sleep before the bar must change.</summary>
    public int WaitTimeMs(long now)
    {
        long next = int.MaxValue;
        if (_messageExpiration != Permanent && _messageExpiration >= now)
        {
            next = Math.Min(next, _messageExpiration - now);
        }
        if (NeedsCountUp(now))
        {
            long interval = now - _lastWordFromServer > SlowCountUpAfterMs ? AckIntervalMs : CountUpIntervalMs;
            next = Math.Min(next, interval);
        }
        return (int)next;
    }

    /// <summary>The text the bar shows now (empty when it is hidden); valid until the next call.</summary>
    public ReadOnlySpan<char> FormatLine(long now)
    {
        bool late = NeedsCountUp(now);
        if (_messageLength == 0 && !late)
        {
            return default;
        }
        // "contact" when we have not heard from the server; "reply" when only our uplink is failing.
        long elapsedMs = now - _lastWordFromServer;
        string explanation = "contact";
        if (IsReplyLate(now) && !IsServerLate(now))
        {
            elapsedMs = now - _lastAckedState;
            explanation = "reply";
        }
        int seconds = (int)Math.Clamp(elapsedMs / 1000, 0, int.MaxValue);
        ReadOnlySpan<char> quit = _showQuitKeystroke ? _quitHint.AsSpan(0, _quitHintLength) : default;

        Span<char> line = _line;
        int n = 0;
        Append(line, ref n, "mosh: ");
        if (_messageLength == 0)
        {
            Append(line, ref n, "Last ");
            Append(line, ref n, explanation);
            Append(line, ref n, " ");
            AppendDuration(line, ref n, seconds, "seconds");
            Append(line, ref n, " ago.");
        }
        else if (!late)
        {
            Append(line, ref n, Message);
        }
        else
        {
            Append(line, ref n, Message);
            Append(line, ref n, " (");
            AppendDuration(line, ref n, seconds, "s");
            Append(line, ref n, " without ");
            Append(line, ref n, explanation);
            Append(line, ref n, ".)");
        }
        Append(line, ref n, quit);
        return line[..n];
    }

    /// <summary>Draws the bar over row 0 of <paramref name="fb"/> if there is anything to say.</summary>
    public void Apply(Framebuffer fb, long now)
    {
        ReadOnlySpan<char> text = FormatLine(now);
        if (text.IsEmpty)
        {
            return;
        }
        if (fb.CursorRow == 0)
        {
            fb.WritableModes.CursorVisible = false;
        }

        Color foreground = Color.Palette(7);
        Color background = Color.Palette(4);
        Cell bar = new(' ', new Renditions(foreground, background, RenditionAttributes.None), CellFlags.None);
        Renditions textRenditions = new(foreground, background, RenditionAttributes.Bold);
        Row row = fb.GetMutableRow(0);
        Span<Cell> cells = row.WritableCells;
        cells.Fill(bar);
        row.SoftWrapped = false;

        int width = cells.Length;
        int col = 0;
        int combiningColumn = 0;
        while (!text.IsEmpty && col < width)
        {
            if (Rune.DecodeFromUtf16(text, out Rune rune, out int used) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                used = 1;
            }
            text = text[used..];
            int cp = rune.Value;
            int chWidth = cp == 0 ? -1 : CharWidth.Of(cp);
            switch (chWidth)
            {
                case 1:
                    cells[col] = new Cell(cp, textRenditions, CellFlags.None);
                    combiningColumn = col;
                    col++;
                    break;
                case 2:
                    if (col + 2 > width)
                    {
                        // A wide character that does not fit would spill past the row: stop here.
                        col = width;
                        break;
                    }
                    cells[col] = new Cell(cp, textRenditions, CellFlags.Wide);
                    cells[col + 1] = new Cell(0, bar.Renditions, CellFlags.None);
                    combiningColumn = col;
                    col += 2;
                    break;
                case 0:
                    row.AppendMark(combiningColumn, cp);
                    break;
            }
        }
    }

    private void StoreMessage(ReadOnlySpan<char> message)
    {
        int n = Math.Min(message.Length, _message.Length);
        message[..n].CopyTo(_message);
        _messageLength = n;
    }

    private static void Append(Span<char> destination, ref int length, ReadOnlySpan<char> text)
    {
        int n = Math.Min(text.Length, destination.Length - length);
        text[..n].CopyTo(destination[length..]);
        length += n;
    }

    /// <summary>"N seconds" (or "N s") under a minute, "M:SS" under an hour, else "H:MM:SS".</summary>
    internal static void AppendDuration(Span<char> destination, ref int length, int seconds, string secondsUnit)
    {
        Span<char> tmp = stackalloc char[32];
        int n;
        if (seconds < 60)
        {
            seconds.TryFormat(tmp, out n);
            tmp[n++] = ' ';
            secondsUnit.AsSpan().CopyTo(tmp[n..]);
            n += secondsUnit.Length;
        }
        else if (seconds < 3600)
        {
            (seconds / 60).TryFormat(tmp, out n);
            tmp[n++] = ':';
            (seconds % 60).TryFormat(tmp[n..], out int m, "00");
            n += m;
        }
        else
        {
            (seconds / 3600).TryFormat(tmp, out n);
            tmp[n++] = ':';
            (seconds / 60 % 60).TryFormat(tmp[n..], out int m, "00");
            n += m;
            tmp[n++] = ':';
            (seconds % 60).TryFormat(tmp[n..], out m, "00");
            n += m;
        }
        Append(destination, ref length, tmp[..n]);
    }
}
