#!/bin/sh
# The full benchmark behind README's Performance section, in one command:
#   sh bench/run.sh [NOTICES]        (default 100000; 3 to 6 minutes on 2 cores)
# Generates a corpus of NOTICES notices (deterministic, seed 7) from the seed
# months in ../shared/seeds (else from the bundled sample), plus one more month
# after it, then runs every mode of jikenbo-bench. Tables on stdout, JSON in
# bench/results/.
set -eu
cd "$(dirname "$0")/.."
n=${1:-100000}
src=../shared/seeds
[ -d "$src" ] || src=tests/data/sample
sh .ci/deps
meson setup build >/dev/null
meson compile -C build >/dev/null
tmp=$(mktemp -d /tmp/jk-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
B=build/bench
$B/bench-gen --notices "$n" --seed 7 --out "$tmp/corpus" "$src"/*.txt tests/data/sample/*.txt
$B/bench-gen --notices $((n / 120)) --seed 8 --first-month 2025-01 --months 1 \
    --out "$tmp/new" "$src"/*.txt tests/data/sample/*.txt
mkdir -p bench/results
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo
$B/jikenbo-bench tokenize --corpus "$tmp/corpus" --json bench/results/tokenize.json
echo
$B/jikenbo-bench index --corpus "$tmp/corpus" --db "$tmp/db" --jobs "$(nproc)" \
    --new-month "$tmp/new/2025-01.txt" --json bench/results/index.json
echo
$B/jikenbo-bench query --corpus "$tmp/corpus" --db "$tmp/db" --runs 50 --fts-runs 10 \
    --json bench/results/query.json
