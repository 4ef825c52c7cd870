# Sourced by the tests that type into a terminal through tmux.

# tmux_setup NAME [PROGRAM...]: exits 77 (skipped) without tmux or one of the
# PROGRAMs; else sets tmp (a scratch directory), T (the tmux command, on a
# socket of its own) and the counters pass and fail, and removes both the
# server and tmp on exit.
tmux_setup() {
    tmux_name=$1
    shift
    for tmux_p in tmux "$@"; do
        command -v "$tmux_p" >/dev/null 2>&1 || { echo "$tmux_p not installed: skipped"; exit 77; }
    done
    tmp=$(mktemp -d "/tmp/jk-test-$tmux_name-XXXXXX")
    T="tmux -L jk-$tmux_name-$$"
    trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
    pass=0 fail=0
}

# the screen and what scrolled off it, wrapped lines joined, without the
# blanks that pad each line
screen() { $T capture-pane -p -S -300 -J | sed 's/ *$//'; }

# until_screen WHAT TEST [ARGS...]: runs TEST until it succeeds, every 0.1 s
# for 10 s at most. Counts a pass, or a failure that names WHAT and shows the
# end of the screen.
until_screen() {
    until_what=$1 until_i=0
    shift
    while [ $until_i -lt 100 ]; do
        "$@" && { pass=$((pass + 1)); return 0; }
        sleep 0.1
        until_i=$((until_i + 1))
    done
    fail=$((fail + 1))
    echo "FAIL: $until_what; the screen:" >&2
    screen | grep -v '^$' | tail -30 >&2
    return 1
}

# For the completion tests, in a shell whose prompt is "$ ":
is_line() { screen | grep -qxF -- "$1"; }
# expect TEXT: until a line of the screen is TEXT
expect() { until_screen "no line '$1'" is_line "$1"; }
# complete TYPED KEYS...: types TYPED, presses KEYS (Tab, or Tab Tab for the
# list), ends the line with $complete_mark (default '|': to see a space
# completion added), then comments it out and enters it, so the completed
# line stays on the screen as "$ #N ...|" and runs nothing
complete_n=0
complete() {
    complete_typed=$1
    shift
    complete_n=$((complete_n + 1))
    $T send-keys -l -- "$complete_typed"
    for complete_k in "$@"; do
        $T send-keys "$complete_k"
        sleep 0.3
    done
    $T send-keys -l "${complete_mark:-|}"
    $T send-keys C-a
    $T send-keys -l -- "#$complete_n "
    $T send-keys Enter
}
