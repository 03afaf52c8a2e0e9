using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Emulation;

/// <summary>The emulator's C0/C1 controls and escape sequences (§8.3, §8.4).</summary>
public readonly partial struct Emulator
{
    public void Execute(int control)
    {
        Framebuffer fb = _fb;
        fb.LastGraphic = 0;
        if (control == 0x09)
        {
            HorizontalTab(fb, 1);
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
        fb.NextPrintWillWrap = false;
        if (intermediates.IsEmpty)
        {
            switch (final)
            {
                case (byte)'c':
                    fb.Reset();
                    break;
                case (byte)'7':
                    SaveCursor(fb, ref fb.Saved);
                    break;
                case (byte)'8':
                    RestoreCursor(fb, fb.Saved);
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

    /// <summary>DECALN: every cell an 'E'. Upstream resets each cell first, so it keeps the current background.</summary>
    private static void ScreenAlignment(Framebuffer fb)
    {
        Cell e = new((byte)'E', new Renditions(default, fb.CurrentRenditions.Background, 0), 0);
        for (int y = 0; y < fb.Height; y++)
        {
            Row row = fb.GetMutableRow(y);
            row.WritableCells.Fill(e);
            row.SoftWrapped = false;
        }
    }
}
