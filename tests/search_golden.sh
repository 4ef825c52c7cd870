#!/bin/sh
# Golden outputs of jikenbo-search on the bundled sample: each
# tests/golden/search/NAME.args holds the arguments (shell quoting), NAME.out
# the expected stdout (timings replaced by X). With --update, rewrites the .out
# files from the current output (review the diff before committing).
set -u
tmp=$(mktemp -d /tmp/jk-test-golden-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
update=0
[ "${1:-}" = "--update" ] && update=1
cd "$JK_DATA" || exit 99
"$JK_INDEXER" -q --db "$tmp/db" sample || exit 99
pass=0 fail=0
for args in "$JK_GOLDEN"/search/*.args; do
    name=$(basename "$args" .args)
    want="${args%.args}.out"
    eval "set -- $(cat "$args")"
    COLUMNS=100 NO_COLOR=1 "$JK_SEARCHER" --db "$tmp/db" "$@" 2>&1 |
        sed -e 's/"took_ms":[0-9.]*/"took_ms":X/' -e 's/ in [0-9.]* ms$/ in X ms/' > "$tmp/$name.out"
    if [ $update = 1 ]; then
        cp "$tmp/$name.out" "$want"
    elif cmp -s "$tmp/$name.out" "$want"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $name ($(cat "$args"))" >&2
        diff -u "$want" "$tmp/$name.out" >&2
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
