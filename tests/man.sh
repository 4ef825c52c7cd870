#!/bin/sh
# The manual pages against the programs: every option of --help is in the
# page and every option the page names is one the program takes, every
# variable --help names is under ENVIRONMENT, the version is the program's,
# and groff renders the page with no warning.
# Usage: man.sh PROGRAM PAGE [PROGRAM PAGE ...]
set -u
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
tmp=$(mktemp -d /tmp/jk-test-man-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# the long options (--name) in a text, one per line, sorted
long_opts() { grep -o -- '--[a-z][a-z-]*[a-z]' "$1" | sort -u; }

while [ $# -ge 2 ]; do
    prog=$1 page=$2
    shift 2
    name=$(basename "$prog")
    "$prog" --help >"$tmp/help" || bad "$name --help exits $?"
    # the page's text with roff's escaped hyphens as plain ones, and its
    # OPTIONS (other sections may name the other program's options)
    sed 's/\\-/-/g' "$page" >"$tmp/page"
    sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$tmp/page" >"$tmp/options"

    long_opts "$tmp/help" >"$tmp/help.long"
    long_opts "$tmp/options" >"$tmp/page.long"
    [ -s "$tmp/help.long" ] || bad "$name: no option found in --help"
    missing=$(comm -23 "$tmp/help.long" "$tmp/page.long")
    [ -z "$missing" ] && ok || bad "$name: options of --help not under OPTIONS in its page:" $missing
    extra=$(comm -13 "$tmp/help.long" "$tmp/page.long")
    [ -z "$extra" ] && ok || bad "$name: its OPTIONS name options --help does not:" $extra

    # short options, as --help lists them ("  -n, --limit N")
    for s in $(sed -n 's/^  \(-[a-zA-Z]\), --.*/\1/p' "$tmp/help"); do
        grep -q -- "^\.BR $s \", \" --" "$tmp/options" && ok || bad "$name: $s is not in its page"
    done

    # every $VARIABLE of --help is a tag under ENVIRONMENT
    sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$page" | sed -n 's/^\.B \([A-Z_]*\)$/\1/p' \
        >"$tmp/env"
    [ -s "$tmp/env" ] || bad "$name: its page has no ENVIRONMENT"
    for v in $(grep -o '\$[A-Z_][A-Z_]*' "$tmp/help" | tr -d '$' | sort -u); do
        grep -qx "$v" "$tmp/env" && ok || bad "$name: \$$v is not under ENVIRONMENT in its page"
    done

    version=$("$prog" --version | sed -n '1s/^[^ ]* //p')
    grep -q "^\.TH .*\"jikenbo $version\"" "$page" && ok ||
        bad "$name: its page does not say version $version"

    if command -v groff >/dev/null 2>&1; then
        groff -Kutf8 -man -Tutf8 -ww -z "$page" 2>"$tmp/groff"
        [ $? -eq 0 ] && [ ! -s "$tmp/groff" ] && ok ||
            bad "$name: groff warns about its page: $(cat "$tmp/groff")"
        # rendered, the page has its sections and its options as typed
        groff -Kutf8 -man -Tutf8 -P-cbou "$page" 2>/dev/null >"$tmp/text"
        for sect in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT EXAMPLES; do
            grep -q "^$sect\$" "$tmp/text" && ok || bad "$name: no $sect in the rendered page"
        done
        grep -q -- "--help" "$tmp/text" && ok || bad "$name: --help is not in the rendered page"
    else
        echo "groff not installed: the pages are not rendered"
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
