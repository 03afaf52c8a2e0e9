using System.Runtime.CompilerServices;
using System.Buffers.Text;
using Mosh.Terminal.Parser;
using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Emulation;

/// <summary>The emulator's control sequences: cursor, erase, edit, scroll region, modes, SGR (§8.5–§8.7).</summary>
public readonly partial struct Emulator
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            case (byte)'s': // SCOSC (not in 1.4.0): DECSC, which keeps a pending wrap
                SaveCursor(fb, ref fb.Saved);
                return;
            case (byte)'u': // SCORC (not in 1.4.0)
                RestoreCursor(fb, fb.Saved);
                return;
            case (byte)'b':
                // REP (not in 1.4.0): prints like the characters it repeats, pending wrap included.
                Repeat(fb, lastGraphic, p[0] == CsiParams.TooLarge ? VtParser.MaxParamValue : p.Get(0, 1));
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
                BlankWideCharacterLeftOf(fb, row, fb.CursorColumn);
                row.InsertCells(fb.CursorColumn, p.Get(0, 1), fb.CurrentRenditions.Background);
                row.SoftWrapped = false;
                DropSplitWideCharacter(fb, row);
                break;
            }
            case (byte)'P':
            {
                Row row = fb.GetMutableRow(fb.CursorRow);
                BlankWideCharacterLeftOf(fb, row, fb.CursorColumn);
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
                fb.ScrollUpIntoHistory(fb.ScrollTop, fb.ScrollBottom, p.Get(0, 1));
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
            case (byte)'t':
                // XTWINOPS (not in 1.4.0): only the title stack; nothing that resizes or reports.
                int which = p.Get(1, 0);
                if (p.Get(0, 0) == 22 && which is 0 or 1 or 2)
                {
                    fb.PushTitles();
                }
                else if (p.Get(0, 0) == 23 && which is 0 or 1 or 2)
                {
                    fb.PopTitles(title: which != 1, iconName: which != 2);
                }
                break;
        }
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
        fb.Charsets = default;
        fb.CurrentHyperlink = 0;
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
                    // Independent switches (as tmux); 1.4.0 keeps one and any reset clears it.
                    MouseEncoding bit = MouseEncodingModes.FromMode(mode);
                    modes.MouseEncoding = on ? modes.MouseEncoding | bit : modes.MouseEncoding & ~bit;
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
                    // As xterm (and tmux on leaving): set saves the cursor and shows a cleared
                    // alternate screen, even when it is already shown; reset goes back to the main
                    // screen if needed and restores the cursor in any case. Programs such as
                    // dialog leave the alternate screen early, draw on the main one and send the
                    // reset again at exit, expecting the cursor back where they started.
                    if (on)
                    {
                        SaveCursor(fb, ref fb.SavedForAlternateScreen);
                        if (fb.AlternateScreenActive)
                        {
                            for (int y = 0; y < fb.Height; y++)
                            {
                                fb.ResetRow(y);
                            }
                        }
                        else
                        {
                            fb.EnterAlternateScreenRows();
                        }
                    }
                    else
                    {
                        fb.LeaveAlternateScreenRows();
                        RestoreCursor(fb, fb.SavedForAlternateScreen);
                    }
                    fb.NextPrintWillWrap = false;
                    break;
            }
        }
    }

    /// <summary>
    /// SGR (§8.7): 1.4.0's semicolon forms, plus faint, strikethrough, overline, the underline
    /// styles and colour, and the colon forms of 38/48/58 (<c>38:2::r:g:b</c>, <c>38:2:r:g:b</c>,
    /// <c>38:5:n</c>, <c>4:3</c>), as xterm and tmux read them.
    /// </summary>
    private static void SelectGraphicRendition(Framebuffer fb, in CsiParams p)
    {
        Renditions r = fb.CurrentRenditions;
        int count = Math.Max(p.Count, 1);
        for (int i = 0; i < count; i++)
        {
            int v = p.Get(i, 0);
            int group = 1;
            while (p.IsSubParameter(i + group))
            {
                group++;
            }
            if (group > 1)
            {
                r = ApplyColonGroup(r, p, i, group);
                i += group - 1;
                continue;
            }
            if ((v == 38 || v == 48 || v == 58) && count - i >= 3 && p.Get(i + 1, -1) == 5 && !p.IsSubParameter(i + 2))
            {
                int index = p.Get(i + 2, 0);
                if (index <= 255)
                {
                    r = WithColor(r, v, Color.Palette(index));
                }
                i += 2;
                continue;
            }
            if ((v == 38 || v == 48 || v == 58) && count - i >= 5 && p.Get(i + 1, -1) == 2 && !p.IsSubParameter(i + 2))
            {
                Color c = Color.Rgb(Math.Min(p.Get(i + 2, 0), 255), Math.Min(p.Get(i + 3, 0), 255), Math.Min(p.Get(i + 4, 0), 255));
                r = WithColor(r, v, c);
                i += 4;
                continue;
            }
            r = ApplyRendition(r, v);
        }
        fb.CurrentRenditions = r;
    }

    private static Renditions WithColor(Renditions r, int which, Color c) => which switch
    {
        38 => r.WithForeground(c),
        48 => r.WithBackground(c),
        _ => r.WithUnderlineColor(c),
    };

    /// <summary>One parameter with its sub-parameters (<paramref name="length"/> values from <paramref name="at"/>).</summary>
    private static Renditions ApplyColonGroup(Renditions r, in CsiParams p, int at, int length)
    {
        int v = p[at];
        if (v == 4)
        {
            // 4:0 none, 4:1 single, 4:2 double, 4:3 curly, 4:4 dotted, 4:5 dashed.
            int style = p[at + 1];
            return style is >= 0 and <= 5 ? r.WithUnderline((UnderlineStyle)style) : r;
        }
        if (v is 38 or 48 or 58)
        {
            int kind = p[at + 1];
            if (kind == 5 && length >= 3 && p[at + 2] is >= 0 and <= 255)
            {
                return WithColor(r, v, Color.Palette(p[at + 2]));
            }
            if (kind == 2 && length >= 5)
            {
                // 38:2:<colour space>:r:g:b (ITU T.416) or the common 38:2:r:g:b.
                int first = length >= 6 ? at + 3 : at + 2;
                int red = p[first], green = p[first + 1], blue = p[first + 2];
                if (red >= 0 && green >= 0 && blue >= 0)
                {
                    return WithColor(r, v, Color.Rgb(Math.Min(red, 255), Math.Min(green, 255), Math.Min(blue, 255)));
                }
            }
        }
        return r; // anything else with sub-parameters: ignored, as xterm does
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
            case 59:
                return r.WithUnderlineColor(default);
            case >= 30 and <= 37:
                return r.WithForeground(Color.Palette(v - 30));
            case >= 40 and <= 47:
                return r.WithBackground(Color.Palette(v - 40));
            case >= 90 and <= 97:
                return r.WithForeground(Color.Palette(v - 90 + 8));
            case >= 100 and <= 107:
                return r.WithBackground(Color.Palette(v - 100 + 8));
            case 1:
                return r.With(RenditionAttributes.Bold, true);
            case 2:
                return r.With(RenditionAttributes.Faint, true);
            case 22:
                return r.With(RenditionAttributes.Bold | RenditionAttributes.Faint, false);
            case 3 or 23:
                return r.With(RenditionAttributes.Italic, v == 3);
            case 4:
                return r.WithUnderline(UnderlineStyle.Single);
            case 21:
                return r.WithUnderline(UnderlineStyle.Double);
            case 24:
                return r.WithUnderline(UnderlineStyle.None);
            case 5 or 25:
                return r.With(RenditionAttributes.Blink, v == 5);
            case 7 or 27:
                return r.With(RenditionAttributes.Inverse, v == 7);
            case 8 or 28:
                return r.With(RenditionAttributes.Invisible, v == 8);
            case 9 or 29:
                return r.With(RenditionAttributes.Strikethrough, v == 9);
            case 53 or 55:
                return r.With(RenditionAttributes.Overline, v == 53);
            default:
                return r; // 6 rapid blink, 51/52 frames, fonts, …: not kept
        }
    }
}
