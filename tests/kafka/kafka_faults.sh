#!/bin/sh
# kafka_faults.sh — the Kafka sink under broker failures, against the mock cluster controlled
# during the run (rowtap reads a generated capture from a pipe fed slowly by slow_feed.py):
#   outage    all brokers down for 4 s in the middle of the run: every row delivered exactly once
#   late      brokers down when rowtap starts and up 3 s later: every row delivered exactly once
#   retry     retriable produce errors (NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS, dropped
#             connections, and the "possibly persisted" REQUEST_TIMED_OUT and
#             NOT_ENOUGH_REPLICAS_AFTER_APPEND), one request in flight: no loss, no duplicates
#   expire    brokers down longer than message.timeout.ms: non-zero exit, and the error names the
#             exact number of rows missing from the topics
#   large     message.max.bytes smaller than some rows: those rows are counted and reported once,
#             the others delivered, the run ends
#   denied    topic authorization fails: the sink stops with a clear error, every row counted once
#   fenced    the idempotent producer cannot get its producer ID (fatal error): same
#   full      slow acknowledgements fill a small producer queue: rows wait, none is dropped
# "Exactly once" is checked by kafka_check.py: the messages, decoded, equal the text rows of the
# same run, per conversation in order, none missing and none twice.
set -u
. "$top_srcdir/tests/kafka/kafka_env.sh"
[ -n "${ROWTAP_SHARED:-}" ] && [ -f "$ROWTAP_SHARED/tools/genpcap.py" ] || skip "ROWTAP_SHARED/tools/genpcap.py is absent"
command -v timeout >/dev/null 2>&1 || skip "timeout (coreutils) is needed to bound the runs"

slow_feed="$top_srcdir/tests/kafka/slow_feed.py"
capture=$work/faults.pcap
"$python" "$ROWTAP_SHARED/tools/genpcap.py" --packets 6000 --flows 300 --seed 5 -q -o "$capture" \
    >"$work/genpcap.log" 2>&1 || fail "genpcap.py failed: $(cat "$work/genpcap.log")"

# slow_run NAME SECONDS [rowtap options...] — rowtap -r - on the capture fed over SECONDS (with
# slow_feed.py's $feed_options), writing the text files $work/NAME/out_*.txt and the topics of
# NAME; sets $status.
feed_options=
slow_run() {
    name=$1 seconds=$2
    shift 2
    mkdir -p "$work/$name"
    # shellcheck disable=SC2046 # kafka_args is a list of options
    # shellcheck disable=SC2086 # feed_options is a list of options
    "$python" "$slow_feed" $feed_options "$capture" "$seconds" | timeout 120 "$rowtap" -q -r - -w "$work/$name/out" -s -o txt,kafka \
        -b "$plugins" $(kafka_args "$name") -X core.batchBytes=4096 "$@" >"$work/$name/report" 2>"$work/$name/err"
    status=$?
}

# file_run NAME [rowtap options...] — the same reading the capture file at full speed.
file_run() {
    name=$1
    shift
    mkdir -p "$work/$name"
    # shellcheck disable=SC2046 # kafka_args is a list of options
    timeout 120 "$rowtap" -q -r "$capture" -w "$work/$name/out" -s -o txt,kafka -b "$plugins" $(kafka_args "$name") \
        "$@" >"$work/$name/report" 2>"$work/$name/err"
    status=$?
}

# errors_of NAME — the last messages of the run, without the connection noise of an outage.
errors_of() {
    grep -v 'Connect to\|Disconnected\|brokers are down' "$work/$1/err" | tail -n 5
}

dump() {
    "$consume" "$bootstrap" "$1.flows" "$1.packets" "$1.schemas" >"$work/$1/dump" 2>"$work/$1/consume.err" \
        || fail "$1: reading the topics back: $(cat "$work/$1/consume.err")"
}

# text_rows NAME STREAM — rows of the run's text file.
text_rows() {
    echo $(($(wc -l <"$work/$1/out_$2.txt") - 1))
}

# consumed NAME STREAM — messages in the topic (sum of the high watermarks).
consumed() {
    "$consume" -c "$bootstrap" "$1.$2" | awk '{ n += $5 } END { print n + 0 }'
}

# sink_counts NAME STREAM — "WRITTEN FAILED" from the run's "Sink kafka, STREAM:" report line.
sink_counts() {
    sink_line "$1" "$2" | sed -n 's/^Sink kafka, [a-z]*: \([0-9]*\) rows written, .* \([0-9]*\) rows failed.*/\1 \2/p'
}

# expect_all NAME — exit status 0 and every row delivered exactly once.
expect_all() {
    [ "$status" -eq 0 ] || fail "$1: rowtap ended with status $status: $(errors_of "$1")"
    dump "$1"
    check_run "$1" msgpack "$work/$1/dump" || fail "$1: $(cat "$work/$1/check.log")"
}

# expect_counted_stop NAME MESSAGE — a fatal error stopped the sink with MESSAGE (a grep pattern);
# for each stream, the rows written and failed add up to the rows of the text file, and the topic
# holds exactly the rows written.
expect_counted_stop() {
    [ "$status" -ne 0 ] || fail "$1: exit status 0 after a fatal producer error"
    grep -q "$2" "$work/$1/err" || fail "$1: no error '$2': $(errors_of "$1")"
    for stream in flows packets; do
        counts=$(sink_counts "$1" $stream)
        [ -n "$counts" ] || fail "$1: no 'Sink kafka, $stream' line in the report"
        set -- "$1" "$2" $counts
        [ $(($3 + $4)) -eq "$(text_rows "$1" $stream)" ] \
            || fail "$1 $stream: $3 written + $4 failed, but the text file has $(text_rows "$1" $stream) rows"
        [ "$(consumed "$1" $stream)" -eq "$3" ] \
            || fail "$1 $stream: $3 rows written, $(consumed "$1" $stream) messages in the topic"
    done
}

# The mock does not recognise a retried batch it has already appended (a broker answers
# DUPLICATE_SEQUENCE_NUMBER to the idempotent producer's retry, which carries the same producer ID,
# epoch and sequence), so the brokers go down while the input pauses, with no request in flight:
# the rows read during the outage wait in the producer and must arrive once, in order.
mock_start
make_topics outage 16
(sleep 3 && mock_do down all && sleep 4 && mock_do up all) &
control=$!
feed_options="--pause 2:2"
slow_run outage 8
feed_options=
wait $control || fail "outage: the mock cluster did not take the commands"
grep -q 'brokers are down' "$work/outage/err" || fail "outage: rowtap did not notice the outage during the run"
expect_all outage
echo "ok: outage: all brokers down for 4 s during the run, every row delivered once"

make_topics late 16
mock_do down all
(sleep 3 && mock_do up all) &
control=$!
slow_run late 5
wait $control || fail "late: the mock cluster did not take the commands"
expect_all late
echo "ok: late: brokers unreachable at start, every row delivered once after they came up"

# When the mock fails one of several requests in flight for a partition with an injected error,
# rows of that request, reported delivered, can be missing (observed with the default 5 requests
# in flight, for NOT_LEADER_OR_FOLLOWER as for REQUEST_TIMED_OUT; never with one): as if it
# appended the later requests despite the gap in their sequence numbers, where a broker answers
# OUT_OF_ORDER_SEQUENCE_NUMBER, and then took the retry for a duplicate. So one request in flight.
make_topics retry 16
(sleep 1.5 && mock_do errors 0 10 6 && sleep 0.3 && mock_do errors 0 10 19 && sleep 0.3 && mock_do errors 0 5 -195 \
    && sleep 0.3 && mock_do errors 0 10 7 && sleep 0.3 && mock_do errors 0 10 20) &
control=$!
slow_run retry 5 -X kafka.max.in.flight=1
wait $control || fail "retry: the mock cluster did not take the commands"
expect_all retry
echo "ok: retry: retriable produce errors (also 'possibly persisted' ones) and dropped connections, no row lost or duplicated"

make_topics expire 16
(sleep 1.5 && mock_do down all) &
control=$!
slow_run expire 4 -X kafka.message.timeout.ms=2000 -X kafka.flushTimeout=30000
wait $control || fail "expire: the mock cluster did not take the commands"
mock_do up all
[ "$status" -ne 0 ] || fail "expire: exit status 0 although the brokers were down for the rest of the run"
dump expire
check_run expire msgpack "$work/expire/dump" --partial || fail "expire: $(cat "$work/expire/check.log")"
for stream in flows packets; do
    line=$(grep "^rowtap: kafka: error: [0-9]* of [0-9]* $stream rows were not delivered to topic expire.$stream: " \
           "$work/expire/err") || fail "expire: no error about undelivered $stream rows: $(errors_of expire)"
    reported=$(echo "$line" | sed 's/^rowtap: kafka: error: \([0-9]*\) of.*/\1/')
    echo "$line" | grep -q ": $reported not delivered within message.timeout.ms" || fail "expire: reason: $line"
    maybe=$(echo "$line" | sed -n 's/.*(\([0-9]*\) of them possibly written by the broker).*/\1/p')
    missing=$(sed -n "s/^missing $stream //p" "$work/expire/check.log")
    [ "$missing" -le "$reported" ] && [ "$missing" -ge $((reported - ${maybe:-0})) ] \
        || fail "expire $stream: $reported rows reported undelivered (${maybe:-0} possibly written), $missing missing"
    [ "$(sink_counts expire $stream | cut -d' ' -f2)" -eq "$reported" ] \
        || fail "expire $stream: the report counts $(sink_counts expire $stream) written/failed, the error $reported"
done
[ "$reported" -gt 0 ] || fail "expire: no packet row was produced during the outage"
echo "ok: expire: brokers down beyond message.timeout.ms, exit status $status, undelivered rows counted exactly"

# large: run on the file; the schemas (bigger than 1000 bytes) come from the outage run.
make_topics large 16
file_run large -X kafka.message.max.bytes=1000
[ "$status" -ne 0 ] || fail "large: exit status 0 although rows were refused"
grep -q 'the packets schema cannot be published to topic large.schemas: message larger than message.max.bytes' \
    "$work/large/err" || fail "large: the refused schema is not reported: $(errors_of large)"
dump large
"$python" "$checker" --partial --format msgpack --sensor 666 --dump "$work/outage/dump,$work/large/dump" \
    --schemas outage.schemas "flows=large.flows:$work/large/out_flows.txt" \
    "packets=large.packets:$work/large/out_packets.txt" >"$work/large/check.log" 2>&1 \
    || fail "large: $(cat "$work/large/check.log")"
line=$(grep "^rowtap: kafka: error: [0-9]* of [0-9]* packets rows were not delivered to topic large.packets: " \
       "$work/large/err") || fail "large: no error about refused packet rows: $(errors_of large)"
reported=$(echo "$line" | sed 's/^rowtap: kafka: error: \([0-9]*\) of.*/\1/')
echo "$line" | grep -q ": $reported message larger than message.max.bytes (Message size too large)$" \
    || fail "large: reason: $line"
[ "$(sed -n 's/^missing packets //p' "$work/large/check.log")" -eq "$reported" ] && [ "$reported" -gt 0 ] \
    || fail "large: $reported rows reported refused, $(sed -n 's/^missing packets //p' "$work/large/check.log") missing"
echo "ok: large: $reported rows over message.max.bytes counted and reported, the others delivered"

make_topics denied 16
(sleep 1.5 && mock_do errors 0 3 29) &
control=$!
slow_run denied 4
wait $control || fail "denied: the mock cluster did not take the commands"
expect_counted_stop denied 'kafka: error: cannot write to topic denied\.[a-z]*: Broker: Topic authorization failed; the Kafka sink stops'
echo "ok: denied: topic authorization failed, the sink stopped, every row counted once"

make_topics fenced 16
mock_do errors 22 1 31
file_run fenced
expect_counted_stop fenced 'kafka: error: fatal producer error: .*Cluster authorization failed; the Kafka sink stops'
echo "ok: fenced: fatal idempotent producer error, the sink stopped, every row counted once"

# Acknowledgements delayed by 1 s and a producer queue of 200 messages: the sink waits at the full
# queue (it says so once) instead of dropping rows. Last, since delays left over on the brokers'
# stacks would take precedence over errors injected later.
make_topics full 16
mock_do delay all 0 30 1000
file_run full -X kafka.queue.buffering.max.messages=200
expect_all full
grep -q "kafka: the producer's queue is full" "$work/full/err" || fail "full: the producer's queue never filled"
echo "ok: full: a full producer queue is waited out, every row delivered once"
mock_stop
