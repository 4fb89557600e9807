#!/bin/sh
# kafka-flows.sh — the flow rows rowtap produced to Kafka (rowtap -o kafka, JSON messages), one line
# per IP flow direction, with kcat and jq:
#     SRC:PORT -> DST:PORT proto P, N packets, B bytes
#   kafka-flows.sh BROKERS [TOPIC]        (TOPIC: the Kafka sink's flow topic, default flows)
# Reads the topic from the beginning to its end; without kcat's -e it keeps following it.
set -eu
brokers=${1:?usage: kafka-flows.sh BROKERS [TOPIC]}
topic=${2:-flows}
kcat -C -b "$brokers" -t "$topic" -o beginning -e -q -f '%s\n' |
    jq -r 'select(.srcIP != null)
        | "\(.srcIP):\(.srcPort) -> \(.dstIP):\(.dstPort) proto \(.l4Proto), \(.pktsSnt) packets, \(.l7BytesSnt) bytes"'
