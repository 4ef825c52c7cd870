#!/bin/sh
# The interactive prompt, typed into through tmux: a query, paging, narrowing,
# opening a result in the pager, Ctrl-C, help, a month indexed while the prompt
# is open, history, Ctrl-D. Skipped (77) without tmux.
set -u
. "$(dirname "$0")/tmux.sh"
tmux_setup tty
"$JK_INDEXER" -q --db "$tmp/db" "$JK_DATA/sample/2024-05.txt" || exit 99
shows() { [ "$(screen | grep -cF -- "$1")" -ge "$2" ]; }
# wait_for TEXT [COUNT]: until TEXT shows COUNT times (default 1)
wait_for() { until_screen "'$1' (x${2:-1}) never showed" shows "$1" "${2:-1}"; }
type_line() { $T send-keys -l -- "$1"; $T send-keys Enter; }

$T new-session -d -x 120 -y 50 "env XDG_STATE_HOME='$tmp/state' PAGER=cat NO_COLOR=1 LANG=C '$JK_SEARCHER' --db '$tmp/db' -n 1; echo EXITED \$?; sleep 60"
wait_for "Type a query"
type_line "ランサムウェア"
wait_for "2 notices matched (showing 1-1)"
type_line "n"
wait_for "2 notices matched (showing 2-2)"
type_line "n"
wait_for "this is the last page"
type_line "p"
wait_for "2 notices matched (showing 1-1)" 2
type_line "+sector:business"
wait_for "no notice matches"
type_line "ランサムウェア"
type_line "1"
wait_for "source:  $JK_DATA/sample/2024-05.txt:1-16"
$T send-keys -l "abc"
$T send-keys C-c
wait_for "abc^C"
"$JK_INDEXER" -q --db "$tmp/db" "$JK_DATA/sample/2024-06.txt"
type_line "cause:ransomware"
wait_for "4 notices matched (showing 1-1)"
type_line "like 5"
wait_for "no result 5 on this page"
type_line "like 1"
wait_for "  like    "
type_line "ランサムエア"
wait_for "did you mean: ランサムウェア (4 notices)"
type_line "cause:ransomware"
type_line "months"
wait_for "month   2024: 05 (2) 06 (2)"
type_line "?"
wait_for "narrow the current query"
$T send-keys C-d
wait_for "EXITED 0"
if grep -q "ランサムウェア" "$tmp/state/jikenbo/history" 2>/dev/null; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL: history not saved" >&2
fi
# an index with no notice (an indexer killed before it put anything in): the
# prompt says so
. "$(dirname "$0")/stop_indexer.sh"
killed_index "$tmp/killed"
$T respawn-pane -k "env XDG_STATE_HOME='$tmp/state' NO_COLOR=1 LANG=C '$JK_SEARCHER' --db '$tmp/killed'; sleep 60"
wait_for "Type a query" 2
type_line "ランサムウェア"
wait_for "the index holds no notices yet"
# -n 0: the counts, and no pages to turn
$T clear-history
$T respawn-pane -k "clear; env XDG_STATE_HOME='$tmp/state' NO_COLOR=1 LANG=C '$JK_SEARCHER' --db '$tmp/db' -n 0; echo LEFT \$?; sleep 60"
wait_for "jikenbo: 20 notices. Type a query"
type_line "cause:ransomware"
wait_for "4 notices matched in"
type_line "n"
wait_for "shows the counts only: there are no pages"
type_line "1"
wait_for "no result 1 on this page"
# Tab: fields, labels, the index's files (as far as they agree, then listed)
$T send-keys -l "sec"
$T send-keys Tab
$T send-keys -l "bus"
$T send-keys Tab
$T send-keys -l "file:"
$T send-keys Tab
wait_for "jikenbo> sector:business file:2024-0"
$T send-keys Tab
wait_for "file:2024-05  file:2024-06"
$T send-keys -l "6"
$T send-keys Tab
$T send-keys -l -- "-cause:mi"
$T send-keys Tab
$T send-keys Enter
wait_for "jikenbo> sector:business file:2024-06 -cause:misdelivery"
wait_for "2 notices matched in"
$T send-keys -l "sort ol"
$T send-keys Tab
$T send-keys Enter
wait_for "jikenbo> sort oldest"
# the prompt's words as vi, psql and sqlite3 spell them; ".NET" is a query
type_line ":help"
wait_for "narrow the current query"
type_line ".NET"
wait_for "no notice matches net"
type_line ":q"
wait_for "LEFT 0"
# a result whose body is longer than its snippet analysed (jk_snippet.h) is
# marked to its end when opened (the pager here writes to a file)
awk 'BEGIN { print "【セキュリティ事件簿#2024-990】長文町 長いお知らせ 2024/6/1\n\n\n町の情報が流出しました。";
    for (i = 0; i < 4000; i++) print "お知らせの本文です。"; print "最後にも流出と書きます。" }' >"$tmp/2024-06.txt"
"$JK_INDEXER" -q --db "$tmp/longdb" "$tmp/2024-06.txt" || exit 99
$T respawn-pane -k "env XDG_STATE_HOME='$tmp/state' PAGER='cat >$tmp/paged' LANG=C '$JK_SEARCHER' --db '$tmp/longdb' --color always; echo GONE \$?; sleep 60"
wait_for "jikenbo: 1 notice"
type_line "流出"
wait_for "1 notice matched"
type_line "1"
type_line ":q"
wait_for "GONE 0"
marked=$(grep -c "$(printf '\033\\[1;31m流出')" "$tmp/paged")
if [ "$marked" = 2 ]; then pass=$((pass + 1)); else
    fail=$((fail + 1))
    echo "FAIL: a long notice opened: $marked lines marked, not 2" >&2
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
