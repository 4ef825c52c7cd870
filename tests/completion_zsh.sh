#!/bin/sh
# zsh completion (searcher/_jikenbo) in a real interactive zsh, typed into
# through tmux: options, option values, cause:/sector:/file: values, the files
# an index holds for --remove; and its options against each program's --help,
# so that neither can change without the other.
# Usage: completion_zsh.sh COMPLETION_FILE. Skipped (77) without tmux or zsh.
set -u
. "$(dirname "$0")/tmux.sh"
tmux_setup zcomp zsh
script=$1

# every long option of --help is in the completion, and every one there is in --help
for prog in "$JK_INDEXER" "$JK_SEARCHER"; do
    name=${prog##*/}
    help=$("$prog" --help | grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u)
    # the options of the function for this program, as _arguments specs give them
    spec=$(sed -n "/^_jikenbo_${name#jikenbo-}() {/,/^}/p" "$script" |
        grep -o -- "--[a-z][a-z-]*[a-z][=[},]" | tr -d '=[},' | sort -u)
    for o in $help; do
        case $o in --colour) continue ;; esac # not in --help
        if printf '%s\n' "$spec" | grep -qx -- "$o"; then pass=$((pass + 1)); else
            fail=$((fail + 1)); echo "FAIL: $name --help has $o, the zsh completion does not" >&2
        fi
    done
    for o in $spec; do
        case $o in --colour) continue ;; esac
        if printf '%s\n' "$help" | grep -qx -- "$o"; then pass=$((pass + 1)); else
            fail=$((fail + 1)); echo "FAIL: the zsh completion has $o, $name --help does not" >&2
        fi
    done
done

"$JK_INDEXER" -q --db "$tmp/db" "$JK_DATA/sample" || exit 99
# the programs under their own names on $PATH, as installed; the completion
# on $fpath under its own name
mkdir "$tmp/bin" "$tmp/fn"
ln -s "$JK_INDEXER" "$tmp/bin/jikenbo-index"
ln -s "$JK_SEARCHER" "$tmp/bin/jikenbo-search"
cp "$script" "$tmp/fn/_jikenbo"
cat >"$tmp/.zshrc" <<EOF
PS1='$ '
PATH='$tmp/bin':\$PATH
unset JIKENBO_DB
fpath=('$tmp/fn' \$fpath)
autoload -Uz compinit && compinit -u -d '$tmp/zcompdump'
setopt interactive_comments
unsetopt beep
cd '$JK_DATA/..'
echo READY
EOF

complete_mark=%

$T new-session -d -x 160 -y 50 "ZDOTDIR='$tmp' zsh -i; sleep 60"
expect "READY"
# and the prompt, which the line editor draws once it owns the terminal: keys
# sent before then are echoed by the terminal and read out of order
expect "\$"

complete "jikenbo-search --so" Tab
expect "\$ #1 jikenbo-search --sort=%"
complete "jikenbo-search --sort ol" Tab
expect "\$ #2 jikenbo-search --sort oldest %"
complete "jikenbo-search --cause mis" Tab
expect "\$ #3 jikenbo-search --cause misdelivery %"
complete "jikenbo-search cause:ran" Tab
expect "\$ #4 jikenbo-search cause:ransomware %"
complete "jikenbo-search 委託 sector:local" Tab
expect "\$ #5 jikenbo-search 委託 sector:local-government %"
complete "jikenbo-search ye" Tab
expect "\$ #6 jikenbo-search year:%" # a field: no space, the value follows
# the names of the files the index holds, for file: and --file
complete "jikenbo-search --db $tmp/db file:2" Tab
expect "\$ #7 jikenbo-search --db $tmp/db file:2024-0%"
complete "jikenbo-search --db=$tmp/db --file 2024-06" Tab
expect "\$ #8 jikenbo-search --db=$tmp/db --file 2024-06 %"
# the indexer: options, and for --remove the paths as --list shows them
complete "jikenbo-index --che" Tab
expect "\$ #9 jikenbo-index --check %"
complete "jikenbo-index --db $tmp/db --remove " Tab
expect "\$ #10 jikenbo-index --db $tmp/db --remove $JK_DATA/sample/2024-0%"
# archive files as usual
complete "jikenbo-index data/sam" Tab
expect "\$ #11 jikenbo-index data/sample/%"
complete "jikenbo-search --sort=ol" Tab
expect "\$ #12 jikenbo-search --sort=oldest %"
# the last item of a list
complete "jikenbo-search cause:fraud,ran" Tab
expect "\$ #13 jikenbo-search cause:fraud,ransomware %"
complete "jikenbo-search --sector education,loc" Tab
expect "\$ #14 jikenbo-search --sector education,local-government %"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
