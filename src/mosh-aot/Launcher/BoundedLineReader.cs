using System.Text;
using Mosh.Posix;

namespace MoshAot.Launcher;

/// <summary>
/// Splits what a descriptor delivers into lines of at most <see cref="MaxLineBytes"/> bytes, so
/// that a server (or anything on ssh's side) that never sends a newline cannot grow the
/// launcher. The lines the launcher looks for are short; a longer line is handed out in pieces
/// marked as such, which the caller passes through without interpreting them.
/// </summary>
internal sealed class BoundedLineReader(int fd, int maxLineBytes = BoundedLineReader.DefaultMaxLineBytes)
{
    /// <summary>Far above any MOSH line (the longest, MOSH SSH_CONNECTION, is under 200 bytes) and any sane motd line.</summary>
    public const int DefaultMaxLineBytes = 16_384;

    private readonly byte[] _buffer = new byte[4096];
    private readonly byte[] _line = new byte[maxLineBytes];
    private int _lineLength;
    private int _bufferStart;
    private int _bufferEnd;
    private bool _inOverlongLine;
    private bool _eof;

    public int MaxLineBytes => _line.Length;

    /// <summary>
    /// The next line (without its newline), or a piece of an overlong one; false at end of input
    /// or on a read error. <paramref name="overlong"/> marks a piece of a line longer than the
    /// limit; <paramref name="endsLine"/> says whether this piece ends its line (always true for a
    /// whole line, and for the last piece at end of input).
    /// </summary>
    public bool TryRead(out string text, out bool overlong, out bool endsLine)
    {
        while (true)
        {
            for (int i = _bufferStart; i < _bufferEnd; i++)
            {
                byte b = _buffer[i];
                if (b == (byte)'\n')
                {
                    _bufferStart = i + 1;
                    return Take(out text, out overlong, out endsLine, lineEnded: true);
                }
                if (_lineLength == _line.Length)
                {
                    // Full: hand out what we have as a piece of an overlong line and keep going.
                    _bufferStart = i;
                    return Take(out text, out overlong, out endsLine, lineEnded: false);
                }
                _line[_lineLength++] = b;
            }
            _bufferStart = _bufferEnd = 0;
            if (_eof) break;
            IoResult r = FileDescriptor.Read(fd, _buffer);
            if (!r.IsSuccess || r.Count == 0)
            {
                _eof = true;
                continue;
            }
            _bufferEnd = r.Count;
        }
        if (_lineLength > 0)
        {
            return Take(out text, out overlong, out endsLine, lineEnded: true);
        }
        text = "";
        overlong = false;
        endsLine = true;
        return false;
    }

    private bool Take(out string text, out bool overlong, out bool endsLine, bool lineEnded)
    {
        text = Encoding.UTF8.GetString(_line, 0, _lineLength);
        _lineLength = 0;
        overlong = _inOverlongLine || !lineEnded;
        endsLine = lineEnded;
        _inOverlongLine = !lineEnded;
        return true;
    }
}
