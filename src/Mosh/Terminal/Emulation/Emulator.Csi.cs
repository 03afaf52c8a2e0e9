using System.Buffers.Text;
using Mosh.Terminal.Parser;
using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Emulation;

/// <summary>The emulator's control sequences: cursor, erase, edit, scroll region, modes, SGR (§8.5–§8.7).</summary>
public readonly partial struct Emulator
{
    public void CsiDispatch(in CsiParams p, byte marker, ReadOnlySpan<byte> intermediates, byte final)
    {
        Framebuffer fb = _fb;
        int lastGraphic = fb.LastGraphic;
        fb.LastGraphic = 0;
        if (marker == 0 && intermediates.IsEmpty)
        {
            DispatchPlainCsi(fb, p, final, lastGraphic);
        }
        else if (marker == (byte)'?' && intermediates.IsEmpty && (final == (byte)'h' || final == (byte)'l'))
        {
            SetPrivateModes(fb, p, final == (byte)'h'); // keeps the wrap flag
        }
        else if (marker == (byte)'>' && intermediates.IsEmpty && final == (byte)'c')
        {
            fb.NextPrintWillWrap = false;
            _replies.Append("\e[>1;10;0c"u8);
        }
        else if (marker == 0 && intermediates.Length == 1 && intermediates[0] == (byte)'!' && final == (byte)'p')
        {
            fb.NextPrintWillWrap = false;
            SoftReset(fb);
        }
        else
        {
            fb.NextPrintWillWrap = false; // unknown sequence
        }
    }

    private void DispatchPlainCsi(Framebuffer fb, in CsiParams p, byte final, int lastGraphic)
    {
        switch (final)
        {
            case (byte)'m':
                SelectGraphicRendition(fb, p); // keeps the wrap flag
                return;
            case (byte)'I':
                HorizontalTab(fb, p.Get(0, 1));
                return;
            case (byte)'Z':
                HorizontalTab(fb, -p.Get(0, 1));
                return;
            case (byte)'g':
                switch (p.Get(0, 0))
                {
                    case 0:
                        fb.SetTabStop(fb.CursorColumn, false);
                        break;
                    case 3:
                        fb.DefaultTabs = false;
                        fb.ClearAllTabStops();
                        break;
                }
                return;
        }

        fb.NextPrintWillWrap = false;
        switch (final)
        {
            case (byte)'@':
            {
                Row row = fb.GetMutableRow(fb.CursorRow);
                row.InsertCells(fb.CursorColumn, p.Get(0, 1), fb.CurrentRenditions.Background);
                row.SoftWrapped = false;
                break;
            }
            case (byte)'P':
            {
                Row row = fb.GetMutableRow(fb.CursorRow);
                row.DeleteCells(fb.CursorColumn, p.Get(0, 1), fb.CurrentRenditions.Background);
                row.SoftWrapped = false;
                break;
            }
            case (byte)'A':
                MoveRow(fb, -p.Get(0, 1), true);
                break;
            case (byte)'B':
                MoveRow(fb, p.Get(0, 1), true);
                break;
            case (byte)'C':
                MoveColumn(fb, p.Get(0, 1), true);
                break;
            case (byte)'D':
                MoveColumn(fb, -p.Get(0, 1), true);
                break;
            case (byte)'E': // CNL (not in 1.4.0)
                MoveRow(fb, p.Get(0, 1), true);
                MoveColumn(fb, 0, false);
                break;
            case (byte)'F': // CPL (not in 1.4.0)
                MoveRow(fb, -p.Get(0, 1), true);
                MoveColumn(fb, 0, false);
                break;
            case (byte)'G' or (byte)'`':
                MoveColumn(fb, p.Get(0, 1) - 1, false);
                break;
            case (byte)'H' or (byte)'f':
                MoveRow(fb, p.Get(0, 1) - 1, false);
                MoveColumn(fb, p.Get(1, 1) - 1, false);
                break;
            case (byte)'d':
                MoveRow(fb, p.Get(0, 1) - 1, false);
                break;
            case (byte)'J':
                EraseInDisplay(fb, p.Get(0, 0));
                break;
            case (byte)'K':
                EraseInLine(fb, p.Get(0, 0));
                break;
            case (byte)'L':
                InsertLines(fb, p.Get(0, 1));
                MoveColumn(fb, 0, false);
                break;
            case (byte)'M':
                DeleteLines(fb, p.Get(0, 1));
                MoveColumn(fb, 0, false);
                break;
            case (byte)'S':
                fb.ScrollUp(fb.ScrollTop, fb.ScrollBottom, p.Get(0, 1));
                break;
            case (byte)'T':
                fb.ScrollDown(fb.ScrollTop, fb.ScrollBottom, p.Get(0, 1));
                break;
            case (byte)'X':
            {
                int end = (int)Math.Min((long)fb.CursorColumn + p.Get(0, 1) - 1, fb.Width - 1);
                ClearCells(fb, fb.CursorRow, fb.CursorColumn, end);
                break;
            }
            case (byte)'b': // REP (not in 1.4.0): repeat the preceding graphic character
                Repeat(fb, lastGraphic, p.Get(0, 1));
                break;
            case (byte)'c':
                _replies.Append("\e[?62c"u8);
                break;
            case (byte)'n':
                DeviceStatusReport(fb, p.Get(0, 0));
                break;
            case (byte)'h' or (byte)'l':
                for (int i = 0; i < Math.Max(p.Count, 1); i++)
                {
                    if (p.Get(i, 0) == 4)
                    {
                        fb.WritableModes.InsertMode = final == (byte)'h';
                    }
                }
                break;
            case (byte)'r':
                SetScrollingRegion(fb, p);
                break;
            case (byte)'s': // SCOSC (not in 1.4.0)
                SaveCursor(fb, ref fb.Saved);
                break;
            case (byte)'u': // SCORC (not in 1.4.0)
                RestoreCursor(fb, fb.Saved);
                break;
        }
    }

    private void Repeat(Framebuffer fb, int codePoint, int count)
    {
        if (codePoint == 0)
        {
            return;
        }
        // count ≤ 65535 (the parser's parameter limit), which bounds the work per sequence.
        if (codePoint < 0x80)
        {
            Span<byte> run = stackalloc byte[256];
            run.Fill((byte)codePoint);
            while (count > 0)
            {
                int n = Math.Min(count, run.Length);
                PrintAscii(run[..n]);
                count -= n;
            }
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                Print(codePoint);
            }
        }
        fb.LastGraphic = codePoint;
    }

    private static void EraseInDisplay(Framebuffer fb, int mode)
    {
        switch (mode)
        {
            case 0:
                ClearCells(fb, fb.CursorRow, fb.CursorColumn, fb.Width - 1);
                for (int y = fb.CursorRow + 1; y < fb.Height; y++)
                {
                    fb.ResetRow(y);
                }
                break;
            case 1:
                for (int y = 0; y < fb.CursorRow; y++)
                {
                    fb.ResetRow(y);
                }
                ClearCells(fb, fb.CursorRow, 0, fb.CursorColumn);
                break;
            case 2:
                for (int y = 0; y < fb.Height; y++)
                {
                    fb.ResetRow(y);
                }
                break;
        }
    }

    private static void EraseInLine(Framebuffer fb, int mode)
    {
        switch (mode)
        {
            case 0:
                ClearCells(fb, fb.CursorRow, fb.CursorColumn, fb.Width - 1);
                break;
            case 1:
                ClearCells(fb, fb.CursorRow, 0, fb.CursorColumn);
                break;
            case 2:
                fb.ResetRow(fb.CursorRow);
                break;
        }
    }

    private static void InsertLines(Framebuffer fb, int count)
    {
        int row = fb.CursorRow;
        if (row >= fb.ScrollTop && row <= fb.ScrollBottom)
        {
            fb.ScrollDown(row, fb.ScrollBottom, count);
        }
    }

    private static void DeleteLines(Framebuffer fb, int count)
    {
        int row = fb.CursorRow;
        if (row >= fb.ScrollTop && row <= fb.ScrollBottom)
        {
            fb.ScrollUp(row, fb.ScrollBottom, count);
        }
    }

    private static void SetScrollingRegion(Framebuffer fb, in CsiParams p)
    {
        int height = fb.Height;
        int top = p.Get(0, 1);
        int bottom = p.Get(1, height);
        if (bottom <= top || top > height)
        {
            return; // invalid: ignored, as xterm does
        }
        fb.ScrollTop = Math.Max(top - 1, 0);
        fb.ScrollBottom = Math.Max(Math.Min(bottom - 1, height - 1), fb.ScrollTop);
        if (fb.Modes.OriginMode)
        {
            SnapRow(fb);
            NewGrapheme(fb);
        }
        MoveRow(fb, 0, false);
        MoveColumn(fb, 0, false);
    }

    private void DeviceStatusReport(Framebuffer fb, int what)
    {
        if (what == 5)
        {
            _replies.Append("\e[0n"u8);
        }
        else if (what == 6)
        {
            Span<byte> reply = stackalloc byte[32];
            reply[0] = 0x1B;
            reply[1] = (byte)'[';
            int n = 2;
            Utf8Formatter.TryFormat(fb.CursorRow + 1, reply[n..], out int written);
            n += written;
            reply[n++] = (byte)';';
            Utf8Formatter.TryFormat(fb.CursorColumn + 1, reply[n..], out written);
            n += written;
            reply[n++] = (byte)'R';
            _replies.Append(reply[..n]);
        }
    }

    private static void SoftReset(Framebuffer fb)
    {
        ref TerminalModes modes = ref fb.WritableModes;
        modes.InsertMode = false;
        modes.OriginMode = false;
        modes.CursorVisible = true;
        modes.ApplicationCursorKeys = false;
        fb.ScrollTop = 0;
        fb.ScrollBottom = fb.Height - 1;
        fb.CurrentRenditions = default;
        fb.Saved = SavedCursor.Initial;
    }

    private static void SetPrivateModes(Framebuffer fb, in CsiParams p, bool on)
    {
        ref TerminalModes modes = ref fb.WritableModes;
        int count = Math.Max(p.Count, 1);
        for (int i = 0; i < count; i++)
        {
            int mode = p.Get(i, 0);
            switch (mode)
            {
                case 9 or 1000 or 1001 or 1002 or 1003:
                    modes.MouseReporting = on ? (MouseReportingMode)mode : MouseReportingMode.None;
                    break;
                case 1005 or 1006 or 1015:
                    modes.MouseEncoding = on ? (MouseEncoding)mode : MouseEncoding.Default;
                    break;
                case 1:
                    modes.ApplicationCursorKeys = on;
                    break;
                case 3:
                    // DECCOLM: no width change, but the screen is cleared and the cursor homed.
                    MoveRow(fb, 0, false);
                    MoveColumn(fb, 0, false);
                    for (int y = 0; y < fb.Height; y++)
                    {
                        fb.ResetRow(y);
                    }
                    break;
                case 5:
                    modes.ReverseVideo = on;
                    break;
                case 6:
                    // Homed with the old origin mode still in effect (as upstream).
                    MoveRow(fb, 0, false);
                    MoveColumn(fb, 0, false);
                    modes.OriginMode = on;
                    break;
                case 7:
                    modes.AutoWrapMode = on;
                    break;
                case 25:
                    modes.CursorVisible = on;
                    break;
                case 1004:
                    modes.FocusEvents = on;
                    break;
                case 1007:
                    modes.AlternateScroll = on;
                    break;
                case 2004:
                    modes.BracketedPaste = on;
                    break;
                case 47 or 1047:
                    if (on)
                    {
                        fb.EnterAlternateScreenRows();
                    }
                    else
                    {
                        fb.LeaveAlternateScreenRows();
                    }
                    break;
                case 1049:
                    if (on && !fb.AlternateScreenActive)
                    {
                        SaveCursor(fb, ref fb.SavedForAlternateScreen);
                        fb.EnterAlternateScreenRows();
                        fb.NextPrintWillWrap = false;
                    }
                    else if (!on && fb.AlternateScreenActive)
                    {
                        fb.LeaveAlternateScreenRows();
                        RestoreCursor(fb, fb.SavedForAlternateScreen);
                        fb.NextPrintWillWrap = false;
                    }
                    break;
            }
        }
    }

    private static void SelectGraphicRendition(Framebuffer fb, in CsiParams p)
    {
        Renditions r = fb.CurrentRenditions;
        int count = Math.Max(p.Count, 1);
        for (int i = 0; i < count; i++)
        {
            int v = p.Get(i, 0);
            if ((v == 38 || v == 48) && count - i >= 3 && p.Get(i + 1, -1) == 5)
            {
                int index = p.Get(i + 2, 0);
                if (index <= 255)
                {
                    Color c = Color.Palette(index);
                    r = v == 38 ? r.WithForeground(c) : r.WithBackground(c);
                }
                i += 2;
                continue;
            }
            if ((v == 38 || v == 48) && count - i >= 5 && p.Get(i + 1, -1) == 2)
            {
                Color c = Color.Rgb(Math.Min(p.Get(i + 2, 0), 255), Math.Min(p.Get(i + 3, 0), 255), Math.Min(p.Get(i + 4, 0), 255));
                r = v == 38 ? r.WithForeground(c) : r.WithBackground(c);
                i += 4;
                continue;
            }
            r = ApplyRendition(r, v);
        }
        fb.CurrentRenditions = r;
    }

    private static Renditions ApplyRendition(Renditions r, int v)
    {
        switch (v)
        {
            case 0:
                return default;
            case 39:
                return r.WithForeground(default);
            case 49:
                return r.WithBackground(default);
            case >= 30 and <= 37:
                return r.WithForeground(Color.Palette(v - 30));
            case >= 40 and <= 47:
                return r.WithBackground(Color.Palette(v - 40));
            case >= 90 and <= 97:
                return r.WithForeground(Color.Palette(v - 90 + 8));
            case >= 100 and <= 107:
                return r.WithBackground(Color.Palette(v - 100 + 8));
            case 1 or 22:
                return r.With(RenditionAttributes.Bold, v == 1);
            case 3 or 23:
                return r.With(RenditionAttributes.Italic, v == 3);
            case 4 or 24:
                return r.With(RenditionAttributes.Underline, v == 4);
            case 5 or 25:
                return r.With(RenditionAttributes.Blink, v == 5);
            case 7 or 27:
                return r.With(RenditionAttributes.Inverse, v == 7);
            case 8 or 28:
                return r.With(RenditionAttributes.Invisible, v == 8);
            default:
                return r; // 2 faint, 9 strike, 21, 53, …: not representable for a 1.4.0 client
        }
    }
}
