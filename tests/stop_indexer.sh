# Sourced by the script tests; needs $JK_INDEXER and $tmp.
#
# stop_indexer SIGNAL DB [ARGS...]: runs the indexer on DB with ARGS and then
# standard input, a FIFO that delivers nothing, so that it waits there with
# the index at DB open (the indexer makes the index before it reads standard
# input). Then sends it SIGNAL, closes the FIFO and waits for it: its exit
# status is in $stop_status, its stderr in $tmp/stop-err.
stop_indexer() {
    stop_sig=$1 stop_db=$2
    shift 2
    mkfifo "$tmp/stop-fifo"
    "$JK_INDEXER" --db "$stop_db" "$@" - < "$tmp/stop-fifo" > /dev/null 2> "$tmp/stop-err" &
    stop_pid=$!
    exec 3> "$tmp/stop-fifo"
    stop_i=0
    while [ ! -f "$stop_db/iamglass" ] && [ $stop_i -lt 100 ]; do
        sleep 0.1
        stop_i=$((stop_i + 1))
    done
    sleep 0.2 # from making the index to reading standard input
    kill -"$stop_sig" $stop_pid
    exec 3>&-
    wait $stop_pid
    stop_status=$?
    rm -f "$tmp/stop-fifo"
}

# killed_index DB: makes at DB what an indexer killed before it put anything
# in leaves, an index with no notice.
killed_index() {
    stop_indexer KILL "$1"
}
