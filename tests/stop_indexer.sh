# Sourced by the script tests. killed_index DIR: makes at DIR what an indexer
# killed before it put anything in leaves, an index with no notice: the
# indexer makes the index before it reads standard input, so it is killed
# while it waits on a pipe that never delivers. Needs $JK_INDEXER and $tmp.
killed_index() {
    mkfifo "$tmp/killed-fifo"
    "$JK_INDEXER" --db "$1" - < "$tmp/killed-fifo" > /dev/null 2>&1 &
    killed_pid=$!
    exec 3> "$tmp/killed-fifo"
    killed_i=0
    while [ ! -f "$1/iamglass" ] && [ $killed_i -lt 100 ]; do
        sleep 0.1
        killed_i=$((killed_i + 1))
    done
    kill -9 $killed_pid
    wait $killed_pid 2> /dev/null
    exec 3>&-
    rm -f "$tmp/killed-fifo"
}
