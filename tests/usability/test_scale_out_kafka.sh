#!/bin/sh
# test_scale_out_kafka.sh — doc/scale-out.md with Kafka: two rowtap processes (sensor IDs 21 and 22,
# the guide's two address-pair shards of a rowtap-gen capture, -o txt,kafka) produce into the same
# topics of one mock cluster (tests/kafka/mock_cluster, 3 brokers) at the same time. Every flow
# row of both sensors must be in the flow topic once, carry its sensor ID (a message header or a
# field naming the sensor), and all rows of one flow of one sensor must share a partition (the key
# is the flow's identity). Skips until the Kafka sink (sinks/kafka) is built.
set -u
. "$top_srcdir/tests/usability/common.sh"
require_rowtap
require_sink kafka
require_kafka_clients
rowtap_gen=$top_builddir/tools/rowtap-gen
[ -x "$rowtap_gen" ] || { echo "SKIP: $rowtap_gen is not built"; exit 77; }
make_temp scale-kafka
shard0= shard1=
eval "$(grep -E "^    shard[01]='" "$top_srcdir/doc/scale-out.md" | sed 's/^ *//')"
[ -n "$shard0" ] && [ -n "$shard1" ] || { echo "FAIL: doc/scale-out.md has no shard0=/shard1= filters"; exit 1; }
"$rowtap_gen" --packets 5000 --flows 200 --vlan-share 0 -q -o "$tmp/big.pcap" || { echo "FAIL: rowtap-gen"; exit 1; }

# The sink's options: JSON messages when it offers them; the flow topic's name option, if any,
# gets a topic created in advance with 6 partitions (as the guide advises).
"$rowtap" -o kafka --list-options=tsv >"$tmp/options.tsv"
set -- -X "kafka.bootstrap.servers=BOOTSTRAP"
format=$(kafka_json_option)
[ -n "$format" ] && set -- "$@" -X "$format"
topic_option=$(awk -F '\t' '$1 == "option" && $2 ~ /^kafka\..*(topic.*flow|flow.*topic)/ { print $2; exit }' "$tmp/options.tsv")
if [ -n "$topic_option" ]; then
    set -- "$@" -X "$topic_option=sensors.flows"
    start_kafka_mock 3 sensors.flows:6
else
    start_kafka_mock 3
fi
i=0
for arg in "$@"; do
    [ "$arg" = "kafka.bootstrap.servers=BOOTSTRAP" ] && arg="kafka.bootstrap.servers=$bootstrap"
    set -- "$@" "$arg"
    i=$((i + 1))
done
shift $i

"$rowtap" -q -r "$tmp/big.pcap" -x 21 -w "$tmp/s21-" -o txt,kafka "$@" "$shard0" >"$tmp/s21.log" 2>&1 &
first=$!
"$rowtap" -q -r "$tmp/big.pcap" -x 22 -w "$tmp/s22-" -o txt,kafka "$@" "$shard1" >"$tmp/s22.log" 2>&1 &
second=$!
status=0
wait $first || { cat "$tmp/s21.log"; echo "FAIL: sensor 21"; status=1; }
wait $second || { cat "$tmp/s22.log"; echo "FAIL: sensor 22"; status=1; }
[ $status -eq 0 ] || exit 1
topic=$(kcat -L -b "$bootstrap" -J 2>/dev/null | jq -r '.topics[].topic' | grep -i flow | head -n 1)
[ -n "$topic" ] || { echo "FAIL: no flow topic in the cluster"; exit 1; }

"$python" - "$bootstrap" "$topic" "$tmp/s21-_flows.txt" "$tmp/s22-_flows.txt" <<'PY'
import json
import sys
import msgpack
from confluent_kafka import Consumer, TopicPartition
brokers, topic, files = sys.argv[1], sys.argv[2], sys.argv[3:]
expected = {}
for sensor, path in zip((21, 22), files):
    lines = open(path).read().split("\n")[1:-1]
    expected[sensor] = sorted((int(l.split("\t")[1]), l.split("\t")[0]) for l in lines)
consumer = Consumer({"bootstrap.servers": brokers, "group.id": "scale-out-test", "enable.auto.commit": False})
metadata = consumer.list_topics(topic, timeout=10)
partitions = sorted(metadata.topics[topic].partitions)
consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
got = {21: [], 22: []}
partition_of = {}
problems = []
done = {p for p in partitions if ends[p] == 0}
while len(done) < len(partitions):
    message = consumer.poll(10)
    if message is None:
        problems.append("the topic ended before its high watermarks")
        break
    if message.error():
        continue
    value = message.value()
    row = json.loads(value) if value[:1] == b"{" else msgpack.unpackb(value, raw=False)
    sensor = None
    for name, header in message.headers() or []:
        if "sensor" in name.lower():
            sensor = int(header)
    for name in ("sensor_id", "sensorId", "sensor"):
        if sensor is None and name in row:
            sensor = int(row[name])
    if sensor not in got:
        problems.append("a message without sensor 21 or 22: headers %s" % message.headers())
        break
    flow = (int(row["flowInd"]), row["dir"])
    got[sensor].append(flow)
    if partition_of.setdefault((sensor, flow[0]), message.partition()) != message.partition():
        problems.append("flow %d of sensor %d is in two partitions" % (flow[0], sensor))
    if message.offset() + 1 >= ends[message.partition()]:
        done.add(message.partition())
for sensor in got:
    if sorted(got[sensor]) != expected[sensor]:
        problems.append("sensor %d: %d messages, %d flow rows written" % (sensor, len(got[sensor]), len(expected[sensor])))
for p in problems[:10]:
    print("FAIL:", p)
if problems:
    sys.exit(1)
print("PASS: %d and %d flow rows of two sensors in topic %s, once each, by sensor ID, one partition per flow"
      % (len(got[21]), len(got[22]), topic))
PY
