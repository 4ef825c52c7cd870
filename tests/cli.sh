#!/bin/sh
# The programs as a user runs them: exit codes, messages that name the file,
# dry-run JSON Lines, re-indexing, the lock, and the searcher's basic contract.
# Needs JK_INDEXER, JK_SEARCHER and JK_DATA (set by meson).
set -u
pass=0 fail=0
tmp=$(mktemp -d /tmp/jk-test-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
IDX=$JK_INDEXER SRCH=$JK_SEARCHER S=$JK_DATA/sample
export NO_COLOR=1

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
# expect STATUS DESCRIPTION -- COMMAND...: runs COMMAND, output in $tmp/out and $tmp/err
expect() {
    want=$1 what=$2
    shift 3
    "$@" > "$tmp/out" 2> "$tmp/err"
    got=$?
    if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, want $want"; sed 's/^/  | /' "$tmp/err" >&2; fi
}
has() { # has FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then ok; else bad "$3: no '$2' in $1"; sed 's/^/  | /' "$1" >&2; fi
}

expect 0 "index --help" -- "$IDX" --help
has "$tmp/out" "Usage: jikenbo-index" "index --help"
has "$tmp/out" "Exit status" "index --help"
expect 0 "search --help" -- "$SRCH" --help
has "$tmp/out" "Usage: jikenbo-search" "search --help"
# every line of both helps fits 80 terminal columns (a CJK character takes
# two; python3 is there with meson)
for p in "$IDX" "$SRCH"; do
    "$p" --help | python3 -c '
import sys, unicodedata
wide = [l for l in sys.stdin.read().splitlines()
        if sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l) > 80]
print("\n".join(wide), end="")
sys.exit(1 if wide else 0)' > "$tmp/wide" && ok || { bad "$(basename "$p") --help wider than 80 columns"; cat "$tmp/wide" >&2; }
done
expect 2 "index without files" -- "$IDX" --db "$tmp/db"
has "$tmp/err" "no input files" "index without files"
expect 2 "index bad option" -- "$IDX" --frobnicate x

# dry run: one JSON object per post, file order, exact keys
expect 0 "dry run" -- "$IDX" --dry-run --json "$S/2024-05.txt" "$S/2024-06.txt"
[ "$(wc -l < "$tmp/out")" -eq 24 ] && ok || bad "dry run: $(wc -l < "$tmp/out") lines, want 24"
[ "$(grep -c '"kind":"notice"' "$tmp/out")" -eq 21 ] && ok || bad "dry run: notice count"
has "$tmp/out" '{"kind":"notice","file":"'"$S"'/2024-05.txt","start_line":1,"end_line":16,"title":"【セキュリティ事件簿#2024-112】架空市 委託事業者におけるランサムウェア被害について 2024/5/20","id":"2024-112","org":"架空市","date":"2024-05-20","year":2024,"key":"2024-112/' "dry run first notice"
has "$tmp/out" '{"kind":"other","file":"'"$S"'/2024-05.txt","start_line":42,"end_line":52,"title":"春の鉄道旅行おすすめ5選"}' "dry run other post"
has "$tmp/out" '"org":"国立架空技術研究所","date":null,"year":2024' "dry run: no date is null"
has "$tmp/out" '"cause":["ransomware"],"sector":"local-government"}' "dry run: facet labels"
has "$tmp/out" '"id":"2024-111","org":"みなと工科大学","date":"2024-05-17","year":2024,"key":"2024-111/' "dry run: a second notice"
expect 0 "dry run explain" -- "$IDX" --dry-run --explain "$S/2024-05.txt"
has "$tmp/out" "facets.rules:" "explain names the rule file and line"
has "$tmp/out" "not chosen: suppressed by a chosen cause" "explain says why a label lost"
expect 2 "explain without dry run" -- "$IDX" --explain "$S/2024-05.txt"
printf 'cause ransomware title five x\n' > "$tmp/bad.rules"
expect 2 "bad rules" -- "$IDX" --dry-run --rules "$tmp/bad.rules" "$S/2024-05.txt"
has "$tmp/err" "bad.rules:1:" "bad rules name the line"
[ ! -e "$tmp/db" ] && ok || bad "dry run created an index"

# index, then again: nothing changes
expect 0 "index sample" -- "$IDX" --db "$tmp/db" "$S"
has "$tmp/out" "20 notices added, 0 updated, 1 unchanged; 3 other posts skipped" "index summary"
has "$tmp/out" "holds 20 notices" "index summary"
expect 0 "index again" -- "$IDX" --db "$tmp/db" "$S/2024-05.txt" "$S/2024-06.txt"
has "$tmp/out" "0 notices added, 0 updated, 0 unchanged" "index again"
has "$tmp/out" "2 already indexed" "index again"
# --version names the dictionaries and the analyzer an index records
for prog in "$IDX" "$SRCH"; do
    expect 0 "$prog --version" -- "$prog" --version
    has "$tmp/out" "system dictionary: " "$prog --version"
    has "$tmp/out" "analyzer: rules=" "$prog --version"
done
expect 0 "--version without a dictionary" -- env JIKENBO_SYSDIC="$tmp/nodic" "$IDX" --version
has "$tmp/out" "analyzer: cannot be loaded: " "--version without a dictionary"
# an installed copy keeps to the installed dictionary while the build tree is
# still there (a rebuilt dict/ there would make its indexes refuse it), and
# says how to get it when it is missing
mkdir "$tmp/bin" && cp "$SRCH" "$tmp/bin/jikenbo-search"
"$SRCH" --version | sed -n 's/^user dictionary and lists: //p' > "$tmp/built"
expect 0 "installed copy --version" -- env -u JIKENBO_DICTDIR "$tmp/bin/jikenbo-search" --version
sed -n 's/^user dictionary and lists: //p' "$tmp/out" > "$tmp/inst"
if [ -s "$tmp/inst" ] && ! cmp -s "$tmp/built" "$tmp/inst"; then ok; else
    bad "an installed copy reads the build tree's dictionary $(cat "$tmp/inst")"; fi
if [ ! -e "$(cat "$tmp/inst")/mecabrc" ]; then
    expect 2 "installed copy, nothing installed" -- env -u JIKENBO_DICTDIR "$tmp/bin/jikenbo-search" --db "$tmp/db" ＢＣＣ
    has "$tmp/err" "meson install" "installed copy, nothing installed"
fi
expect 0 "installed copy with \$JIKENBO_DICTDIR" -- env JIKENBO_DICTDIR="$(cat "$tmp/built")" "$tmp/bin/jikenbo-search" --db "$tmp/db" ＢＣＣ
# the month saved with CRLF line ends holds the same notices, and no CR
# reaches the terminal
sed 's/$/\r/' "$S/2024-06.txt" > "$tmp/2024-06-crlf.txt"
expect 0 "a CRLF month" -- "$IDX" -q --db "$tmp/crlf" "$tmp/2024-06-crlf.txt"
expect 0 "--full of a CRLF month's notice" -- "$SRCH" --db "$tmp/crlf" --full id:2024-124
grep -q "$(printf '\r')" "$tmp/out" && bad "a CR in --full output" || ok
grep -q "$(printf '\357\277\275')" "$tmp/out" && bad "a CR shown as U+FFFD in --full output" || ok
expect 0 "the LF month after the CRLF one" -- "$IDX" --db "$tmp/crlf" "$S/2024-06.txt"
has "$tmp/out" "0 notices added, 0 updated, 10 unchanged" "the LF month after the CRLF one"
# and so does the month saved with CR line ends only (classic Mac OS)
tr '\n' '\r' < "$S/2024-06.txt" > "$tmp/2024-06-cr.txt"
expect 0 "a CR-only month" -- "$IDX" --db "$tmp/crlf" "$tmp/2024-06-cr.txt"
has "$tmp/out" "0 notices added, 0 updated, 10 unchanged" "a CR-only month after the LF one"
expect 0 "a CR-only month alone" -- "$IDX" -q --db "$tmp/cronly" "$tmp/2024-06-cr.txt"
expect 0 "a CR-only month's notice" -- "$SRCH" --db "$tmp/cronly" id:2024-124
line=$(grep -n '#2024-124】' "$S/2024-06.txt" | cut -d: -f1)
has "$tmp/out" "2024-06-cr.txt:$line" "a CR-only month's notice, by its line"
expect 0 "index from stdin" -- sh -c "\"$IDX\" --db \"$tmp/db\" - < \"$S/2024-06.txt\""
has "$tmp/out" "0 notices added, 0 updated, 10 unchanged" "stdin"
# standard input is named as grep names it, in results and in errors
expect 0 "new notices from stdin" -- sh -c "\"$IDX\" --db \"$tmp/dbin\" - < \"$S/2024-05.txt\""
expect 0 "search stdin's notices" -- "$SRCH" --db "$tmp/dbin" ＢＣＣ
has "$tmp/out" "(standard input):65" "stdin named in results"
expect 1 "bad stdin" -- sh -c "printf 'caf\\351\\n' | \"$IDX\" --db \"$tmp/dbin\" -"
has "$tmp/err" "(standard input): invalid UTF-8 at line 1, column 4" "stdin named in errors"

# bad input: named, skipped, the rest goes in, exit 1
printf 'caf\351\n' > "$tmp/latin1.txt"
printf '\177ELF\000\001' > "$tmp/binary.txt"
: > "$tmp/empty.txt"
printf '旅行の話\n\n\n本文です。\n' > "$tmp/blog.txt"
expect 1 "bad inputs" -- "$IDX" --db "$tmp/db2" "$tmp/missing.txt" "$tmp/latin1.txt" "$tmp/binary.txt" "$tmp/empty.txt" "$tmp/blog.txt" "$S/2024-05.txt"
has "$tmp/err" "$tmp/missing.txt: cannot open" "missing file"
has "$tmp/err" "$tmp/latin1.txt: invalid UTF-8 at line 1, column 4" "latin1 file"
has "$tmp/err" "$tmp/binary.txt: binary file" "binary file"
has "$tmp/err" "$tmp/empty.txt: empty file" "empty file"
has "$tmp/err" "$tmp/blog.txt: no notices found" "no notices"
has "$tmp/out" "11 notices added" "good file still indexed"
has "$tmp/out" "1 file indexed ($S/2024-05.txt), 0 already indexed, 5 rejected" "bad input summary"
# --json: the summary as one object, the same numbers as the text's, also
# with -q, in shards (-j 2) and file by file (-j 1); reasons stay on stderr
expect 1 "bad inputs, JSON" -- "$IDX" --json -q -j 1 --db "$tmp/dbj" "$tmp/missing.txt" "$tmp/empty.txt" "$S/2024-05.txt"
has "$tmp/out" '{"db":"'"$tmp"'/dbj","made":true,"files":{"indexed":1,"already":0,"rejected":2},"notices":{"added":11,"updated":0,"unchanged":0,"removed":0,"bad_tag":0},"other_posts":2,"total":11,"indexed_files":["'"$S"'/2024-05.txt"]}' "bad inputs, JSON"
has "$tmp/err" "$tmp/empty.txt: empty file" "bad inputs, JSON: reasons on stderr"
expect 0 "more, JSON" -- "$IDX" --json --db "$tmp/dbj" "$S"
has "$tmp/out" '"files":{"indexed":1,"already":1,"rejected":0},"notices":{"added":9,"updated":0,"unchanged":1,"removed":0,"bad_tag":0},"other_posts":1,"total":20,"indexed_files":["'"$S"'/2024-06.txt"]}' "more, JSON"
expect 0 "a new index in shards, JSON" -- "$IDX" --json -j 2 --db "$tmp/dbj2" "$S"
has "$tmp/out" '"made":true,"files":{"indexed":2,"already":0,"rejected":0},"notices":{"added":20,"updated":0,"unchanged":1,"removed":0,"bad_tag":0},"other_posts":3,"total":20,"indexed_files":["'"$S"'/2024-05.txt","'"$S"'/2024-06.txt"]}' "shards, JSON"
# the files that went in are named (in a new index too, where a file named
# twice goes in once), in the text only up to three of them
expect 0 "a file named twice, JSON" -- "$IDX" --json -j 2 --db "$tmp/dbj4" "$S" "$S/2024-05.txt"
has "$tmp/out" '"files":{"indexed":2,"already":1,"rejected":0}' "a file named twice: counted"
has "$tmp/out" '"indexed_files":["'"$S"'/2024-05.txt","'"$S"'/2024-06.txt"]}' "a file named twice: listed once"
mkdir -p "$tmp/four"
for m in 05 06; do
    cp "$S/2024-$m.txt" "$tmp/four/2024-$m.txt"
    { cat "$S/2024-$m.txt"; echo "追記"; } > "$tmp/four/copy-$m.txt"
done
expect 0 "four files" -- "$IDX" --db "$tmp/dbj5" "$tmp/four"
has "$tmp/out" "4 files indexed, 0 already indexed" "four files: not named"
expect 1 "nothing in, JSON" -- "$IDX" --json --db "$tmp/dbj3" "$tmp/empty.txt"
has "$tmp/out" '"made":false,' "nothing in, JSON"
has "$tmp/out" '"indexed_files":[]}' "nothing in, JSON: no file"
[ ! -e "$tmp/dbj3" ] && ok || bad "nothing in, JSON: an index was made"
# a month edited and indexed again: a notice no longer in it goes (and one
# whose title changed is a new release), unless another month holds it; in a
# new index built in shards, then file by file
mkdir -p "$tmp/ed"
cp "$S/2024-05.txt" "$S/2024-06.txt" "$tmp/ed/"
expect 0 "edited month: the index" -- "$IDX" -j 2 --db "$tmp/eddb" "$tmp/ed"
sed -i '1s/架空市/架空町/; /^【セキュリティ事件簿#2024-106】/,/^アクセス権限の見直し/d; /^【セキュリティ事件簿#2024-111】/,/^本学では多要素認証/d' "$tmp/ed/2024-05.txt"
expect 0 "edited month" -- "$IDX" --db "$tmp/eddb" "$tmp/ed"
has "$tmp/out" "1 notice added, 0 updated, 8 unchanged, 2 removed; 2 other posts skipped" "edited month: 2 removed"
has "$tmp/out" "1 already indexed" "edited month: June untouched"
expect 1 "edited month: 2024-106 gone" -- "$SRCH" --db "$tmp/eddb" id:2024-106
expect 0 "edited month: 2024-111 kept (June has it)" -- "$SRCH" --db "$tmp/eddb" --json id:2024-111
has "$tmp/out" '"total":1,' "edited month: 2024-111 kept"
expect 0 "edited month: a filter over every notice" -- "$SRCH" --db "$tmp/eddb" --json year:2024
has "$tmp/out" '"total":19,' "edited month: year:2024 after removals"
sed -i '/^【セキュリティ事件簿#2024-111】/,/^本学では多要素認証/d' "$tmp/ed/2024-06.txt"
expect 0 "edited June, JSON" -- "$IDX" --json --db "$tmp/eddb" "$tmp/ed/2024-06.txt"
has "$tmp/out" '"notices":{"added":0,"updated":0,"unchanged":9,"removed":1,"bad_tag":0}' "edited June: 2024-111 gone"
has "$tmp/out" '"total":18,"indexed_files":["'"$tmp"'/ed/2024-06.txt"]}' "edited June: the total, and the file"
# a notice whose tag has a typo is not indexed, and not silently: it is named
# by file and line, and the status is 1, in a new index and a growing one
printf '【セキュリティ事件簿#2024-901】X市 お知らせ\n\n\n本文です。\n\n【セキュリティ事件簿#2O24-902】Y市 お知らせ\n\n\n漏えいの本文です。\n' > "$tmp/typo.txt"
expect 1 "a typo in a tag, dry run" -- "$IDX" --dry-run "$tmp/typo.txt"
has "$tmp/err" "$tmp/typo.txt:6: titled like a notice but no id #YYYY-NNN: not indexed" "a typo in a tag, dry run"
expect 1 "a typo in a tag, JSON" -- "$IDX" --dry-run --json "$tmp/typo.txt"
has "$tmp/out" '"start_line":6,"end_line":9,"title":"【セキュリティ事件簿#2O24-902】Y市 お知らせ","bad_tag":true}' "a typo in a tag, JSON"
for j in 1 2; do
    expect 1 "a typo in a tag, -j $j" -- "$IDX" -j $j --db "$tmp/typo$j" "$tmp/typo.txt"
    has "$tmp/err" "1 post titled like a notice but with no id #YYYY-NNN, not indexed" "a typo in a tag, -j $j"
    has "$tmp/out" "1 notice added" "a typo in a tag, -j $j"
done
expect 1 "the notice before a typo keeps its own text" -- "$SRCH" --db "$tmp/typo1" 漏えい

# nothing that goes in makes no index: the path stays as it was (nothing, or an
# empty directory), by one file, by several at once, and by a directory with
# no archive in it (an input that gives nothing: exit 1)
expect 1 "only a bad file" -- "$IDX" --db "$tmp/none1" "$tmp/binary.txt"
has "$tmp/out" "0 files indexed, 0 already indexed, 1 rejected; no index made at $tmp/none1" "only a bad file"
[ ! -e "$tmp/none1" ] && ok || bad "only a bad file left $tmp/none1"
mkdir -p "$tmp/none2" "$tmp/noarch"
expect 1 "only bad files" -- "$IDX" --db "$tmp/none2" "$tmp/binary.txt" "$tmp/blog.txt"
has "$tmp/out" "2 rejected; no index made at $tmp/none2" "only bad files"
[ -d "$tmp/none2" ] && [ -z "$(ls -A "$tmp/none2")" ] && ok || bad "only bad files: $tmp/none2 is not an empty directory again"
# a device that never ends is binary as soon as its first NUL is read
expect 1 "an endless binary stream" -- timeout 20 "$IDX" --db "$tmp/zero" /dev/zero
has "$tmp/err" "/dev/zero: binary file (contains NUL bytes), not an archive" "an endless binary stream"
expect 1 "a directory with no archive" -- "$IDX" --db "$tmp/none3" "$tmp/noarch"
has "$tmp/err" "$tmp/noarch: no *.txt archive files in or below this directory" "a directory with no archive"
[ ! -e "$tmp/none3" ] && ok || bad "a directory with no archive left $tmp/none3"
expect 1 "a directory with no archive, existing index" -- "$IDX" --db "$tmp/db2" "$tmp/noarch"
has "$tmp/out" "$tmp/db2 holds 11 notices" "an index stays when nothing goes in"
# a month saved as .TXT is an archive file too
mkdir -p "$tmp/upper/sub" && cp "$S/2024-05.txt" "$tmp/upper/sub/2024-05.TXT"
expect 0 "a directory with a .TXT month" -- "$IDX" --db "$tmp/upperdb" "$tmp/upper"
has "$tmp/out" "1 file indexed" "a .TXT month in a directory"

# a second writer is refused at once
(sleep 3; cat "$S/2024-05.txt") | "$IDX" --db "$tmp/db3" -q - &
writer=$!
sleep 1
expect 2 "second writer" -- "$IDX" --db "$tmp/db3" "$S/2024-06.txt"
has "$tmp/err" "locked" "second writer"
wait $writer && ok || bad "first writer failed"

# a month moved to another folder and indexed again is shown where it is now,
# from a new index built at once and from one grown file by file
mkdir -p "$tmp/mv/a" && cp "$S/2024-05.txt" "$S/2024-06.txt" "$tmp/mv/a/"
expect 0 "index before the move" -- "$IDX" --db "$tmp/mvdb" "$tmp/mv/a"
mkdir -p "$tmp/mv/b" && mv "$tmp/mv/a/2024-05.txt" "$tmp/mv/b/"
expect 0 "index after the move" -- "$IDX" --db "$tmp/mvdb" "$tmp/mv"
has "$tmp/out" "2 already indexed" "a moved month is not read again"
expect 0 "search after the move" -- "$SRCH" --db "$tmp/mvdb" ＢＣＣ
has "$tmp/out" "$tmp/mv/b/2024-05.txt:65" "a moved month's new path"
mkdir -p "$tmp/mv/c" && mv "$tmp/mv/b/2024-05.txt" "$tmp/mv/c/"
expect 0 "index one file after a move" -- "$IDX" --db "$tmp/mvdb" "$tmp/mv/c/2024-05.txt"
expect 0 "search after the second move" -- "$SRCH" --db "$tmp/mvdb" --json ＢＣＣ
has "$tmp/out" "\"file\":\"$tmp/mv/c/2024-05.txt\"" "a moved month's new path (json)"
# a copy beside it is not a move: results keep the path that is still there
mkdir -p "$tmp/mv/d" && cp "$tmp/mv/c/2024-05.txt" "$tmp/mv/d/"
expect 0 "index a copy" -- "$IDX" --db "$tmp/mvdb" "$tmp/mv/d/2024-05.txt"
expect 0 "search after a copy" -- "$SRCH" --db "$tmp/mvdb" ＢＣＣ
has "$tmp/out" "$tmp/mv/c/2024-05.txt:65" "a copy keeps the recorded path"

# a notice's control characters never reach the terminal (no colour here,
# so no escape byte at all may be printed)
mkdir -p "$tmp/esc"
printf '【セキュリティ事件簿#2025-001】テスト市\033]0;title\007 不正アクセスについて 2025/1/6\n\n\n本文\033[31m赤\033[0mと\007ベル。不正アクセスがありました。\n\n' > "$tmp/esc/2025-01.txt"
expect 0 "index control characters" -- "$IDX" --db "$tmp/escdb" "$tmp/esc/2025-01.txt"
for how in "" "--explain"; do
    expect 0 "search control characters $how" -- "$SRCH" --db "$tmp/escdb" $how 不正アクセス
    ! LC_ALL=C grep -q "$(printf '[\033\007]')" "$tmp/out" && ok || bad "control characters printed by search $how"
done
expect 0 "dry run control characters" -- "$IDX" --dry-run "$tmp/esc/2025-01.txt"
! LC_ALL=C grep -q "$(printf '[\033\007]')" "$tmp/out" && ok || bad "control characters printed by dry run"

# --list: one line per file (a changed file indexed again replaces its
# record), what changed or went since, and only reading the index
mkdir -p "$tmp/ls/a" && cp "$S/2024-05.txt" "$S/2024-06.txt" "$tmp/ls/a/"
expect 0 "list, build" -- "$IDX" -q --db "$tmp/ls/db" "$tmp/ls/a"
echo "追記" >> "$tmp/ls/a/2024-06.txt"
expect 0 "list" -- "$IDX" --list --db "$tmp/ls/db"
has "$tmp/out" "     10  $tmp/ls/a/2024-06.txt  (changed since it was indexed)" "list: a changed file"
has "$tmp/out" "2 files (21 notices in them); $tmp/ls/db holds 20 notices" "list: the summary"
expect 0 "list, the changed file again" -- "$IDX" -q --db "$tmp/ls/db" "$tmp/ls/a"
expect 0 "list again" -- "$IDX" --list --db "$tmp/ls/db"
[ "$(grep -c "$tmp/ls/a/" "$tmp/out")" = 2 ] && ok || bad "list: one record per file"
grep -q "changed since" "$tmp/out" && bad "list: still changed after indexing it" || ok
mv "$tmp/ls/a/2024-05.txt" "$tmp/ls/"
expect 0 "list, a file gone" -- "$IDX" --list --db "$tmp/ls/db"
has "$tmp/out" "     11  $tmp/ls/a/2024-05.txt  (gone)" "list: a file gone"
expect 0 "list, JSON" -- "$IDX" --list --json --db "$tmp/ls/db"
has "$tmp/out" '{"file":"'"$tmp"'/ls/a/2024-05.txt","notices":11,"state":"gone"}' "list, JSON"
# --paths: the paths alone, and no file opened (June is now a FIFO, which
# would block a reader that opened it: timeout ends that as 124)
mv "$tmp/ls/a/2024-06.txt" "$tmp/ls/june.txt" && mkfifo "$tmp/ls/a/2024-06.txt"
expect 0 "list, paths" -- timeout 20 "$IDX" --list --paths --db "$tmp/ls/db"
printf '%s\n' "$tmp/ls/a/2024-05.txt" "$tmp/ls/a/2024-06.txt" | cmp -s - "$tmp/out" && ok ||
    bad "list, paths: $(cat "$tmp/out")"
# and --list itself takes what is no regular file there for a file gone
expect 0 "list, a FIFO" -- timeout 20 "$IDX" --list --db "$tmp/ls/db"
has "$tmp/out" "     10  $tmp/ls/a/2024-06.txt  (gone)" "list: a FIFO where a file was"
rm "$tmp/ls/a/2024-06.txt" && mv "$tmp/ls/june.txt" "$tmp/ls/a/2024-06.txt"
expect 2 "paths without list" -- "$IDX" --paths --db "$tmp/ls/db"
expect 2 "paths with JSON" -- "$IDX" --list --paths --json --db "$tmp/ls/db"
# two inputs on standard input are two files: both listed, neither replaces
# the other's notices
"$IDX" -q --db "$tmp/ls/in" - < "$S/2024-05.txt"
"$IDX" -q --db "$tmp/ls/in" - < "$S/2024-06.txt"
expect 0 "list, standard input twice" -- "$IDX" --list --db "$tmp/ls/in"
has "$tmp/out" "2 files (21 notices in them); $tmp/ls/in holds 20 notices" "list: standard input twice"
# --remove: a file taken out takes the notices no other file holds, and its
# record; one the index does not have is named, exit 1; it needs files
# (June's bytes, met as a file, are the month read from standard input, moved)
cp -r "$tmp/ls/in" "$tmp/ls/rm"
"$IDX" -q --db "$tmp/ls/rm" "$S/2024-06.txt"
expect 0 "remove" -- "$IDX" --remove --db "$tmp/ls/rm" "$S/2024-06.txt"
has "$tmp/out" "1 file taken out, 9 notices removed; $tmp/ls/rm holds 11 notices" "remove: May keeps 2024-111"
expect 0 "re-post kept" -- "$SRCH" --db "$tmp/ls/rm" id:2024-111
expect 0 "remove standard input's" -- "$IDX" --remove --db "$tmp/ls/rm" "(standard input)"
has "$tmp/out" "1 file taken out, 11 notices removed; $tmp/ls/rm holds 0 notices" "remove: the rest"
expect 0 "list after removing" -- "$IDX" --list --db "$tmp/ls/rm"
has "$tmp/out" "0 files (0 notices in them)" "list after removing"
expect 1 "search what was removed" -- "$SRCH" --db "$tmp/ls/rm" ランサムウェア
has "$tmp/err" "jikenbo-index --remove" "search an index emptied by --remove"
expect 1 "remove a file not in it, JSON" -- "$IDX" --remove --json --db "$tmp/ls/db" "$tmp/nope.txt" "$tmp/ls/a/2024-06.txt"
has "$tmp/out" '"files":{"removed":1,"not_in_index":1},"notices":{"removed":' "remove, JSON"
has "$tmp/err" "$tmp/nope.txt is not a file of this index" "remove: a file not in it"
# a month of the index that no longer holds a notice is rejected, and the
# error says that its notices stay, and how to take them out
mkdir -p "$tmp/ls/gone" && cp "$S/2024-05.txt" "$tmp/ls/gone/m.txt"
"$IDX" -q --db "$tmp/ls/gonedb" "$tmp/ls/gone/m.txt"
printf '旅行の話\n\n\n本文です。\n' > "$tmp/ls/gone/m.txt"
expect 1 "a month left with no notice" -- "$IDX" --db "$tmp/ls/gonedb" "$tmp/ls/gone/m.txt"
has "$tmp/err" "no notices found (1 other post): not an archive of 【セキュリティ事件簿#…】 notices; the notices it brought before stay in the index (jikenbo-index --remove $tmp/ls/gone/m.txt takes them out); file skipped" \
    "a month left with no notice: what to do"
has "$tmp/out" "$tmp/ls/gonedb holds 11 notices" "a month left with no notice: its notices stay"
expect 1 "a file new to the index with no notice" -- "$IDX" --db "$tmp/ls/gonedb" "$tmp/blog.txt"
grep -q -- "--remove" "$tmp/err" && bad "a new file's error names --remove" || ok
expect 2 "remove without files" -- "$IDX" --remove --db "$tmp/ls/db"
expect 2 "remove from no index" -- "$IDX" --remove --db "$tmp/ls/none" x.txt
[ ! -e "$tmp/ls/none" ] && ok || bad "remove made an index"
expect 2 "list with files" -- "$IDX" --list --db "$tmp/ls/db" "$S"
expect 2 "list of no index" -- "$IDX" --list --db "$tmp/ls/none"
has "$tmp/err" "no index at $tmp/ls/none" "list of no index"
# a directory with a link back up to itself is read once, not round the loop
mkdir -p "$tmp/arch/2024" && cp "$S/2024-05.txt" "$tmp/arch/2024/" && ln -s .. "$tmp/arch/2024/up"
expect 0 "directory with a loop" -- "$IDX" --dry-run "$tmp/arch"
[ "$(grep -c ':1-16	notice' "$tmp/out")" = 1 ] && ok || bad "directory with a loop: $(grep -c ':1-16	notice' "$tmp/out") copies"

# a directory of other files is no index, and the indexer leaves it alone
mkdir -p "$tmp/docs" && echo keep > "$tmp/docs/notes.txt"
expect 2 "index into a directory of other files" -- "$IDX" --db "$tmp/docs" "$S/2024-05.txt"
has "$tmp/err" "$tmp/docs holds other files and no index" "directory of other files"
[ "$(ls -A "$tmp/docs")" = "notes.txt" ] && ok || bad "directory of other files was written to"
expect 2 "search a directory of other files" -- "$SRCH" --db "$tmp/docs" ランサムウェア
has "$tmp/err" "$tmp/docs holds other files and no index: --db names the index's own directory" \
    "search a directory of other files"
expect 2 "index into a file" -- "$IDX" --db "$tmp/docs/notes.txt" "$S/2024-05.txt"
has "$tmp/err" "is a file, not an index" "index into a file"

# an index named with a slash at its end, as the shell completes it
expect 0 "new index named dir/" -- "$IDX" --db "$tmp/slash/" "$S/2024-05.txt" "$S/2024-06.txt"
expect 0 "search dir/" -- "$SRCH" --db "$tmp/slash/" ランサムウェア
[ -z "$(ls -a "$tmp/slash" | grep -E '^\.(build|old)-')" ] && ok || bad "scratch left inside dir/"
# what a build killed midway left beside its index (marked as scratch) goes
# with the next writer; a live writer's scratch (this shell's pid) stays, and
# an unmarked directory of such a name is not ours
for d in build-999999/shard-0 old-999998 build-$$; do
    mkdir -p "$tmp/slash.$d" && : > "$tmp/slash.${d%%/*}/.jikenbo-scratch"
done
mkdir -p "$tmp/slash.build-999997"
expect 0 "index after a killed build" -- "$IDX" --db "$tmp/slash" "$S/2024-06.txt"
[ ! -e "$tmp/slash.build-999999" ] && [ ! -e "$tmp/slash.old-999998" ] && ok || bad "dead build's scratch kept"
[ -d "$tmp/slash.build-$$" ] && ok || bad "live writer's scratch removed"
[ -d "$tmp/slash.build-999997" ] && ok || bad "a directory that is not scratch removed"
rm -rf "$tmp/slash.build-$$" "$tmp/slash.build-999997"

# search
expect 0 "search" -- "$SRCH" --db "$tmp/db" ランサムウェア
has "$tmp/out" "2024-112" "search finds ransomware"
has "$tmp/out" "notices matched" "search total"
expect 1 "search nothing" -- "$SRCH" --db "$tmp/db" 存在しない語句ぴよ
# the no-match message writes a word looked up in longer words as word~parts,
# a notation --help explains
expect 1 "search nothing, one word" -- "$SRCH" --db "$tmp/db" zzzz
has "$tmp/err" "no notice matches zzzz~parts" "no-match message"
grep -q 'did you mean' "$tmp/err" && bad "zzzz: nothing near it to offer" || ok
# and a label by the label it was read as, once for two aliases of it
expect 1 "search nothing, label aliases" -- "$SRCH" --db "$tmp/db" zzzz 'sector:市,町' cause:bcc
has "$tmp/err" "no notice matches zzzz~parts AND sector:local-government AND cause:misdelivery" \
    "no-match message: labels as read"
# a word the index lacks: the nearest it has, counted with the options' filters
expect 1 "did you mean" -- "$SRCH" --db "$tmp/db" --cause ransomware ランサムエア 委託
has "$tmp/err" "did you mean: ランサムウェア 委託 (3 notices)" "did you mean"
expect 1 "did you mean, JSON" -- "$SRCH" --db "$tmp/db" --json パスワド
has "$tmp/out" '"total":0,' "did you mean, JSON"
has "$tmp/out" '"suggestion":"パスワード",' "did you mean, JSON"
# notes (an alias taken, a word left out): on stderr, and in JSON for scripts
expect 0 "notes, JSON" -- "$SRCH" --db "$tmp/db" --json --sector city 'ランサムウェア ぞ'
has "$tmp/out" '"notes":["sector:city is read as sector:local-government (地方自治体)","' "notes, JSON: an alias"
has "$tmp/out" '","'"'"'ぞ'"'"' (column 9) has no searchable term' "notes, JSON: a word left out"
has "$tmp/err" "note: sector:city is read as sector:local-government" "notes on stderr too"
expect 0 "no notes, JSON" -- "$SRCH" --db "$tmp/db" --json cause:ransomware
grep -q '"notes"' "$tmp/out" && bad "JSON without notes has no notes key" || ok
"$SRCH" --help > "$tmp/out"
has "$tmp/out" "ランサム~parts" "--help explains ~parts"
expect 2 "bad query" -- "$SRCH" --db "$tmp/db" '"unclosed'
has "$tmp/err" "unbalanced quote" "bad query message"
# every kind of bad query: one clear message saying what and where, exit 2;
# a label mistyped is offered when one label is nearest (sham is one edit
# from both spam and scam: none is)
while IFS='|' read -r q msg; do
    expect 2 "bad query [$q]" -- "$SRCH" --db "$tmp/db" -- "$q"
    has "$tmp/err" "$msg" "bad query [$q]"
done <<'EOQ'
"unclosed|unbalanced quote: the quote at column 1 is never closed
(委託 漏えい|the '(' at column 1 is never closed
委託 (|the '(' at column 4 is never closed
委託 )|the ')' at column 4 has no '(' before it
foo:bar|unknown field 'foo:' at column 1
https:/x|unknown field 'https:' at column 1
year:2024..2022|year:2024..2022 at column 1: bad year or range
year:..1899|bad year or range
date:2024-13|date:2024-13 at column 1: bad date or range
date:..|bad date or range
date:2024-06..2024-05|bad date or range
year:2024...|bad year or range
year:20x4|bad year or range
cause:nope|no such cause; use one of: unauthorized-access (不正アクセス), ransomware
sector:宇宙|no such sector; use one of:
cause:ransomeware|no such cause; did you mean cause:ransomware? (or one of: unauthorized-access
sector:universty|no such sector; did you mean sector:education? (or one of:
cause:ランサムウエア|did you mean cause:ransomware?
cause:sham|no such cause; use one of:
cause:ransomware,|cause:ransomware, at column 1: an empty item in the list; write cause:A,B (no spaces) for either
year:2024,20x4|year:20x4 at column 1: bad year or range
id:2024-112,x|id:x at column 1: a notice id looks like 2023-442
org:架空市,|org:架空市, at column 1: an empty item in the list
id:abc|a notice id looks like 2023-442
委託 OR|OR at column 4 needs a word on both sides
NOT|NOT at column 1 needs a word after it
()|empty parentheses at column 1
、|nothing to search for
EOQ
# nesting: a pasted line of 30,000 '(' or NOTs is refused, not a crash;
# 100 levels are searched
deep=$(awk 'BEGIN { for (i = 0; i < 30000; i++) printf "("; printf "委託" }')
expect 2 "30,000 parentheses" -- "$SRCH" --db "$tmp/db" -- "$deep"
has "$tmp/err" "the query nests too deeply at column 102: at most 100 levels of parentheses and NOT" "30,000 parentheses"
deep=$(awk 'BEGIN { for (i = 0; i < 30000; i++) printf "NOT "; printf "委託" }')
expect 2 "30,000 NOTs" -- "$SRCH" --db "$tmp/db" -- "$deep"
has "$tmp/err" "the query nests too deeply at column 405" "30,000 NOTs"
deep=$(awk 'BEGIN { for (i = 0; i < 100; i++) printf "("; printf "委託"; for (i = 0; i < 100; i++) printf ")" }')
expect 0 "100 parentheses" -- "$SRCH" --db "$tmp/db" -- "$deep"
# a query typed on a terminal set to Shift_JIS (漏えい) or to EUC-JP is
# refused and named, not searched for what is left of it
expect 2 "a Shift_JIS query" -- "$SRCH" --db "$tmp/db" "$(printf '\230\122\202\246\202\242')"
has "$tmp/err" "the query is not UTF-8: byte 0x98 at column 1 (it reads as Shift_JIS (CP932))" "a Shift_JIS query"
expect 2 "an EUC-JP query" -- "$SRCH" --db "$tmp/db" "委託 $(printf '\317\263\244\250\244\244')"
has "$tmp/err" "byte 0xa4 at column 5 (it reads as EUC-JP)" "an EUC-JP query"
# each part left out is said once, then that nothing is left
expect 2 "all left out" -- "$SRCH" --db "$tmp/db" "ぞ 😀"
[ "$(grep -c "'ぞ'" "$tmp/err")" = 1 ] && [ "$(grep -c "'😀'" "$tmp/err")" = 1 ] && ok || bad "all left out: each part once"
has "$tmp/err" "nothing to search for: every part was left out" "all left out"
expect 0 "paged past the end" -- "$SRCH" --db "$tmp/db" --offset 50 ランサムウェア
has "$tmp/out" "(none from the 51st on)" "paged past the end"
expect 2 "empty query" -- "$SRCH" --db "$tmp/db" ""
has "$tmp/err" "empty query" "empty query"
expect 2 "bad option value" -- "$SRCH" --db "$tmp/db" --cause nope 委託
has "$tmp/err" "no such cause" "bad --cause"
expect 2 "a mistyped option value" -- "$SRCH" --db "$tmp/db" --sector educaton 委託
has "$tmp/err" "--sector: sector:educaton: no such sector; did you mean sector:education?" "a mistyped --sector"
# a word to leave out before '--' is named whole, with where it goes; after
# '--' and as an option's value it is what it is
expect 2 "a word to leave out, read as an option" -- "$SRCH" --db "$tmp/db" ランサムウェア -委託
has "$tmp/err" "'-委託' is not an option: a query word that starts with '-' goes after '--'" \
    "a word read as an option"
expect 0 "the same after '--'" -- "$SRCH" --db "$tmp/db" -n 1 -- ランサムウェア -委託
expect 2 "a word read as an option after -n's value" -- "$SRCH" --db "$tmp/db" -n 1 -sector:finance 漏えい
has "$tmp/err" "'-sector:finance' is not an option" "a filter read as an option"
expect 0 "with POSIXLY_CORRECT, options end at the first word" -- env POSIXLY_CORRECT=1 "$SRCH" --db "$tmp/db" -n 1 ランサムウェア -委託
expect 2 "an option's value that starts with '-'" -- "$SRCH" --db -委託 ランサムウェア
has "$tmp/err" "no index at -委託" "an option's value that starts with '-'"
# what an indexer killed before it put anything in leaves, an index with no
# notice: the searcher says so, and a new build replaces it
. "$(dirname "$0")/stop_indexer.sh"
killed_index "$tmp/killed"
expect 1 "search an index with no notice" -- "$SRCH" --db "$tmp/killed" ランサムウェア
has "$tmp/err" "the index at $tmp/killed holds no notices yet" "an index with no notice"
expect 0 "a new build over an index with no notice" -- "$IDX" --db "$tmp/killed" "$S"
expect 0 "search it" -- "$SRCH" --db "$tmp/killed" ランサムウェア
has "$tmp/out" "2024-112" "the new build's notices"
# Ctrl-C stops at a safe point with status 130: a new index, file by file or
# in shards, leaves its path as it was (no scratch beside it); adding to an
# index keeps what went in before. Sent as SIGTERM, which takes the same path:
# a background job of a script ignores SIGINT, and so does the indexer then.
stopped() { # stopped DESCRIPTION MESSAGE: status 130 and MESSAGE on stderr
    if [ "$stop_status" = 130 ]; then ok; else bad "$1: exit $stop_status, want 130"; fi
    has "$tmp/stop-err" "$2" "$1"
}
stop_indexer TERM "$tmp/int1"
stopped "stopped, a new index" "interrupted; $tmp/int1 left as it was"
stop_indexer TERM "$tmp/int2" -j 2 "$S/2024-05.txt"
stopped "stopped, a new index in shards" "interrupted; $tmp/int2 left as it was"
left=$(ls -d "$tmp"/int1* "$tmp"/int2* 2> /dev/null)
[ -z "$left" ] && ok || bad "stopping left behind: $left"
cp -r "$tmp/db" "$tmp/int3"
"$SRCH" --db "$tmp/int3" --json 委託 | sed 's/"took_ms":[0-9.]*//' > "$tmp/before.json"
stop_indexer TERM "$tmp/int3"
stopped "stopped, adding to an index" "interrupted; $tmp/int3 keeps the 0 files indexed before"
"$SRCH" --db "$tmp/int3" --json 委託 | sed 's/"took_ms":[0-9.]*//' > "$tmp/after.json"
cmp -s "$tmp/before.json" "$tmp/after.json" && ok || bad "stopping changed the index"
# a full disk, as a file-size limit (ulimit -f, with SIGXFSZ ignored so the
# write fails with EFBIG) makes it: the message says why, a new index leaves
# its path as it was, adding keeps the files before, a rerun completes it
full() { # full BLOCKS ARGS...: the indexer, its files capped at BLOCKS
    lim=$1
    shift
    (trap '' XFSZ; ulimit -f "$lim"; exec "$IDX" -q "$@") > "$tmp/out" 2> "$tmp/err"
    full_status=$?
}
"$JK_BENCH_GEN" -n 2000 -s 3 -o "$tmp/gen" "$S"/*.txt 2> /dev/null
full 200 -j 2 --db "$tmp/full1" "$tmp/gen"
[ "$full_status" = 2 ] && ok || bad "full disk, shards: exit $full_status, want 2"
has "$tmp/err" "shard-0: [xapian][add] writing a scratch shard failed: File too large" "full disk while adding to a shard"
has "$tmp/err" "nothing was indexed; $tmp/full1 left as it was" "full disk, shards"
full 64 -j 2 --db "$tmp/full2" "$S"
has "$tmp/err" "merging the shards into $tmp/full2.build-" "full disk while merging"
has "$tmp/err" "(File too large)" "full disk while merging"
left=$(ls -d "$tmp"/full1* "$tmp"/full2* 2> /dev/null)
[ -z "$left" ] && ok || bad "a full disk left behind: $left"
cp -r "$tmp/db" "$tmp/full3"
full 200 --db "$tmp/full3" "$tmp/gen"
[ "$full_status" = 2 ] && ok || bad "full disk, adding: exit $full_status, want 2"
has "$tmp/err" "DatabaseError: Error writing block" "full disk while adding"
has "$tmp/err" "(File too large)" "full disk while adding"
has "$tmp/err" "stopped; the index keeps every file before this one" "full disk while adding"
"$SRCH" --db "$tmp/full3" --json 委託 | sed 's/"took_ms":[0-9.]*//' > "$tmp/after.json"
"$SRCH" --db "$tmp/db" --json 委託 | sed 's/"took_ms":[0-9.]*//' > "$tmp/before.json"
cmp -s "$tmp/before.json" "$tmp/after.json" && ok || bad "a full disk changed the index"
expect 0 "the rerun with room" -- "$IDX" -q --db "$tmp/full3" "$tmp/gen"
expect 0 "a fresh build of the same" -- "$IDX" -q --db "$tmp/full4" "$S" "$tmp/gen"
"$SRCH" --db "$tmp/full3" --json -n 50 漏えい | sed 's/"took_ms":[0-9.]*//; s/"file":"[^"]*"//g' > "$tmp/after.json"
"$SRCH" --db "$tmp/full4" --json -n 50 漏えい | sed 's/"took_ms":[0-9.]*//; s/"file":"[^"]*"//g' > "$tmp/before.json"
cmp -s "$tmp/before.json" "$tmp/after.json" && ok || bad "the rerun after a full disk differs from a fresh build"
# a kill after Xapian has written some of a file's postings into the tables
# (every notice here), before the file's commit, leaves the index as it was
"$JK_BENCH_GEN" -n 600 -s 5 --first-month 2031-01 --months 1 -o "$tmp/gen1" "$S"/*.txt 2> /dev/null
cp -r "$tmp/db" "$tmp/killmid"
size0=$(stat -c %s "$tmp/killmid/postlist.glass")
XAPIAN_FLUSH_THRESHOLD=1 "$IDX" -q --db "$tmp/killmid" "$tmp/gen1/2031-01.txt" > /dev/null 2>&1 &
kpid=$!
i=0
while [ "$(stat -c %s "$tmp/killmid/postlist.glass")" -le "$size0" ] && [ $i -lt 600 ]; do
    sleep 0.02
    i=$((i + 1))
done
kill -KILL $kpid
wait $kpid
kst=$?
if [ "$kst" = 137 ]; then
    "$SRCH" --db "$tmp/killmid" --json -n 50 委託 | sed 's/"took_ms":[0-9.]*//' > "$tmp/after.json"
    "$SRCH" --db "$tmp/db" --json -n 50 委託 | sed 's/"took_ms":[0-9.]*//' > "$tmp/before.json"
    cmp -s "$tmp/before.json" "$tmp/after.json" && ok || bad "a kill mid-file changed the index"
    expect 0 "the rerun after a kill mid-file" -- "$IDX" --db "$tmp/killmid" "$tmp/gen1/2031-01.txt"
    has "$tmp/out" "600 notices added" "the rerun after a kill mid-file"
else
    echo "the indexer ended (status $kst) before it could be killed mid-file: not checked"
fi
# an index on a read-only file system is named as such, not as locked by
# another writer (in a private mount namespace; skipped where unshare(1)
# cannot make one)
mkdir -p "$tmp/ro"
if unshare -rm sh -c 'mount -t tmpfs tmpfs "$1" && mount -o remount,ro "$1"' sh "$tmp/ro" \
    2> /dev/null; then
    unshare -rm sh -c 'mount -t tmpfs tmpfs "$1" && cp -r "$2" "$1/db" &&
        mount -o remount,ro "$1" && exec "$3" --db "$1/db" "$4"' sh \
        "$tmp/ro" "$tmp/db" "$IDX" "$S/2024-05.txt" > "$tmp/out" 2> "$tmp/err"
    ro_status=$?
    [ "$ro_status" = 2 ] && ok || bad "read-only index: exit $ro_status, want 2"
    has "$tmp/err" "Read-only file system" "read-only index"
    grep -q "is locked" "$tmp/err" && bad "read-only index: called locked" || ok
else
    echo "unshare cannot make a mount namespace here: read-only index not checked"
fi
cp -r "$tmp/db" "$tmp/damaged" && : > "$tmp/damaged/postlist.glass"
expect 2 "damaged index" -- "$SRCH" --db "$tmp/damaged" ランサムウェア
has "$tmp/err" "cannot read the index at $tmp/damaged" "damaged index named"
has "$tmp/err" "build it again from the archive" "damaged index: what to do"
# damage that only a search meets (the postings of 2,000 notices zeroed from
# the second block on) is named the same way
cp -r "$tmp/full4" "$tmp/damaged2"
dd if=/dev/zero of="$tmp/damaged2/postlist.glass" bs=8192 seek=1 \
    count=$(($(stat -c %s "$tmp/damaged2/postlist.glass") / 16384)) conv=notrunc 2> /dev/null
expect 2 "index damaged where a search reads" -- "$SRCH" --db "$tmp/damaged2" 委託
has "$tmp/err" "cannot read the index at $tmp/damaged2 ([xapian][search] DatabaseCorruptError" "damaged postings named"
has "$tmp/err" "build it again from the archive" "damaged postings: what to do"
# --check finds it out, and passes a sound index without writing to it
cp "$tmp/full4/iamglass" "$tmp/iamglass.before"
expect 0 "check a sound index" -- "$IDX" --check --db "$tmp/full4"
has "$tmp/out" "$tmp/full4 is sound: 2020 notices" "check a sound index"
cmp -s "$tmp/iamglass.before" "$tmp/full4/iamglass" && ok || bad "--check wrote to the index"
expect 1 "check a damaged index" -- "$IDX" --check --db "$tmp/damaged2"
has "$tmp/err" "the index at $tmp/damaged2 is damaged (" "check a damaged index"
has "$tmp/err" "build it again from the archive" "check a damaged index: what to do"
expect 1 "check a damaged index, JSON" -- "$IDX" --check --json --db "$tmp/damaged2"
has "$tmp/out" '"sound":false,"notices":2020,"fault":"the index at' "check a damaged index, JSON"
expect 1 "check an index that does not open" -- "$IDX" --check --db "$tmp/damaged"
expect 2 "check no index" -- "$IDX" --check --db "$tmp/nothing-here"
has "$tmp/err" "no index at $tmp/nothing-here" "check no index"
has "$tmp/err" "not checked" "check no index"
expect 2 "check with files" -- "$IDX" --check --db "$tmp/full4" "$S/2024-05.txt"
has "$tmp/err" "--check takes no files" "check with files"
expect 2 "an empty --db, indexer" -- "$IDX" --db "" "$S"
has "$tmp/err" "--db needs the index's directory" "an empty --db, indexer"
expect 2 "an empty --db, searcher" -- "$SRCH" --db "" ランサムウェア
has "$tmp/err" "--db needs the index's directory" "an empty --db, searcher"
echo x > "$tmp/afile"
expect 2 "a file as the index" -- "$SRCH" --db "$tmp/afile" ランサムウェア
has "$tmp/err" "$tmp/afile is a file, not an index" "a file as the index"
expect 2 "no index" -- "$SRCH" --db "$tmp/none" ランサムウェア
has "$tmp/err" "jikenbo-index --db $tmp/none" "no index says how to build one"
expect 0 "json" -- "$SRCH" --db "$tmp/db" --json -n 2 ＢＣＣ
has "$tmp/out" '"query":"ＢＣＣ","total":1,"offset":0,"results":[{"rank":1,"id":"2024-109"' "json"

# facets: filters by slug and by Japanese name, exact counts over all matches
expect 0 "filter by cause" -- "$SRCH" --db "$tmp/db" --json -n 1 cause:ransomware
has "$tmp/out" '"total":4,' "cause filter total"
has "$tmp/out" '"facets":{"cause":{"ransomware":4},"sector":{"local-government":3,"business":1},"year":{"2024":4}}' "exact facet counts beyond the page"
expect 0 "filter by Japanese name" -- "$SRCH" --db "$tmp/db" --json -n 1 cause:ランサムウェア sector:地方自治体
has "$tmp/out" '"total":3,' "Japanese filter names"
# a part of a name written with '・', and a name or slug in other widths
expect 0 "filter by a part of a Japanese name" -- "$SRCH" --db "$tmp/db" --json -n 1 cause:誤送信
has "$tmp/out" '"facets":{"cause":{"misdelivery":' "cause:誤送信 is misdelivery"
expect 0 "--sector by a part of a Japanese name" -- "$SRCH" --db "$tmp/db" --json -n 1 --sector 医療
has "$tmp/out" '"sector":{"healthcare":' "--sector 医療 is healthcare"
expect 0 "filter names in other widths" -- "$SRCH" --db "$tmp/db" --json -n 1 cause:ﾗﾝｻﾑｳｪｱ cause:ＲＡＮＳＯＭＷＡＲＥ
has "$tmp/out" '"total":4,' "ﾗﾝｻﾑｳｪｱ and ＲＡＮＳＯＭＷＡＲＥ"
expect 2 "a name that is no label" -- "$SRCH" --db "$tmp/db" cause:誤
has "$tmp/err" "no such cause; use one of: unauthorized-access (不正アクセス), ransomware (ランサムウェア)" "the labels, with their names"
# the start of a slug, or a part of a name, when it fits one label only
expect 0 "filter by the start of a slug or a part of a name" -- "$SRCH" --db "$tmp/db" --json -n 1 cause:ransom --sector 自治体
has "$tmp/out" '"total":3,' "cause:ransom --sector 自治体"
expect 0 "a slug's start in capitals" -- "$SRCH" --db "$tmp/db" --json -n 1 cause:ＲＡＮＳＯＭ sector:Local-Gov
has "$tmp/out" '"total":3,' "cause:ＲＡＮＳＯＭ sector:Local-Gov"
expect 2 "a part of two names" -- "$SRCH" --db "$tmp/db" cause:送信
has "$tmp/err" "cause:送信 at column 1: fits 2 causes; use one of: misdelivery (誤送信・誤送付), spam-relay (踏み台・迷惑メール送信)" "the two it fits"
expect 2 "one letter is no slug" -- "$SRCH" --db "$tmp/db" cause:r
has "$tmp/err" "cause:r at column 1: no such cause" "one letter names nothing"
# --months: the matches per month, a line per year, and in JSON
expect 0 "--months" -- "$SRCH" --db "$tmp/db" -n 0 --months cause:ransomware
has "$tmp/out" "  month   2024: 05 (2) 06 (2)" "--months"
expect 0 "--months, JSON" -- "$SRCH" --db "$tmp/db" -n 0 --json --months cause:ransomware
has "$tmp/out" '"months":{"2024-05":2,"2024-06":2}' "--months, JSON"
expect 0 "no --months" -- "$SRCH" --db "$tmp/db" -n 0 --json cause:ransomware
grep -q '"months"' "$tmp/out" && bad "months without --months" || ok
# by date: newest first, or oldest first
expect 0 "--sort date" -- "$SRCH" --db "$tmp/db" --json -n 1 --sort date cause:ransomware
has "$tmp/out" '"date":"2024-06-03"' "--sort date: the newest first"
expect 0 "--sort oldest" -- "$SRCH" --db "$tmp/db" --json -n 1 --sort oldest cause:ransomware
has "$tmp/out" '"date":"2024-05-20"' "--sort oldest: the oldest first"
# an undated notice sorts by its neighbours' dates, whatever order the months
# came in: 2024-107 (no date) after 2024-108, before 2024-106
"$SRCH" --db "$tmp/db" --json -n 40 --sort date '*' | grep -o '"id":"[^"]*"' > "$tmp/ids-built"
tr '\n' ' ' < "$tmp/ids-built" | grep -qF '"id":"2024-108" "id":"2024-107" "id":"2024-106"' && ok ||
    bad "--sort date: 2024-107 not between 2024-108 and 2024-106: $(tr '\n' ' ' < "$tmp/ids-built")"
expect 0 "June, then May" -- "$IDX" --db "$tmp/db-jm" "$S/2024-06.txt"
expect 0 "June, then May" -- "$IDX" --db "$tmp/db-jm" "$S/2024-05.txt"
"$SRCH" --db "$tmp/db-jm" --json -n 40 --sort date '*' | grep -o '"id":"[^"]*"' > "$tmp/ids-added"
cmp -s "$tmp/ids-built" "$tmp/ids-added" && [ -s "$tmp/ids-added" ] && ok ||
    bad "--sort date: months added one by one sort otherwise than built at once"
expect 2 "--sort nonsense" -- "$SRCH" --db "$tmp/db" --sort size cause:ransomware
has "$tmp/err" "--sort takes relevance, date (newest first) or oldest, not 'size'" "--sort nonsense"
# like:ID and --like: the notices like one, by the words that tell it apart
expect 0 "like:" -- "$SRCH" --db "$tmp/db" --json -n 1 like:2024-124
has "$tmp/out" '"like":["' "like: lists its words"
has "$tmp/out" '"results":[{"rank":1,"id":"2024-112"' "like:2024-124 finds 2024-112 first"
expect 0 "--like" -- "$SRCH" --db "$tmp/db" -n 1 --like ＃２０２４－１２４ --sector business
has "$tmp/out" "  like    " "the words after the results"
expect 2 "like: an id no notice has" -- "$SRCH" --db "$tmp/db" like:2099-1
has "$tmp/err" "like:2099-1: no notice in the index has the id 2099-1" "like: an id no notice has"
# file:NAME and --file: the notices of the files it names (by now 2024-05
# holds 11 and standard input 10, one of them in both), by name, path or pattern
expect 0 "file:" -- "$SRCH" --db "$tmp/db" --json -n 0 file:2024-05
has "$tmp/out" '"total":11,' "file: a month's notices"
expect 0 "file: a pattern" -- "$SRCH" --db "$tmp/db" --json -n 0 'file:sample/2024-0?.txt'
has "$tmp/out" '"total":11,' "file: a pattern"
expect 0 "--file" -- "$SRCH" --db "$tmp/db" --json -n 0 --file 2024-05.txt -- '-file:"(standard input)"'
has "$tmp/out" '"total":10,' "--file and -file:"
expect 2 "file: a name no file has" -- "$SRCH" --db "$tmp/db" ランサムウェア file:2024
has "$tmp/err" "file:2024 at column 9: no archive file in the index is named so; file:2024* takes" \
    "file: a name no file has"
expect 0 "filter options" -- "$SRCH" --db "$tmp/db" --json --sector education --year 2024
has "$tmp/out" '"total":3,' "--sector and --year"
# an English word is the katakana word a notice writes (dict/variants.txt)
expect 0 "ransomware in English" -- "$SRCH" --db "$tmp/db" --json -n 1 ransomware
has "$tmp/out" '"total":4,' "ransomware in English"
# and a part of it finds the katakana word too, marked in the snippet
expect 0 "ransom, a part in English" -- "$SRCH" --db "$tmp/db" --json -n 1 ransom
has "$tmp/out" '"total":4,' "ransom, a part in English"
expect 0 "ransom, marked" -- "$SRCH" --db "$tmp/db" --color=always -n 1 ransom
has "$tmp/out" "$(printf '\033[1;31mランサムウェア')" "ransom, marked"
# -n 0: no results, the same exact total and facet counts as a page has
expect 0 "-n 0" -- "$SRCH" --db "$tmp/db" --json -n 0 cause:ransomware
has "$tmp/out" '"total":4,"offset":0,"results":[],"facets":{"cause":{"ransomware":4},"sector":{"local-government":3,"business":1},"year":{"2024":4}}' "-n 0 counts"
expect 0 "-n 0, words re-ranked by nearness" -- "$SRCH" --db "$tmp/db" --json -n 0 ランサムウェア 委託
sed 's/"results":\[\]//; s/"took_ms":[0-9.]*//' "$tmp/out" > "$tmp/n0.json"
"$SRCH" --db "$tmp/db" --json ランサムウェア 委託 | sed 's/"results":\[.*\],"facets"/"facets"/; s/"took_ms":[0-9.]*//' > "$tmp/n10.json"
sed 's/,"facets"/"facets"/' "$tmp/n0.json" | cmp -s - "$tmp/n10.json" && ok || bad "-n 0: counts differ from a page's"
expect 0 "-n 0, plain" -- "$SRCH" --db "$tmp/db" -n 0 ランサムウェア 委託
has "$tmp/out" "notices matched in" "-n 0, plain: the count"
grep -q "showing\|^  1\." "$tmp/out" && bad "-n 0, plain: shows results" || ok
# --full: the whole notice, its source lines and every line of its body
expect 0 "--full" -- "$SRCH" --db "$tmp/db" --full ＢＣＣ
has "$tmp/out" "source:  $S/2024-05.txt:65-72" "--full: the source lines"
has "$tmp/out" "該当するお客さまには個別にお詫びし" "--full: the body's last paragraph"
has "$tmp/out" "1 notice matched (showing 1-1)" "--full: the count"
expect 0 "--full --json" -- "$SRCH" --db "$tmp/db" --full --json ＢＣＣ
has "$tmp/out" '"line":65,"end_line":72,"body":"当行の担当者が、' "--full --json"
has "$tmp/out" '表示される状態となりました。\n\n該当するお客さま' "--full --json: the body's line breaks"
# the query's words are marked in the whole body too: in colour, and in
# JSON as body_marks, [start, end) code points of body (メール also as ﾒｰﾙ,
# here in ﾒｰﾙｱﾄﾞﾚｽが表示, a phrase of BCC's related words: marked whole)
expect 0 "--full marked" -- "$SRCH" --db "$tmp/db" --full --color=always ＢＣＣ
has "$tmp/out" "$(printf '本来\033[1;31mＢＣＣ\033[0mで送る')" "--full: the body marked"
expect 0 "--full --json marked" -- "$SRCH" --db "$tmp/db" --full --json bcc メール
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
got = [r["body"][a:b] for a, b in r["body_marks"]]
sys.exit(0 if got == ["メール", "ＢＣＣ", "ﾒｰﾙｱﾄﾞﾚｽが表示", "メール"] or print(got) else 1)' "$tmp/out" &&
    ok || bad "--full --json: body_marks"
# a body longer than a snippet analyses (jk_snippet.h, JK_SNIPPET_PIECE):
# the snippet comes from its start, and --full marks it to its end
mkdir "$tmp/long"
awk 'BEGIN { print "【セキュリティ事件簿#2024-990】長文町 長いお知らせ 2024/6/1\n\n\n町の情報が流出しました。";
    for (i = 0; i < 4000; i++) print "お知らせの本文です。"; print "最後にも流出と書きます。" }' >"$tmp/long/2024-06.txt"
expect 0 "a long notice" -- "$IDX" -q --db "$tmp/longdb" "$tmp/long"
expect 0 "a long notice's snippet" -- "$SRCH" --db "$tmp/longdb" --color=always 流出
has "$tmp/out" "$(printf '町の情報が\033[1;31m流出\033[0mしました')" "a long notice's snippet"
expect 0 "a long notice whole" -- "$SRCH" --db "$tmp/longdb" --full --json 流出
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
got = [(a, r["body"][a:b]) for a, b in r["body_marks"]]
sys.exit(0 if len(got) == 2 and got[1][0] > 65536 // 3 and got[1][1] == "流出" or print(got) else 1)' "$tmp/out" &&
    ok || bad "--full --json: a long body marked to its end"
# a file name that is not UTF-8 (Shift_JIS テスト): still valid JSON, with
# U+FFFD for its bytes, in every --json of both programs
mkdir "$tmp/sj"
cp "$JK_DATA/sample/2024-05.txt" "$tmp/sj/$(printf '\203\145\203\130\203\147').txt"
json_ok() { # json_ok FILE DESCRIPTION: every line of FILE is a JSON value
    python3 -c '
import json, sys
for line in open(sys.argv[1], "rb"):
    json.loads(line)' "$1" 2>/dev/null && ok || bad "$2: not valid JSON"
}
expect 0 "a Shift_JIS file name" -- "$IDX" --db "$tmp/sjdb" --json -q "$tmp/sj"
json_ok "$tmp/out" "indexing a Shift_JIS file name, --json"
has "$tmp/out" "$(printf '/sj/\357\277\275e\357\277\275X\357\277\275g.txt"]')" "a Shift_JIS file name as U+FFFD"
expect 0 "a Shift_JIS file name, --list" -- "$IDX" --db "$tmp/sjdb" --list --json
json_ok "$tmp/out" "--list --json"
expect 0 "a Shift_JIS file name, --dry-run" -- "$IDX" --dry-run --json "$tmp/sj"
json_ok "$tmp/out" "--dry-run --json"
expect 0 "a Shift_JIS file name, search" -- "$SRCH" --db "$tmp/sjdb" --json ＢＣＣ
json_ok "$tmp/out" "search --json"
expect 0 "--json without --full" -- "$SRCH" --db "$tmp/db" --json ＢＣＣ
grep -q '"body"' "$tmp/out" && bad "--json without --full has a body" || ok
# open year ranges take the year they name and the years on that side
expect 0 "year:2024.." -- "$SRCH" --db "$tmp/db" --json cause:ransomware year:2024..
has "$tmp/out" '"total":4,' "year:2024.."
expect 0 "year:..2024" -- "$SRCH" --db "$tmp/db" --json cause:ransomware --year ..2024
has "$tmp/out" '"total":4,' "--year ..2024"
expect 1 "year:2025.." -- "$SRCH" --db "$tmp/db" cause:ransomware year:2025..
expect 1 "year:..2023" -- "$SRCH" --db "$tmp/db" cause:ransomware year:..2023
# date: goes by the date in the title, as written (2024-127's says 2013),
# and counts exactly too; a notice with no date (2024-107) matches none
expect 0 "date:2024-05" -- "$SRCH" --db "$tmp/db" --json -n 1 date:2024-05
has "$tmp/out" '"total":10,' "date:2024-05"
has "$tmp/out" '"year":{"2024":10}}' "date:2024-05 facet counts"
expect 0 "a range of days" -- "$SRCH" --db "$tmp/db" --json date:2024-06-03..2024/6/5
has "$tmp/out" '"total":4,' "a range of days"
expect 0 "an open range" -- "$SRCH" --db "$tmp/db" --json --date ..2023
has "$tmp/out" '"total":1,' "an open date range"
has "$tmp/out" '"id":"2024-127"' "an open date range"
expect 1 "no date matches no date:" -- "$SRCH" --db "$tmp/db" id:2024-107 date:..2999
# two years joined by '-' are read as a notice id; when that finds nothing,
# the note says how to write the years, or the text
expect 1 "years read as an id" -- "$SRCH" --db "$tmp/db" 2023-2024
has "$tmp/err" "note: 2023-2024 was read as the notice id 2023-2024; for the years 2023 to 2024 write year:2023..2024" "years read as an id"
expect 1 "an id typed with #" -- "$SRCH" --db "$tmp/db" '#2023-2024'
grep -q 'note:' "$tmp/err" && bad "#2023-2024 is an id, no note" || ok
expect 0 "other" -- "$SRCH" --db "$tmp/db" --json cause:other
has "$tmp/out" '"id":"2024-103"' "cause:other"

# a pair-word list entry that is not one content word is an error that names
# the file and line (dict/pairwords.txt, see lib/jk_pairs.h)
dict=$(dirname "$IDX")/../dict
mkdir -p "$tmp/dict"
for f in "$dict"/*; do [ -f "$f" ] && cp "$f" "$tmp/dict/"; done
printf '漏洩する\n' >> "$tmp/dict/pairwords.txt"
line=$(wc -l < "$tmp/dict/pairwords.txt")
expect 2 "bad pair word" -- env JIKENBO_DICTDIR="$tmp/dict" "$IDX" --db "$tmp/pw" "$S/2024-05.txt"
has "$tmp/err" "pairwords.txt:$line: '漏洩する' is 2 words" "bad pair word names file and line"
# so does a listed phrase that is not 3 or more listed words (dict/phrases.txt)
cp "$dict/pairwords.txt" "$tmp/dict/"
printf '不正アクセス\n' >> "$tmp/dict/phrases.txt"
line=$(wc -l < "$tmp/dict/phrases.txt")
expect 2 "bad phrase" -- env JIKENBO_DICTDIR="$tmp/dict" "$IDX" --db "$tmp/pw" "$S/2024-05.txt"
has "$tmp/err" "phrases.txt:$line: '不正アクセス' is 2 words to jikenbo, not 3 to 8" "bad phrase names file and line"
# the related words (dict/synonyms.txt, see lib/jk_related.h) are asked for
# at query time and are no part of what an index records: a group added to
# the list finds its words in an index built before, with no rebuilding
cp "$dict/phrases.txt" "$tmp/dict/"
expect 0 "related words" -- "$SRCH" --db "$tmp/db" -n 50 架空市
! grep -q '見本町' "$tmp/out" && ok || bad "架空市 alone finds 見本町"
printf '架空市  見本町\n' >> "$tmp/dict/synonyms.txt"
expect 0 "a related group added" -- env JIKENBO_DICTDIR="$tmp/dict" "$SRCH" --db "$tmp/db" -n 50 架空市
has "$tmp/out" "見本町" "a related group added finds its words"
# a group of one word, or a word of no searchable term, names the file and line
printf '紛失\n' >> "$tmp/dict/synonyms.txt"
line=$(wc -l < "$tmp/dict/synonyms.txt")
expect 2 "one-word related group" -- env JIKENBO_DICTDIR="$tmp/dict" "$SRCH" --db "$tmp/db" 架空市
has "$tmp/err" "synonyms.txt:$line: a group of one word ('紛失') relates nothing" "one-word group names file and line"
printf 'の  紛失\n' > "$tmp/dict/synonyms.txt"
expect 2 "related word of no term" -- env JIKENBO_DICTDIR="$tmp/dict" "$SRCH" --db "$tmp/db" 架空市
has "$tmp/err" "synonyms.txt:1: 'の' has no searchable word" "a related word of no term names file and line"
cp "$dict/synonyms.txt" "$tmp/dict/"

# progress on a terminal (script(1) gives the indexer one): a new index says
# what it is doing, with no "0/1" counter for its single stage; --no-progress
# shows none
if command -v script >/dev/null 2>&1; then
    script -qec "'$IDX' -j 2 --db '$tmp/tty-db' '$S'" /dev/null > "$tmp/tty" 2>&1 || bad "progress: the build failed"
    has "$tmp/tty" "reading the files" "progress on a terminal"
    has "$tmp/tty" "merging the shards" "progress on a terminal"
    has "$tmp/tty" "holds 20 notices" "progress on a terminal"
    grep -q '] 0/1 ' "$tmp/tty" && bad "progress: a 0/1 counter" || ok
    rm -rf "$tmp/tty-db"
    script -qec "'$IDX' -j 2 --no-progress --db '$tmp/tty-db' '$S'" /dev/null > "$tmp/tty" 2>&1
    grep -q 'merging the shards' "$tmp/tty" && bad "progress despite --no-progress" || ok
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
