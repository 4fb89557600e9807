#!/bin/sh
# kafka_msgpack.sh — acceptance of the Kafka sink with msgpack values: for every capture of
# ../shared/pcaps (and a generated one), `rowtap -s -o txt,kafka` writes to a mock Kafka cluster;
# the messages read back with a librdkafka consumer and decoded with python3-msgpack equal the
# text files value for value, carry the right key and headers, keep every conversation in one
# partition in capture order, and the schemas are published keyed by their hash.
set -u
. "$top_srcdir/tests/kafka/kafka_env.sh"
check_captures msgpack
