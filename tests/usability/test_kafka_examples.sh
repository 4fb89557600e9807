#!/bin/sh
# test_kafka_examples.sh — the Kafka consumers of doc/examples on the rows the Kafka sink itself
# produces: `rowtap -o txt,kafka` runs over the bundled sample into a mock Kafka cluster
# (tests/kafka/mock_cluster), with JSON messages when the sink offers the choice; kafka-flows.sh
# and kafka_flows.py must then print one line per IP flow direction of the flow file (in any order
# across partitions). Skips until the Kafka sink (sinks/kafka) is built.
set -u
. "$top_srcdir/tests/usability/common.sh"
require_rowtap
require_sink kafka
require_kafka_clients
make_temp kafka-examples
start_kafka_mock 1

# The sink's message format: an enum option offering json (none: its default is taken).
format=$(kafka_json_option)
# shellcheck disable=SC2046 # no option, or one -X KEY=json
"$rowtap" -q -r "$top_srcdir/data/sample.pcap" -w "$tmp/" -o txt,kafka -X "kafka.bootstrap.servers=$bootstrap" \
    $( [ -n "$format" ] && echo "-X $format") >"$tmp/log" 2>&1 || { cat "$tmp/log"; echo "FAIL: rowtap -o txt,kafka"; exit 1; }
topic=$(kcat -L -b "$bootstrap" -J 2>/dev/null | jq -r '.topics[].topic' | grep -i flow | head -n 1)
[ -n "$topic" ] || { echo "FAIL: no flow topic in the cluster after the run"; kcat -L -b "$bootstrap"; exit 1; }

awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) { n = $i; sub(/^%/, "", n); c[n] = i }; next }
    $c["srcIP"] != "-" { printf "%s:%s -> %s:%s proto %s, %s packets, %s bytes\n", $c["srcIP"], $c["srcPort"],
        $c["dstIP"], $c["dstPort"], $c["l4Proto"], $c["pktsSnt"], $c["l7BytesSnt"] }' "$tmp/sample_flows.txt" | sort >"$tmp/want"
failures=0
if [ -z "$format" ] || [ "${format#*=}" = json ]; then
    sh "$top_srcdir/doc/examples/kafka-flows.sh" "$bootstrap" "$topic" 2>"$tmp/err-kcat" | sort >"$tmp/got-kcat"
    cmp -s "$tmp/want" "$tmp/got-kcat" || { echo "FAIL: kafka-flows.sh on topic $topic"; diff "$tmp/want" "$tmp/got-kcat" | head -n 5; cat "$tmp/err-kcat"; failures=$((failures + 1)); }
fi
"$python" "$top_srcdir/doc/examples/kafka_flows.py" "$bootstrap" "$topic" --until-idle 5 2>"$tmp/err-py" | sort >"$tmp/got-py"
cmp -s "$tmp/want" "$tmp/got-py" || { echo "FAIL: kafka_flows.py on topic $topic"; diff "$tmp/want" "$tmp/got-py" | head -n 5; cat "$tmp/err-py"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] && echo "PASS: the Kafka consumers print the flow rows the Kafka sink produced"
[ "$failures" -eq 0 ]
