#!/bin/sh
# kafka_json.sh — acceptance of the Kafka sink with JSON values: as kafka_msgpack.sh, but the
# messages are read back by kcat (an independent client) and decoded with Python's json module.
set -u
. "$top_srcdir/tests/kafka/kafka_env.sh"
command -v kcat >/dev/null 2>&1 || skip "kcat is not installed (apt-get install kcat)"
check_captures json
