namespace Mosh.Terminal.Screen;

/// <summary>
/// The title stack (<c>CSI 22 ; Ps t</c> pushes, <c>CSI 23 ; Ps t</c> pops; Ps 0 both, 1 the
/// icon name, 2 the window title), as xterm and tmux keep it. Full-screen programs push at start
/// and pop at exit (xterm's terminfo puts both in smcup/rmcup), so the title they set goes away
/// with them. Local to the emulator: only the titles it restores are synchronized.
/// </summary>
public sealed partial class Framebuffer
{
    private TitleStack? _titleStack;

    internal void PushTitles()
    {
        _titleStack = new TitleStack(WindowTitle.ToArray(), WindowTitleSet, IconName.ToArray(), IconNameSet, _titleStack);
    }

    internal void PopTitles(bool title, bool iconName)
    {
        TitleStack? top = _titleStack;
        if (top is null)
        {
            return;
        }
        _titleStack = top.Below;
        if (title)
        {
            top.Title.CopyTo(_title);
            _titleLength = top.Title.Length;
            WindowTitleSet = top.TitleSet;
        }
        if (iconName)
        {
            top.IconName.CopyTo(_iconName);
            _iconNameLength = top.IconName.Length;
            IconNameSet = top.IconNameSet;
        }
    }
}
