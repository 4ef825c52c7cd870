#!/bin/sh
# Every benchmark mode on a tiny corpus generated from the bundled sample: the
# programs run, print their tables and write their JSON. (Timings are not
# checked here: bench/run.sh measures them.)
set -u
tmp=$(mktemp -d /tmp/jk-test-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # check DESCRIPTION COMMAND...
    what=$1
    shift
    if "$@" > "$tmp/out" 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what" >&2; cat "$tmp/out" >&2; fi
}
has() {
    if grep -q -- "$2" "$1"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: no '$2' in $1" >&2; cat "$1" >&2; fi
}
S="$JK_DATA/sample"
# every bench program: --help on stdout with status 0 and lines that fit 80
# columns; an unknown option or a bad value is a usage error (status 2) that
# points to --help
usage_error() { # usage_error PROGRAM ARGS...: status 2 and "Try 'NAME --help'"
    name=$(basename "$1")
    "$@" > "$tmp/out" 2> "$tmp/err"
    st=$?
    if [ "$st" -eq 2 ] && grep -q "^Try '$name --help'" "$tmp/err"; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "FAIL: '$*' gave status $st:" >&2; cat "$tmp/err" >&2; fi
}
for p in "$JK_BENCH" "$JK_BENCH_GEN" "$JK_BENCH_WORDS" "$JK_BENCH_EVAL" "$JK_BENCH_CLASSIFY"; do
    name=$(basename "$p")
    check "$name --help" "$p" --help
    has "$tmp/out" "^Usage: $name "
    awk 'length($0) > 80 { bad = 1; print "too wide: " $0 } END { exit bad }' "$tmp/out" >&2 \
        && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: $name --help wider than 80" >&2; }
    usage_error "$p" --no-such-option
done
usage_error "$JK_BENCH_GEN" --notices many "$S"/2024-05.txt
usage_error "$JK_BENCH_GEN" --first-month 2025-13 "$S"/2024-05.txt
usage_error "$JK_BENCH_GEN" --notices 5
usage_error "$JK_BENCH" --runs 0 query --corpus "$S"
usage_error "$JK_BENCH" --fts-runs 0 query --corpus "$S"
usage_error "$JK_BENCH" index
usage_error "$JK_BENCH" indx --corpus "$S"
# the index mode removes what is at --db first: never anything but an index
mkdir -p "$tmp/precious" && echo keep > "$tmp/precious/notes.txt"
"$JK_BENCH" index --corpus "$S" --db "$tmp/precious" > "$tmp/out" 2>&1
[ $? -eq 2 ] && [ -f "$tmp/precious/notes.txt" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: index mode removed a directory that is not an index" >&2; }
usage_error "$JK_BENCH_WORDS" --min-share 0 "$S"
usage_error "$JK_BENCH_CLASSIFY" --seconds none
check "gen" "$JK_BENCH_GEN" --notices 240 --seed 3 --out "$tmp/c" "$S"/2024-05.txt "$S"/2024-06.txt
# the parser finds exactly the notices and other posts the generator wrote
wrote=$(sed -n 's/^bench-gen: \([0-9]*\) notices and \([0-9]*\) other posts.*/\1 \2/p' "$tmp/out")
found=$("$JK_INDEXER" --dry-run "$tmp/c" 2>/dev/null | awk -F'\t' '{split($2, a, " "); c[a[1]]++} END {print c["notice"]+0, c["other"]+0}')
[ -n "$wrote" ] && [ "$wrote" = "$found" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: generator wrote '$wrote', parser found '$found'" >&2; }
[ "$(ls "$tmp/c" | wc -l)" -eq 120 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: 120 months" >&2; }
"$JK_BENCH_GEN" --notices 240 --seed 3 --out "$tmp/c2" "$S"/2024-05.txt "$S"/2024-06.txt >/dev/null
diff -r "$tmp/c" "$tmp/c2" >/dev/null && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: not deterministic" >&2; }
check "gen month" "$JK_BENCH_GEN" --notices 5 --seed 4 --first-month 2025-01 --months 1 --out "$tmp/m" "$S"/2024-05.txt
check "tokenize" "$JK_BENCH" tokenize --corpus "$tmp/c" --json "$tmp/t.json"
has "$tmp/t.json" '"speed_vs_raw":'
check "index" "$JK_BENCH" index --corpus "$tmp/c" --db "$tmp/db" --new-month "$tmp/m/2025-01.txt" --json "$tmp/i.json"
has "$tmp/i.json" '"notices":240,'
has "$tmp/i.json" '"raw_mecab_before_s":[0-9.]*,"raw_mecab_after_s":[0-9.]*,' # raw MeCab both sides of the build
has "$tmp/i.json" '"month_notices":5,'
has "$tmp/i.json" '"peak_rss_mb":[1-9][0-9]*,' # the build's own, measured in its child process
has "$tmp/i.json" '"month_s":[0-9.]*,"month_input_mb":0\.0[0-9]*,"month_peak_rss_mb":[1-9][0-9]*,"month_index_growth_mb":[0-9.]*}' # the month's own, too
check "query" "$JK_BENCH" query --corpus "$tmp/c" --db "$tmp/db" --runs 1 --fts-runs 2 --json "$tmp/q.json"
# jikenbo's rounds and FTS5's are counted apart: 19 searches a round, and
# grep runs each of the 12 queries without a facet filter --runs times, at
# most five
has "$tmp/q.json" '"runs":1,"fts_runs":2,'
has "$tmp/q.json" '"timed":{"jikenbo":19,"paused":19,"fts5":38,"grep":12},'
has "$tmp/out" '^(FTS5: 2 runs, '
has "$tmp/q.json" '"jikenbo_all":'
has "$tmp/q.json" '"like":\[[0-9.]*,[0-9.]*,[0-9.]*\],"jikenbo_all"' # like:ID, outside the mix
has "$tmp/out" '^like:ID '
has "$tmp/q.json" '"word":{"jikenbo":\[[0-9.,]*\],"fts5":\[[0-9.,]*\],"grep":\[[0-9.,]*\]}' # grep's numbers too
has "$tmp/q.json" '"word+filter":{[^}]*"grep":null}' # grep cannot filter by facet
check "query, jikenbo only" "$JK_BENCH" query --corpus "$tmp/c" --db "$tmp/db" --runs 1 --jikenbo-only --json "$tmp/q1.json"
has "$tmp/out" 'FTS5 not run'
has "$tmp/q1.json" '"fts5":null,"grep":null}'
has "$tmp/q1.json" '"faster_than_fts5_everywhere":null,'
has "$tmp/q1.json" '"timed":{"jikenbo":19,"paused":19,"fts5":0,"grep":0},'
# the mix again, each search after a pause, as at the prompt
has "$tmp/out" '^all, paused  *| [0-9.]* [0-9.]* [0-9.]* '
has "$tmp/q1.json" '"jikenbo_paused":\[[0-9.]*,[0-9.]*,[0-9.]*\],'
# each query of the mix with its p50 and slowest run, and the runs that make the p99
has "$tmp/q1.json" '"queries":\[{"class":"word","query":"ランサムウェア","p50":[0-9.]*,"max":[0-9.]*},'
has "$tmp/q1.json" '{"class":"partial+filter","query":"ランサム sector:business","p50":[0-9.]*,"max":[0-9.]*}\]}$'
has "$tmp/out" '^its runs at or above the p99: [0-9.]* ms '
# and the paused rounds' own, each with a query of the mix
has "$tmp/out" '^after a pause, at or above that p99: [0-9.]* ms [^ ,]'
# the slowest query's p50 is the one its entry gives (several runs, so that
# the middle one is not the only one)
check "query, four runs" "$JK_BENCH" query --corpus "$tmp/c" --db "$tmp/db" --runs 4 --jikenbo-only --json "$tmp/q4.json"
slow=$(sed -n 's/.*"slowest":{"query":\("\([^"\\]\|\\.\)*"\),"p50":\([0-9.]*\)}.*/"query":\1,"p50":\3,/p' "$tmp/q4.json")
[ -n "$slow" ] && grep -qF -- "$slow" "$tmp/q4.json" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: the slowest query's p50 ($slow) is not its entry's" >&2; cat "$tmp/q4.json" >&2; }
# the pair-word list from the sample: frequent words only, and a list the
# analyzer accepts (every line one word as it analyses alone)
check "words" "$JK_BENCH_WORDS" --min-share 20 "$S"
cp "$tmp/out" "$tmp/pairwords.txt"
has "$tmp/pairwords.txt" '^# The words whose adjacent pairs'
has "$tmp/pairwords.txt" '^アクセス$'
! grep -qx 'する' "$tmp/pairwords.txt" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: hiragana-only word listed" >&2; }
# a new word list comes with no phrases until they are made from it
mkdir -p "$tmp/dict"
for f in "$(dirname "$JK_INDEXER")/../dict/"*; do [ -f "$f" ] && cp "$f" "$tmp/dict/"; done
cp "$tmp/pairwords.txt" "$tmp/dict/"
printf '# none yet\n' > "$tmp/dict/phrases.txt"
check "words list loads" env JIKENBO_DICTDIR="$tmp/dict" "$JK_INDEXER" --db "$tmp/pw" "$S"/2024-05.txt
# the phrases of listed words side by side, and a list the analyzer accepts
check "phrases" env JIKENBO_DICTDIR="$tmp/dict" "$JK_BENCH_WORDS" --phrases --min-share 10 "$S"
cp "$tmp/out" "$tmp/dict/phrases.txt"
has "$tmp/dict/phrases.txt" '^# The phrases jikenbo indexes as terms'
has "$tmp/dict/phrases.txt" '^不正アクセス受ける$'
rm -rf "$tmp/pw"
check "phrase list loads" env JIKENBO_DICTDIR="$tmp/dict" "$JK_INDEXER" --db "$tmp/pw" "$S"/2024-05.txt
check "phrase term" env JIKENBO_DICTDIR="$tmp/dict" "$JK_SEARCHER" --db "$tmp/pw" --explain '"不正アクセスを受けた"'
has "$tmp/out" 'Query(4 \* XP不正 アクセス 受ける)'
# the experiment behind the README's table of what each part of the index
# costs must still apply to the code it measures
if command -v git > /dev/null 2>&1; then
    check "bench/leave-out.patch applies" git -C "$JK_SRC" apply --check bench/leave-out.patch
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
