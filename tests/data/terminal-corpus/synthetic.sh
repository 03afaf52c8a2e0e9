#!/usr/bin/env bash
# Writes the synthetic streams of the terminal corpus: one feature per file, printf only.
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C.UTF-8
E=$'\033'

{   # 8 colours, bright colours, attributes
    for a in 0 1 3 4 5 7 8; do printf '%s[%smattr%s%s[0m ' "$E" "$a" "$a" "$E"; done; printf '\r\n'
    for c in 0 1 2 3 4 5 6 7; do printf '%s[3%sm fg%s %s[4%sm bg%s %s[0m' "$E" "$c" "$c" "$E" "$c" "$c" "$E"; done; printf '\r\n'
    for c in 0 1 2 3 4 5 6 7; do printf '%s[9%sm br%s %s[10%sm bb%s %s[0m' "$E" "$c" "$c" "$E" "$c" "$c" "$E"; done; printf '\r\n'
    printf '%s[1;4;31;43mbold underline red on yellow%s[22;24mplain%s[39mdefault fg%s[49m\r\n' "$E" "$E" "$E" "$E"
    printf '%s[7;32mreverse green%s[27m not%s[0m\r\n' "$E" "$E" "$E"
} >sgr-16.bin

{   # the 256-colour palette as foreground and background
    for i in $(seq 0 255); do
        printf '%s[38;5;%sm%3s%s[48;5;%sm %s[0m' "$E" "$i" "$i" "$E" "$((255 - i))" "$E"
        if (( i % 16 == 15 )); then printf '\r\n'; fi
    done
} >sgr-256.bin

{   # true colour gradients
    for r in 0 64 128 192 255; do
        for g in $(seq 0 16 255); do printf '%s[48;2;%s;%s;%sm%s[38;2;%s;%s;%sm#' "$E" "$r" "$g" "$((255 - g))" "$E" "$((255 - r))" "$g" 40; done
        printf '%s[0m\r\n' "$E"
    done
} >sgr-truecolor.bin

{   # wide characters, including one that does not fit in the last column
    printf '日本語のテキスト、中文字符，한국어 텍스트\r\n'
    printf 'ascii then wide: ａｂｃ１２３ and emoji 😀 end\r\n'
    printf '%079d世after the wrap\r\n' 0
    printf '%078d世\r\n' 0
    printf '%s[10;79H字%s[10;1Hover' "$E" "$E"
    # x over the right half of 界 blanks its left half (xterm). Not at column 0: tmux 3.3 keeps
    # a wide character in column 0 whose right half is overwritten (a tmux quirk).
    printf '%s[12;3H世界世界%s[12;6Hx%s[13;1H' "$E" "$E" "$E"
} >wide-cjk.bin

{   # combining marks on base characters
    printf 'cafe\xcc\x81 nai\xcc\x88ve  a\xcc\x8a\xcc\x81 o\xcc\x83\r\n'
    printf 'Z\xcd\x91\xcd\x8a\xcc\x94a\xcc\x81l\xcc\x83g\xcc\x84o\xcc\x86\r\n'
    printf '%079de\xcc\x81\r\n' 0
    printf 'wide+mark: 日\xcc\x81本\r\n'
} >combining.bin

{   # scroll region, index and reverse index, SU/SD, IL/DL
    for i in $(seq 1 24); do printf 'line %02d %s\r\n' "$i" "$(printf '=%.0s' $(seq 1 $i))"; done
    printf '%s[5;15r%s[15;1H' "$E" "$E"
    for i in 1 2 3; do printf 'scrolled in %s\n\r' "$i"; done
    printf '%s[5;1H%sM%sMreverse-indexed' "$E" "$E" "$E"
    printf '%s[2S%s[1T' "$E" "$E"
    printf '%s[8;1H%s[2Linserted%s[12;1H%s[1M' "$E" "$E" "$E" "$E"
    printf '%s[r%s[20;5Hafter reset%s[44m%s[24;1H\n\n%s[0mbce scroll' "$E" "$E" "$E" "$E" "$E"
} >scroll-region.bin

{   # auto-wrap at the right edge, soft-wrapped paragraphs, a wrap that scrolls the screen
    printf '%080d' 0; printf 'exactly one line above, this continues\r\n'
    for i in $(seq 1 6); do printf 'wrapped paragraph %s: ' "$i"; printf 'word%.0s ' $(seq 1 30); printf '\r\n'; done
    printf '%s[24;1H' "$E"; printf '%080d' 7; printf '%s[31m' "$E"; printf 'spills and scrolls\r\n'
    printf '%s[0m%s[10;1H%080d' "$E" "$E" 9
} >wrap-edge.bin

{   # cursor movement, tabs, backspace, save/restore
    printf 'A\tB\tC\tD\tE\tF\tG\tH\tI\tJ\r\n'
    printf '%s[5;10Hcup%s[2Aup%s[3Bdown%s[10Cright%s[20Dleft' "$E" "$E" "$E" "$E" "$E"
    printf '%s[15Gcha%s[12dvpa%s[3;70H%s7saved%s[20;20Hmoved%s8R' "$E" "$E" "$E" "$E" "$E" "$E"
    printf '%s[14;1Habcdef\b\b\bXY%s[14;40H%s[3gno tabs\tT' "$E" "$E" "$E"
    printf '%s[16;1H%s[999;999Hcorner%s[1;1H%s[5Bhome+5' "$E" "$E" "$E" "$E"
} >cursor-moves.bin

{   # a vttest-like screen: DECALN, a box, erases of every kind
    printf '%s#8' "$E"
    printf '%s[3;10H%s[1K%s[4;10H%s[K%s[5;10H%s[2K' "$E" "$E" "$E" "$E" "$E" "$E"
    printf '%s[7;20H%s[12X%s[9;40H%s[1J' "$E" "$E" "$E" "$E"
    printf '%s[20;60H%s[0J' "$E" "$E"
    printf '%s[12;5H┌──────────┐%s[13;5H│ vt box   │%s[14;5H└──────────┘' "$E" "$E" "$E"
    printf '%s[16;1H%s[4@%s[17;1H%s[3P' "$E" "$E" "$E" "$E"
    printf '%s[18;1H%s[4hINS%s[4l' "$E" "$E" "$E"
} >vttest-erase.bin

{   # background colour erase: erased cells keep the current background
    printf '%s[44mblue bg line%s[K\r\n' "$E" "$E"
    printf '%s[41m%s[5;1H%s[2K%s[6;10H%s[20X' "$E" "$E" "$E" "$E" "$E"
    printf '%s[42m%s[10;1H%s[J%s[0m%s[12;1Hdefault again' "$E" "$E" "$E" "$E" "$E"
} >bce.bin

{   # window title, mouse and paste modes, hidden cursor
    printf '%s]0;corpus title\a%s]1;icon only\atext%s[?1002h%s[?1006h%s[?2004h%s[?25l' "$E" "$E" "$E" "$E" "$E" "$E"
} >title-modes.bin

{   # the alternate screen: mosh 1.4.0 draws it on the main screen
    printf 'main screen text\r\n'
    printf '%s[?1049h%s[H%s[2Jalternate %s[1mscreen%s[0m\r\nsecond line' "$E" "$E" "$E" "$E" "$E"
} >alt-screen.bin

{   # attributes mosh 1.4.0 does not keep (faint, strikethrough, overline) next to ones it does
    printf '%s[2mfaint%s[0m %s[9mstrike%s[0m %s[53mover%s[0m %s[1;2mbold+faint%s[0m %s[4;9munder+strike%s[0m\r\n' "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E"
} >faint-strike.bin

# ---- Beyond 1.4.0: what our server's emulator shows (docs/protocol.md §8, §13.1) ----

{   # DEC Special Graphics: a box drawn in G0, the set in G1 with SO/SI, every graphic character,
    # and the sets saved and restored with the cursor. (tmux also maps "+,-.0" to arrows and a
    # block, which xterm does not: they are left out. The UK set is not here: tmux ignores it.)
    printf '%s(0lqqqqqqqqk%s(B\r\n%s(0x%s(B  box   %s(0x%s(B\r\n%s(0mqqqqqqqqj%s(B\r\n' "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E"
    printf '%s)0\x0e`afgjklmnq\x0f plain `afg\r\n' "$E"
    printf '%s(0_`abcdefghijklmnopqrstuvwxyz{|}~%s(B\r\n' "$E" "$E"
    printf '%s(0%s7%s(B%s[8;1Hascii %s8q saved graphics%s(B\r\n' "$E" "$E" "$E" "$E" "$E" "$E"
    printf '%s(0%s[7;79Hqqqq%s(B after the wrap\r\n' "$E" "$E" "$E"
} >dec-graphics.bin

{   # SGR beyond 1.4.0: underline styles and colours, colon forms, faint, strikethrough, overline
    printf '%s[4:2mdouble%s[0m %s[4:3mcurly%s[0m %s[4:4mdotted%s[0m %s[4:5mdashed%s[0m %s[21mdbl21%s[0m\r\n' "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E"
    printf '%s[4;58;5;196mred ul%s[0m %s[4:3;58:2::0:128:255mcurly blue%s[0m %s[58;2;1;2;3;4mul rgb%s[59m no colour%s[0m\r\n' "$E" "$E" "$E" "$E" "$E" "$E" "$E"
    printf '%s[38:2::255:0:0mfg rgb colon%s[0m %s[48:5:22mbg 256 colon%s[0m %s[38:2:10:20:30mno colour space%s[0m\r\n' "$E" "$E" "$E" "$E" "$E" "$E"
    printf '%s[2;3mfaint italic%s[22mnormal%s[0m %s[9;53mstrike over%s[29;55mnone%s[0m %s[1;2mbold faint%s[22m\r\n' "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E"
} >sgr-extended.bin

{   # REP as xterm, within a row: nothing to repeat after SGR, a control, or REP itself; through
    # the graphics set; default and zero counts. (Where tmux differs from xterm, the unit tests
    # hold xterm's behaviour: tmux stops REP at the row's end, repeats no wide character, and
    # repeats nothing after a combining mark.)
    printf 'A%s[5b|B%s[1m%s[3b|C%s[2b%s[2b|D%s[0m\r\n%s[3b|\r\n' "$E" "$E" "$E" "$E" "$E" "$E" "$E"
    printf '%s(0q%s[4b%s(B|x%s[0b|y%s[b|\r\n' "$E" "$E" "$E" "$E" "$E"
} >rep.bin

{   # mouse encodings are independent switches; icon name and title apart
    printf '%s]2;the title\a%s]1;the icon\a' "$E" "$E"
    printf '%s[?1000h%s[?1006h%s[?1005h%s[?1015h%s[?1006lmodes' "$E" "$E" "$E" "$E" "$E"
} >modes-independent.bin

{   # an application that sets only the icon name leaves the title alone
    printf '%s]1;icon only\atext' "$E"
} >icon-only.bin

{   # wide characters at the edges: either half overwritten, a mark aimed at a right half, one
    # that does not fit with auto-wrap off (dropped). Not in column 0, and no erase from a right
    # half: there tmux keeps the other half, xterm does not (the unit tests hold xterm's way).
    printf 'ab世界cd%s[1;4Hx\r\n' "$E"
    printf 'ab世界cd%s[2;3Hy\r\n' "$E"
    printf 'ab世%s[D\xcc\x81%s[3;20Hend\r\n' "$E" "$E"
    printf '%s[?7l%s[4;79H世%s[4;80H界%s[?7h\r\n' "$E" "$E" "$E" "$E"
} >wide-edges.bin

{   # cursor save/restore: auto-wrap mode is not restored (xterm, tmux); origin mode is
    printf '%s[?7l%s7%s[?7h%s8%s[1;78Hwraps onto the next line\r\n' "$E" "$E" "$E" "$E" "$E"
    printf '%s[5;10r%s[?6h%s7%s[?6l%s8%s[1;1Horigin%s[?6l%s[r' "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E"
} >save-restore.bin

{   # OSC 8 hyperlinks: the text and its attributes, whichever terminator
    printf '%s]8;;http://example.com\a%s[34mlink%s[0m%s]8;;\a plain %s]8;id=x;http://example.com/2%s\\two%s]8;;%s\\\r\n' "$E" "$E" "$E" "$E" "$E" "$E" "$E" "$E"
} >osc8.bin
