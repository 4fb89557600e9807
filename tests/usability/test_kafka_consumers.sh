#!/bin/sh
# test_kafka_consumers.sh — the Kafka consumers of doc/examples (kafka-flows.sh with kcat and jq,
# kafka_flows.py with python3-confluent-kafka) read the flow rows of the bundled sample from a mock
# Kafka cluster (tests/kafka/mock_cluster): one message per row, as a JSON object (the rows of
# `rowtap-cat --json`, produced with kcat) and as a msgpack map (the values of the msgpack file,
# produced with confluent-kafka). Each consumer must print one line per IP flow direction, equal
# to the fields of the txt sink's flow file. (test_kafka_examples.sh runs them on the rows of the
# Kafka sink itself.)
set -u
. "$top_srcdir/tests/usability/common.sh"
require_rowtap
require_kafka_clients
require_sink msgpack
make_temp kafka
"$rowtap" -q -r "$top_srcdir/data/sample.pcap" -w "$tmp/" -o txt,msgpack >"$tmp/log" 2>&1 \
    || { cat "$tmp/log"; echo "FAIL: rowtap -o txt,msgpack"; exit 1; }
"$top_builddir/rowtap-cat" --json "$tmp/sample_flows.msgpack" >"$tmp/rows.json" || { echo "FAIL: rowtap-cat --json"; exit 1; }
start_kafka_mock 1 flows:1 flows-msgpack:1

kcat -P -b "$bootstrap" -t flows <"$tmp/rows.json" 2>"$tmp/kcat.err" || { cat "$tmp/kcat.err"; echo "FAIL: kcat -P"; exit 1; }
"$python" - "$bootstrap" "$tmp/sample_flows.msgpack" <<'PY' || { echo "FAIL: producing msgpack maps"; exit 1; }
import sys
import msgpack
from confluent_kafka import Producer
brokers, path = sys.argv[1:3]
with open(path, "rb") as f:
    unpacker = msgpack.Unpacker(f, raw=False, unicode_errors="surrogateescape")
    names = [c["name"] for c in next(unpacker)["columns"]]
    producer = Producer({"bootstrap.servers": brokers})
    for row in unpacker:
        producer.produce("flows-msgpack", msgpack.packb(dict(zip(names, row)), use_bin_type=True))
    if producer.flush(30):
        sys.exit("messages left undelivered")
PY

# The expected lines, from the flow file.
awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) { n = $i; sub(/^%/, "", n); c[n] = i }; next }
    $c["srcIP"] != "-" { printf "%s:%s -> %s:%s proto %s, %s packets, %s bytes\n", $c["srcIP"], $c["srcPort"],
        $c["dstIP"], $c["dstPort"], $c["l4Proto"], $c["pktsSnt"], $c["l7BytesSnt"] }' "$tmp/sample_flows.txt" >"$tmp/want"
[ "$(wc -l <"$tmp/want")" -ge 100 ] || { echo "FAIL: only $(wc -l <"$tmp/want") IP flows in the sample"; exit 1; }

failures=0
sh "$top_srcdir/doc/examples/kafka-flows.sh" "$bootstrap" flows >"$tmp/got-kcat" 2>"$tmp/err-kcat"
"$python" "$top_srcdir/doc/examples/kafka_flows.py" "$bootstrap" flows --until-idle 5 >"$tmp/got-json" 2>"$tmp/err-json"
"$python" "$top_srcdir/doc/examples/kafka_flows.py" "$bootstrap" flows-msgpack --until-idle 5 >"$tmp/got-msgpack" \
    2>"$tmp/err-msgpack"
for consumer in kcat json msgpack; do
    if ! cmp -s "$tmp/want" "$tmp/got-$consumer"; then
        echo "FAIL: the $consumer consumer's lines differ from the flow file"
        diff "$tmp/want" "$tmp/got-$consumer" | head -n 5
        cat "$tmp/err-$consumer"
        failures=$((failures + 1))
    fi
done
[ "$failures" -eq 0 ] && echo "PASS: kafka-flows.sh and kafka_flows.py print the $(wc -l <"$tmp/want") IP flow rows"
[ "$failures" -eq 0 ]
