# Sourced by the tests that type into a terminal through tmux; needs $T (the
# tmux command, with its own socket) and the counters pass and fail.

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
