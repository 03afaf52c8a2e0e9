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
