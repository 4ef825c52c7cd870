#!/bin/sh
# bash completion (searcher/completion.bash) in a real interactive bash, typed
# into through tmux: options, option values, cause:/sector:/file: values
# (bash splits words at ':'), the files an index holds for --remove.
# Usage: completion.sh COMPLETION_SCRIPT. Skipped (77) without tmux or bash.
set -u
. "$(dirname "$0")/tmux.sh"
tmux_setup comp bash
script=$1
"$JK_INDEXER" -q --db "$tmp/db" "$JK_DATA/sample" || exit 99
# the programs under their own names on $PATH, as installed
mkdir "$tmp/bin"
ln -s "$JK_INDEXER" "$tmp/bin/jikenbo-index"
ln -s "$JK_SEARCHER" "$tmp/bin/jikenbo-search"
cat >"$tmp/rc" <<EOF
PS1='$ '
PATH='$tmp/bin':\$PATH
unset JIKENBO_DB
. '$script'
cd '$JK_DATA/..'
echo READY
EOF

$T new-session -d -x 160 -y 50 "bash --rcfile '$tmp/rc' -i; sleep 60"
expect "READY"
# and the prompt, which the line editor draws once it owns the terminal: keys
# sent before then are echoed by the terminal and read out of order
expect "\$"

complete "jikenbo-search --so" Tab
expect "\$ #1 jikenbo-search --sort |"
complete "jikenbo-search --sort ol" Tab
expect "\$ #2 jikenbo-search --sort oldest |"
complete "jikenbo-search --cause mis" Tab
expect "\$ #3 jikenbo-search --cause misdelivery |"
complete "jikenbo-search cause:ran" Tab
expect "\$ #4 jikenbo-search cause:ransomware |"
complete "jikenbo-search 委託 sector:local" Tab
expect "\$ #5 jikenbo-search 委託 sector:local-government |"
complete "jikenbo-search ye" Tab
expect "\$ #6 jikenbo-search year:|" # a field: no space, the value follows
# the names of the files the index holds, for file: and --file
complete "jikenbo-search --db $tmp/db file:2" Tab
expect "\$ #7 jikenbo-search --db $tmp/db file:2024-0|"
complete "jikenbo-search --db=$tmp/db file:2024-0" Tab Tab
expect "2024-05  2024-06"
complete "jikenbo-search --db $tmp/db --file 2024-06" Tab
expect "\$ #9 jikenbo-search --db $tmp/db --file 2024-06 |"
# the indexer: options, and for --remove the paths as --list shows them
complete "jikenbo-index --che" Tab
expect "\$ #10 jikenbo-index --check |"
complete "jikenbo-index --db $tmp/db --remove " Tab
expect "\$ #11 jikenbo-index --db $tmp/db --remove $JK_DATA/sample/2024-0|"
# archive files as usual
complete "jikenbo-index data/sam" Tab
expect "\$ #12 jikenbo-index data/sample/|"

# an option's value after '=' (bash splits the word there too)
complete "jikenbo-search --sort=ol" Tab
expect "\$ #13 jikenbo-search --sort=oldest |"
complete "jikenbo-search --db=$tmp/d" Tab
expect "\$ #14 jikenbo-search --db=$tmp/db/|"
# the last item of a list
complete "jikenbo-search cause:fraud,ran" Tab
expect "\$ #15 jikenbo-search cause:fraud,ransomware |"
complete "jikenbo-search --sector education,loc" Tab
expect "\$ #16 jikenbo-search --sector education,local-government |"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
