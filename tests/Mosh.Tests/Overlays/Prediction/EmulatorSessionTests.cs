using System.Text;
using Mosh.Overlays.Prediction;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;
using static Mosh.Tests.Overlays.Screens;

namespace Mosh.Tests.Overlays.Prediction;

/// <summary>Predictions judged against frames the real emulator produced from a shell's output.</summary>
public class EmulatorSessionTests
{
    private static void Host(VirtualTerminal vt, string s) => vt.Write(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void ShellLineEditing()
    {
        var vt = new VirtualTerminal(40, 5);
        Host(vt, "\x1b[1;32muser\x1b[m$ ");
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), vt.Framebuffer, sendInterval: 100);

        s.Type("l", 0);
        Assert.Equal("user$", Text(s.Display(10), 0)); // first keystroke: tentative
        Host(vt, "l");
        s.AckAll();
        s.Display(60);

        s.Type("s", 100);
        var d = s.Display(110);
        Assert.Equal("user$ ls", Text(d, 0));
        Assert.True(Underlined(d, 0, 7)); // slow link: flagged
        Assert.False(d.GetRow(0)[7].Renditions.Has(RenditionAttributes.Bold)); // renditions of 'l', not of the prompt

        s.Type("\r", 120);
        d = s.Display(130);
        Assert.Equal(0, d.CursorRow); // the new line is a new epoch: not shown yet

        Host(vt, "s\r\nfile\r\n\x1b[1;32muser\x1b[m$ ");
        s.AckAll();
        d = s.Display(200);
        Assert.Equal("user$ ls", Text(d, 0));
        Assert.Equal("file", Text(d, 1));
        Assert.Equal(2, d.CursorRow);
        Assert.Equal(6, d.CursorColumn);
        Assert.False(Underlined(d, 0, 7));
    }

    [Fact]
    public void BackspaceAgainstTheEmulatorsEcho()
    {
        var vt = new VirtualTerminal(40, 5);
        Host(vt, "$ ");
        var s = new PredictionSession(new PredictionEngine(PredictionDisplayMode.Always), vt.Framebuffer, sendInterval: 40);
        s.Type("a", 0);
        Host(vt, "a");
        s.AckAll();
        s.Display(60);

        s.Type("bc", 100);
        s.Type("\x7f", 110);
        var d = s.Display(120);
        Assert.Equal("$ ab", Text(d, 0));
        Assert.Equal(4, d.CursorColumn);

        Host(vt, "bc\b \b"); // what a line editor echoes for backspace
        s.AckAll();
        d = s.Display(200);
        Assert.Equal("$ ab", Text(d, 0));
        Assert.Equal(4, d.CursorColumn);
        Assert.False(s.Engine.HasOutstanding());
    }
}
