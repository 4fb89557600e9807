# kafka_env.sh — sourced by the Kafka tests: skips the calling test (exit 77, with the reason) while
# rowtap, its plugins, the Kafka sink or the test helpers are missing (the mock cluster helper is
# only built when librdkafka's rdkafka_mock.h is installed), or without Debian's python3-msgpack;
# then provides a mock Kafka cluster in its own process (tests/kafka/mock_cluster on 127.0.0.1),
# rowtap runs writing to it, and a work folder removed at exit together with the helper process,
# which is always waited for.

skip() {
    echo "SKIP: $*"
    exit 77
}

fail() {
    echo "FAIL: $*"
    exit 1
}

rowtap="$top_builddir/rowtap"
mock_cluster="$top_builddir/tests/kafka/mock_cluster"
consume="$top_builddir/tests/kafka/consume"
checker="$top_srcdir/tests/kafka/kafka_check.py"
python=/usr/bin/python3
[ -x "$rowtap" ] || skip "rowtap is not built"
[ -e "$top_builddir/sinks/.libs/kafka.so" ] \
    || skip "the Kafka sink is not built (configure found no librdkafka or no msgpack-c: apt-get install librdkafka-dev libmsgpack-dev)"
[ -x "$mock_cluster" ] \
    || skip "librdkafka's mock cluster header librdkafka/rdkafka_mock.h is absent, so tests/kafka/mock_cluster is not built"
[ -x "$consume" ] || skip "tests/kafka/consume is not built"
[ -x "$python" ] && "$python" -c 'import msgpack' 2>/dev/null \
    || skip "$python with python3-msgpack is needed to decode the messages (apt-get install python3-msgpack)"

plugins=
for p in basicFlow basicStats tcpFlags tcpWin; do
    [ -e "$top_builddir/plugins/.libs/$p.so" ] && plugins="$plugins${plugins:+,}$p"
done
[ -n "$plugins" ] || skip "no plugin is built yet (plugins/.libs/basicFlow.so is missing)"

work=$(mktemp -d)
mock_pid=
kafka_cleanup() {
    if [ -n "$mock_pid" ]; then
        kill "$mock_pid" 2>/dev/null
        wait "$mock_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap kafka_cleanup EXIT
trap 'exit 1' INT TERM

# wait_for SECONDS COMMAND... — runs COMMAND every 10 ms until it succeeds; fails after SECONDS.
wait_for() {
    tries=$(($1 * 100))
    shift
    while ! "$@"; do
        tries=$((tries - 1))
        [ $tries -gt 0 ] || return 1
        sleep 0.01
    done
}

has_bootstrap() {
    grep -qs '^bootstrap ' "$work/mock.log"
}

# answers_above N — the helper has answered more than N commands.
answers_above() {
    [ "$(grep -c '^\(ok\|error\) ' "$work/mock.log")" -gt "$1" ]
}

# mock_start [BROKERS] — starts the helper; sets $bootstrap.
mock_start() {
    mkfifo "$work/control" || fail "mkfifo $work/control"
    "$mock_cluster" -b "${1:-3}" "$work/control" >"$work/mock.log" 2>"$work/mock.err" &
    mock_pid=$!
    wait_for 10 has_bootstrap || fail "the mock cluster did not start: $(cat "$work/mock.err")"
    bootstrap=$(sed -n 's/^bootstrap //p' "$work/mock.log")
}

# mock_do COMMAND... — sends one command (see tests/kafka/mock_cluster.c) and waits for its answer.
mock_do() {
    answered=$(grep -c '^\(ok\|error\) ' "$work/mock.log")
    echo "$*" >"$work/control"
    wait_for 10 answers_above "$answered" || fail "the mock cluster did not answer '$*'"
    grep '^\(ok\|error\) ' "$work/mock.log" | tail -n 1 | grep -q "^ok $*\$" \
        || fail "the mock cluster refused '$*': $(tail -n 1 "$work/mock.log")"
}

# mock_stop — stops the helper, waits for it and removes its control pipe (mock_start may follow).
mock_stop() {
    mock_do quit
    wait "$mock_pid"
    mock_pid=
    rm -f "$work/control"
}

# make_topics NAME PARTITIONS — topics NAME.flows and NAME.packets, and NAME.schemas (1 partition).
make_topics() {
    mock_do topic "$1.flows" "$2"
    mock_do topic "$1.packets" "$2"
    mock_do topic "$1.schemas" 1
}

# kafka_args NAME — the options pointing the Kafka sink at the topics of make_topics.
kafka_args() {
    echo "-X kafka.bootstrap.servers=$bootstrap -X kafka.topic.flows=$1.flows -X kafka.topic.packets=$1.packets" \
         "-X kafka.topic.schemas=$1.schemas"
}

# check_run NAME FORMAT DUMP [--partial] — kafka_check.py on the messages of run NAME against its
# text files $work/NAME/out_*.txt.
check_run() {
    name=$1 format=$2 dump=$3
    shift 3
    prefix=$work/$name/out
    "$python" "$checker" "$@" --format "$format" --sensor 666 --dump "$dump" --schemas "$name.schemas" \
        "flows=$name.flows:${prefix}_flows.txt" "packets=$name.packets:${prefix}_packets.txt" \
        >"$work/$name/check.log" 2>&1
}

# sink_line NAME STREAM — the "Sink kafka, STREAM: ..." line of run NAME's report.
sink_line() {
    grep "^Sink kafka, $2: " "$work/$1/report"
}

# kafka_run NAME CAPTURE FORMAT [rowtap options...] — rowtap -s -o txt,kafka on CAPTURE into
# $work/NAME/ (report and standard error kept there); returns rowtap's exit status.
kafka_run() {
    name=$1 capture=$2 format=$3
    shift 3
    mkdir -p "$work/$name"
    # shellcheck disable=SC2046 # kafka_args is a list of options
    "$rowtap" -q -r "$capture" -w "$work/$name/out" -s -o txt,kafka -b "$plugins" $(kafka_args "$name") \
        -X "kafka.format=$format" "$@" >"$work/$name/report" 2>"$work/$name/err"
}

# check_captures FORMAT — every capture of $ROWTAP_SHARED/pcaps and a generated one (nanosecond
# precision) through rowtap -o txt,kafka, read back (msgpack: tests/kafka/consume; json: kcat)
# and compared with the text files by kafka_check.py.
check_captures() {
    format=$1
    [ -n "${ROWTAP_SHARED:-}" ] && [ -d "$ROWTAP_SHARED/pcaps" ] || skip "ROWTAP_SHARED/pcaps is absent"
    "$python" "$ROWTAP_SHARED/tools/genpcap.py" --packets 3000 --flows 200 --seed 11 --vlan-share 0.3 \
        --ipv6-share 0.3 -q -o "$work/generated.pcap" >"$work/genpcap.log" 2>&1 \
        || fail "genpcap.py failed: $(cat "$work/genpcap.log")"
    mock_start
    runs=0
    for capture in "$ROWTAP_SHARED"/pcaps/*.pcap "$ROWTAP_SHARED"/pcaps/*.pcapng "$ROWTAP_SHARED"/pcaps/*.cap \
                   "$work/generated.pcap"; do
        [ -f "$capture" ] || continue
        base=$(basename "$capture")
        name=${base%.*}
        set --
        [ "$name" = generated ] && set -- -X core.timePrecision=ns
        make_topics "$name" 4
        kafka_run "$name" "$capture" "$format" "$@"
        status=$?
        # A damaged capture ends with status 1 (its error is in err); the sink must have no error.
        [ $status -le 1 ] || fail "rowtap -r $capture ended with status $status: $(tail -n 5 "$work/$name/err")"
        ! grep -q '^rowtap: kafka: error' "$work/$name/err" || fail "$capture: $(grep 'kafka: error' "$work/$name/err")"
        for stream in flows packets; do
            sink_line "$name" $stream | grep -q ' 0 rows failed$' \
                || fail "$capture: $(sink_line "$name" $stream || echo "no Sink kafka, $stream line in the report")"
        done
        if [ "$format" = json ]; then
            : >"$work/$name/dump"
            for topic in flows packets schemas; do
                kcat -q -C -b "$bootstrap" -t "$name.$topic" -o beginning -e -J -X fetch.wait.max.ms=10 >>"$work/$name/dump" \
                    2>"$work/$name/kcat.err" || fail "kcat -C -t $name.$topic: $(cat "$work/$name/kcat.err")"
            done
        else
            "$consume" "$bootstrap" "$name.flows" "$name.packets" "$name.schemas" >"$work/$name/dump" \
                2>"$work/$name/consume.err" || fail "consume $name: $(cat "$work/$name/consume.err")"
        fi
        check_run "$name" "$format" "$work/$name/dump" || fail "$capture: $(cat "$work/$name/check.log")"
        runs=$((runs + 1))
    done
    mock_stop
    [ $runs -gt 2 ] || fail "only $runs captures checked"
    echo "ok: $runs captures: the $format messages of both topics equal the text files row for row"
}
