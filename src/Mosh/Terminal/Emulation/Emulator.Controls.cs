using System.Runtime.CompilerServices;
using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Emulation;

/// <summary>The emulator's C0/C1 controls and escape sequences (§8.3, §8.4).</summary>
public readonly partial struct Emulator
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int control)
    {
        Framebuffer fb = _fb;
        fb.LastGraphic = 0;
        switch (control)
        {
            case 0x09:
                HorizontalTab(fb, 1);
                return;
            // SO / SI: G1 or G0 into GL. Like xterm and tmux, they keep a pending wrap (a line
            // drawn up to the last column is often followed by SI).
            case 0x0E:
                fb.Charsets.ShiftOut = true;
                return;
            case 0x0F:
                fb.Charsets.ShiftOut = false;
                return;
            case 0x9C:
                // ST (also ESC \, which the parser turns into it) ends a string and does nothing
                // else. 1.4.0 takes ESC \ for an unknown escape, which clears a pending wrap;
                // xterm and tmux do not, and a link or title that ends at a line end must not
                // move the next character (§9).
                return;
        }
        fb.NextPrintWillWrap = false;
        switch (control)
        {
            case 0x07:
                fb.BellCount++;
                break;
            case 0x08:
                MoveColumn(fb, -1, true);
                break;
            case 0x0A or 0x0B or 0x0C or 0x84:
                MoveRowsAutoscroll(fb, 1);
                break;
            case 0x0D:
                MoveColumn(fb, 0, false);
                break;
            case 0x85:
                MoveColumn(fb, 0, false);
                MoveRowsAutoscroll(fb, 1);
                break;
            case 0x88:
                fb.SetTabStop(fb.CursorColumn, true);
                break;
            case 0x8D:
                MoveRowsAutoscroll(fb, -1);
                break;
        }
    }

    public void EscDispatch(ReadOnlySpan<byte> intermediates, byte final)
    {
        Framebuffer fb = _fb;
        fb.LastGraphic = 0;
        if (intermediates.Length == 1 && intermediates[0] is (byte)'(' or (byte)')')
        {
            // SCS: designate G0 / G1 (not in 1.4.0). Keeps a pending wrap, as in xterm.
            if (CharacterSets.TryParse(final, out CharacterSet set))
            {
                if (intermediates[0] == (byte)'(')
                    fb.Charsets.G0 = set;
                else
                    fb.Charsets.G1 = set;
            }
            return;
        }
        if (intermediates.IsEmpty && final == (byte)'7')
        {
            // DECSC saves the pending wrap and, as in xterm and tmux, leaves it in place.
            SaveCursor(fb, ref fb.Saved);
            return;
        }
        if (intermediates.IsEmpty && final == (byte)'8')
        {
            RestoreCursor(fb, fb.Saved);
            return;
        }
        fb.NextPrintWillWrap = false;
        if (intermediates.IsEmpty)
        {
            switch (final)
            {
                case (byte)'c':
                    fb.Reset();
                    break;
                // ESC = and ESC > (DECKPAM/DECKPNM) get only what every escape gets: keypad mode
                // is not synchronized to the client, so nothing would read it.
            }
        }
        else if (intermediates.Length == 1 && intermediates[0] == (byte)'#' && final == (byte)'8')
        {
            ScreenAlignment(fb);
        }
    }

    /// <summary>
    /// DECALN: every cell an 'E'. Upstream resets each cell first, so it keeps the current
    /// background. One shared row for the whole screen: the cost is the width plus the height.
    /// </summary>
    private static void ScreenAlignment(Framebuffer fb)
    {
        Cell e = new((byte)'E', new Renditions(default, fb.CurrentRenditions.Background, 0), 0);
        Row filled = fb.SharedFilledRow(e, e, softWrapped: false);
        for (int y = 0; y < fb.Height; y++)
        {
            fb.PutSharedRow(y, filled);
        }
    }
}
