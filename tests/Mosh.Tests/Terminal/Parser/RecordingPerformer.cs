using System.Text;
using Mosh.Terminal.Parser;

namespace Mosh.Tests.Terminal.Parser;

/// <summary>
/// Records every parser event as one line of text, so tests compare readable transcripts.
/// Consecutive PrintAscii runs and Print calls are merged into one "print" event, because
/// where a run is cut depends on how the input was split, not on its meaning.
/// </summary>
internal sealed class RecordingPerformer : IPerformer
{
    public readonly List<string> Events = [];
    private readonly StringBuilder _text = new();

    public void PrintAscii(ReadOnlySpan<byte> run)
    {
        foreach (byte b in run)
        {
            Assert.InRange(b, (byte)0x20, (byte)0x7E);
            _text.Append((char)b);
        }
    }

    public void Print(int codePoint)
    {
        Assert.True(codePoint >= 0xA0 && codePoint <= 0x10FFFF, $"Print U+{codePoint:X4}");
        _text.Append(char.ConvertFromUtf32(codePoint));
    }

    public void PrintText(ReadOnlySpan<int> text)
    {
        Assert.False(text.IsEmpty, "PrintText with no text");
        foreach (int codePoint in text)
        {
            Print(codePoint);
        }
    }

    public void Execute(int control)
    {
        Assert.True(control is >= 0 and < 0x20 or >= 0x80 and < 0xA0, $"Execute {control:X2}");
        Add($"exec {control:X2}");
    }

    public void CsiDispatch(in CsiParams parameters, byte marker, ReadOnlySpan<byte> intermediates, byte final)
    {
        var sb = new StringBuilder("csi ");
        if (marker != 0)
            sb.Append((char)marker);
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
                sb.Append(parameters.IsSubParameter(i) ? ':' : ';');
            sb.Append(parameters[i] switch { CsiParams.Missing => "_", CsiParams.TooLarge => "+", int v => v.ToString() });
        }
        sb.Append(' ').Append(Encoding.Latin1.GetString(intermediates)).Append(final == VtParser.NonAsciiFinal ? "<non-ascii>" : ((char)final).ToString());
        Add(sb.ToString());
    }

    public void EscDispatch(ReadOnlySpan<byte> intermediates, byte final)
        => Add("esc " + Encoding.Latin1.GetString(intermediates) + (final == VtParser.NonAsciiFinal ? "<non-ascii>" : ((char)final).ToString()));

    public void OscDispatch(ReadOnlySpan<byte> payload)
    {
        Assert.True(System.Text.Unicode.Utf8.IsValid(payload));
        Add("osc " + Encoding.UTF8.GetString(payload));
    }

    private void Add(string e)
    {
        FlushText();
        Events.Add(e);
    }

    private void FlushText()
    {
        if (_text.Length > 0)
        {
            Events.Add("print " + _text);
            _text.Clear();
        }
    }

    /// <summary>All events so far, text flushed.</summary>
    public List<string> Transcript()
    {
        FlushText();
        return Events;
    }

    /// <summary>Parses <paramref name="input"/> in one piece with a fresh parser.</summary>
    public static List<string> Parse(ReadOnlySpan<byte> input)
    {
        var parser = new VtParser();
        var rec = new RecordingPerformer();
        parser.Advance(rec, input);
        return rec.Transcript();
    }

    public static List<string> Parse(string latin1OrUtf8) => Parse(Encoding.UTF8.GetBytes(latin1OrUtf8));
}
