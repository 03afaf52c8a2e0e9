#!/usr/bin/env bash
# Regenerates the recorded streams of the terminal corpus (the synthetic ones come from
# synthetic.sh). Programs run in a pty of the corpus size; what they wrote to the terminal is
# kept byte for byte. Needs script (util-linux), tmux, vim, less, top.
set -euo pipefail
cd "$(dirname "$0")"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color

# Line-oriented programs: script(1) records the pty output (so LF arrives as CR LF).
record() {
    local name=$1 cmd=$2
    script -q -c "stty rows 24 cols 80; $cmd" /dev/null </dev/null >"$name.bin"
}
record ls-color 'ls --color=always -l /usr/bin | head -50'
record ls-color-wide 'ls --color=always -C /usr/share | head -40'
record grep-color 'grep --color=always -n "the" /usr/share/common-licenses/GPL-3 | head -40'
record top 'top -b -n1 -w 80 | head -30'

# Full-screen programs: a tmux pane of 80x24 with pipe-pane copying the program's output.
socket=moshcorpus$$
pane_record() {
    local name=$1 cmd=$2 seconds=$3
    printf 'set -g status off\nset -g default-terminal tmux-256color\n' >"/tmp/$socket.conf"
    tmux -L "$socket" -f "/tmp/$socket.conf" new-session -d -s rec -x 80 -y 24 "sleep 0.5; $cmd"
    tmux -L "$socket" pipe-pane -o -t rec "cat > $PWD/$name.bin"
    sleep "$seconds"
    tmux -L "$socket" kill-server 2>/dev/null || true
    sleep 0.3
}
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -f "/tmp/$socket.conf"' EXIT
pane_record vim "vim -u NONE -N -c 'syntax on' -c 'set number' /usr/share/common-licenses/GPL-3" 2
pane_record less "less -R /usr/share/common-licenses/GPL-3" 1.5
pane_record top-interactive "top -d 5" 1.5

# A pane of 80x24 whose output is copied to NAME.bin: COMMAND runs in it with TERM, the KEYS
# are sent 0.7 s apart once it has drawn, and the recording ends SETTLE seconds after the last.
keyed_record() {
    local name=$1 term=$2 command=$3 settle=$4; shift 4
    printf 'set -g status off\nset -g default-terminal %s\n' "$term" >"/tmp/$socket.conf"
    tmux -L "$socket" -f "/tmp/$socket.conf" new-session -d -s rec -x 80 -y 24 "$command"
    tmux -L "$socket" pipe-pane -o -t rec "cat > $PWD/$name.bin"
    sleep 1.5
    for key in "$@"; do
        tmux -L "$socket" send-keys -t rec "$key"
        sleep 0.7
    done
    sleep "$settle"
    tmux -L "$socket" kill-server 2>/dev/null || true
    sleep 0.3
}
# Full-screen programs from start to exit: what the main screen shows afterwards. The program
# gets keys through tmux after it has drawn; TERM inside the pane is xterm-256color or tmux-256color.
session_record() {
    local name=$1 term=$2 cmd=$3; shift 3
    keyed_record "$name" "$term" \
        "sleep 0.5; printf 'before %s\r\n' '$name'; $cmd; printf 'after %s\r\n' '$name'; sleep 30" 1 "$@"
}
session_record dialog-gauge xterm-256color \
    "(for i in 0 30 60 100; do echo \$i; sleep 0.2; done) | dialog --gauge 'Working hard' 10 50 0"
session_record dialog-gauge-tmux tmux-256color \
    "(for i in 0 30 60 100; do echo \$i; sleep 0.2; done) | dialog --gauge 'Working hard' 10 50 0"
session_record dialog-clear xterm-256color "dialog --clear --msgbox 'A message box' 8 40" Enter
session_record whiptail-msgbox xterm-256color "whiptail --msgbox 'A message box' 8 40" Enter
session_record vim-exit xterm-256color "vim -u NONE -N /usr/share/common-licenses/GPL-3" ':q' Enter
session_record less-exit xterm-256color "less /usr/share/common-licenses/GPL-3" ' ' q
session_record htop-exit xterm-256color "htop" q
session_record mc-exit xterm-256color "mc -u -d" F10

# vttest's own screens (character sets, REP, save/restore, wrapping): vttest is driven through
# its menus and the recording ends while the screen named is shown (vttest still running).
vttest_record() {
    local name=$1; shift
    keyed_record "$name" xterm-256color "sleep 0.5; TERM=xterm vttest; sleep 30" 1.5 "$@"
}
vttest_record vttest-charsets 3 Enter
vttest_record vttest-rep 11 Enter 7 Enter 2 Enter
vttest_record vttest-wrap 2 Enter
vttest_record vttest-save-restore 2 Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter
vttest_record vttest-cursor 1 Enter
vttest_record vttest-autowrap 1 Enter Enter Enter
