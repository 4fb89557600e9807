#!/bin/sh
# kafka_options.sh — the Kafka sink's configuration on the command line: librdkafka properties pass
# through -X kafka.<property> and --config; an unknown property, an invalid value, a conflict and
# a missing broker list stop rowtap at start with an error naming the problem; secret values
# (sasl.password, ssl.key.pem) appear nowhere: not in messages, the report, _headers.txt or the
# schema messages; --list-options shows the sink's own keys.
set -u
. "$top_srcdir/tests/kafka/kafka_env.sh"
[ -n "${ROWTAP_SHARED:-}" ] && [ -f "$ROWTAP_SHARED/pcaps/zeek-http-get.pcap" ] || skip "ROWTAP_SHARED/pcaps is absent"
capture=$ROWTAP_SHARED/pcaps/zeek-http-get.pcap

# refused PATTERN rowtap-options... — rowtap must stop at start with an error matching PATTERN.
refused() {
    pattern=$1
    shift
    "$rowtap" -q -r "$capture" -w "$work/refused" -o kafka -b "$plugins" "$@" >"$work/refused.out" 2>"$work/refused.err"
    status=$?
    [ $status -ne 0 ] || fail "rowtap $* was accepted"
    grep -q "$pattern" "$work/refused.err" || fail "rowtap $*: no error '$pattern': $(cat "$work/refused.err")"
    grep -q 'sink kafka could not start' "$work/refused.err" || fail "rowtap $*: $(cat "$work/refused.err")"
    [ ! -s "$work/refused.out" ] || fail "rowtap $* analysed the input although the sink could not start"
}

refused 'kafka: error: kafka.no.such.property: No such configuration property: "no.such.property"' \
    -X kafka.bootstrap.servers=127.0.0.1:1 -X kafka.no.such.property=1
refused 'kafka: error: kafka.acks: Invalid value for configuration property' \
    -X kafka.bootstrap.servers=127.0.0.1:1 -X kafka.acks=maybe
printf 'kafka.bootstrap.servers = 127.0.0.1:1\nkafka.linger.ms = soon\n' >"$work/bad.conf"
refused 'kafka: error: kafka.linger.ms: Invalid value' --config "$work/bad.conf"
refused 'cannot create the Kafka producer: `acks` must be set to `all` when `enable.idempotence` is true' \
    -X kafka.bootstrap.servers=127.0.0.1:1 -X kafka.acks=1
refused 'no Kafka broker given: set -X kafka.bootstrap.servers=' -X kafka.linger.ms=1
echo "ok: bad properties, conflicts and a missing broker list stop rowtap at start with a clear error"

"$rowtap" -o kafka --list-options >"$work/options" 2>&1 || fail "rowtap -o kafka --list-options: $(cat "$work/options")"
for key in kafka.topic.flows kafka.topic.packets kafka.topic.schemas kafka.format kafka.flushTimeout 'kafka.<property>'; do
    grep -q "^$key " "$work/options" || fail "--list-options does not show $key"
done
echo "ok: --list-options shows the sink's keys"

mock_start
make_topics secret 4
printf 'kafka.bootstrap.servers = %s\nkafka.sasl.password = S3cr3t-Pass\nkafka.topic.flows = secret.flows\n' \
    "$bootstrap" >"$work/secret.conf"
mkdir -p "$work/secret"
"$rowtap" -q -r "$capture" -w "$work/secret/out" -s -o txt,kafka -b "$plugins" --config "$work/secret.conf" \
    -X kafka.topic.packets=secret.packets -X kafka.topic.schemas=secret.schemas -X kafka.ssl.key.pem=PEM-S3cr3t \
    -X kafka.bootstrap.servers="$bootstrap" >"$work/secret/report" 2>"$work/secret/err" \
    || fail "the run with secrets failed: $(cat "$work/secret/err")"
dump=$work/secret/dump
"$consume" "$bootstrap" secret.flows secret.packets secret.schemas >"$dump" 2>"$work/secret/consume.err" \
    || fail "consume: $(cat "$work/secret/consume.err")"
check_run secret msgpack "$dump" || fail "secret: $(cat "$work/secret/check.log")"
grep -q 'kafka.ssl.key.pem=\*\*\*\*' "$work/secret/out_headers.txt" \
    || fail "the recorded command line does not mask kafka.ssl.key.pem: $(grep 'Command line' "$work/secret/out_headers.txt")"
hex=$(printf 'S3cr3t' | od -An -tx1 | tr -d ' \n')
grep -q "$hex" "$dump" && fail "a secret is in a message"
grep -q 636f6d6d616e645f6c696e65 "$dump" || fail "the schema messages hold no command_line"
grep -rq S3cr3t "$work/secret" && fail "a secret was printed: $(grep -rl S3cr3t "$work/secret")"
mock_stop
echo "ok: options from --config and -X reach librdkafka; secrets appear in no output and no message"
