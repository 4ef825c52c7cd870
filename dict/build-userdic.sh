#!/bin/sh
# Compiles jikenbo's MeCab user dictionary.
# usage: build-userdic.sh MECAB_DICT_INDEX IPADIC_SRC CSV OUTPUT WORKDIR
# mecab-ipadic ships its .def files in EUC-JP; mecab-dict-index reads the
# definitions and the CSV in one charset, so the definitions are converted to
# UTF-8 in WORKDIR first (matrix.def holds only numbers and is linked).
set -eu
dict_index=$1 src=$2 csv=$3 out=$4 work=$5
if [ ! -x "$dict_index" ]; then
    echo "build-userdic: $dict_index not found: install mecab-utils" >&2
    exit 1
fi
if [ ! -f "$src/left-id.def" ]; then
    echo "build-userdic: $src/left-id.def not found: install mecab-ipadic" >&2
    exit 1
fi
mkdir -p "$work"
for f in left-id.def right-id.def rewrite.def pos-id.def; do
    iconv -f EUC-JP -t UTF-8 "$src/$f" > "$work/$f"
done
sed 's/^config-charset.*/config-charset = UTF-8/' "$src/dicrc" > "$work/dicrc"
ln -sf "$src/matrix.def" "$work/matrix.def"
# Comment lines (#) and blank lines in the CSV are for people, not MeCab.
grep -v -e '^#' -e '^[[:space:]]*$' "$csv" > "$work/user.csv"
"$dict_index" -d "$work" -u "$out" -f utf-8 -t utf-8 "$work/user.csv" > "$work/log" 2>&1 || {
    cat "$work/log" >&2
    exit 1
}
