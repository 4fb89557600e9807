# common.sh — shared by the usability tests (sourced): skipping when something is missing, the
# temporary folder, and the flags rowtap accepts.

# require_rowtap — skips the test (exit 77) while rowtap is not built; sets $rowtap.
require_rowtap() {
    rowtap=$top_builddir/rowtap
    if [ ! -x "$rowtap" ]; then
        echo "SKIP: $rowtap is not built"
        exit 77
    fi
}

# require_command COMMAND WHY — skips the test when COMMAND is not installed.
require_command() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "SKIP: $1 not found ($2)"
        exit 77
    fi
}

# at_exit COMMAND — runs COMMAND when the test exits, before the commands registered earlier.
exit_commands=:
at_exit() {
    exit_commands="$1; $exit_commands"
    # shellcheck disable=SC2064 # the commands are fixed now
    trap "$exit_commands" EXIT
}

# make_temp NAME — a temporary folder in $tmp, removed when the test exits.
make_temp() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/rowtap-$1.XXXXXX")
    at_exit 'rm -rf "$tmp"'
}

# start_kafka_mock BROKERS [TOPIC:PARTITIONS...] — librdkafka's mock Kafka cluster, hosted by
# tests/kafka/mock_cluster (the Kafka sink's test helper, controlled through a FIFO), until the
# test exits, with the topics created; sets $bootstrap. Skips the test when the helper is not built
# (no librdkafka or no rdkafka_mock.h). Needs $tmp.
start_kafka_mock() {
    kafka_mock=$top_builddir/tests/kafka/mock_cluster
    if [ ! -x "$kafka_mock" ]; then
        echo "SKIP: $kafka_mock is not built (configure found no librdkafka or no librdkafka/rdkafka_mock.h)"
        exit 77
    fi
    mkfifo "$tmp/kafka_control"
    "$kafka_mock" -b "$1" "$tmp/kafka_control" >"$tmp/kafka_mock.out" 2>"$tmp/kafka_mock.err" &
    kafka_mock_pid=$!
    at_exit 'kill $kafka_mock_pid 2>/dev/null; wait $kafka_mock_pid 2>/dev/null'
    shift
    kafka_mock_wait '^bootstrap ' "the mock Kafka cluster did not start"
    bootstrap=$(sed -n 's/^bootstrap //p' "$tmp/kafka_mock.out")
    for topic in "$@"; do
        echo "topic ${topic%:*} ${topic##*:}" >"$tmp/kafka_control"
        kafka_mock_wait "^ok topic ${topic%:*} " "the mock Kafka cluster did not create topic ${topic%:*}"
    done
}

# kafka_mock_wait PATTERN MESSAGE — waits up to 10 s for a line of the mock's output.
kafka_mock_wait() {
    tries=0
    while ! grep -q "$1" "$tmp/kafka_mock.out" 2>/dev/null && [ $tries -lt 100 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
    if ! grep -q "$1" "$tmp/kafka_mock.out" 2>/dev/null; then
        cat "$tmp/kafka_mock.err"
        echo "FAIL: $2"
        exit 1
    fi
}

# require_debian_python MODULE... — Debian's python3 ($PYTHON3_DEBIAN, /usr/bin/python3) with the
# modules; sets $python, else skips the test.
require_debian_python() {
    python=${PYTHON3_DEBIAN:-/usr/bin/python3}
    [ -x "$python" ] || { echo "SKIP: $python is absent"; exit 77; }
    for module in "$@"; do
        "$python" -c "import $module" 2>/dev/null \
            || { echo "SKIP: Debian's python3 lacks the module $module (tools/install-deps --test installs it)"; exit 77; }
    done
}

# require_sink NAME — skips the test while the sink module is not built.
require_sink() {
    if [ ! -e "$top_builddir/sinks/.libs/$1.so" ]; then
        echo "SKIP: the $1 sink is not built (sinks/$1; configure did not find its library, or it does not exist yet)"
        exit 77
    fi
}

# rowtap_flags — the flags rowtap accepts, one per line: the letters the binary does not call
# unknown ("rowtap -c" says "unknown option -c" for the others), then the long options of the
# table in src/cli.c.
rowtap_flags() {
    for c in a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V \
        W X Y Z 0 1 2 3 4 5 6 7 8 9; do
        "$rowtap" "-$c" 2>&1 | grep -q "unknown option -$c" || echo "-$c"
    done
    sed -n 's/^ *{ "\([a-z-]*\)", [a-z_]*argument,.*/--\1/p' "$top_srcdir/src/cli.c"
}

# require_kafka_clients — kcat, jq and Debian's python3 with confluent_kafka and msgpack (the
# consumers of doc/examples and the tests' own readers); sets $python, else skips the test.
require_kafka_clients() {
    require_command kcat "Debian: apt-get install kcat"
    require_command jq "Debian: apt-get install jq"
    require_debian_python confluent_kafka msgpack
}

# kafka_json_option — "KEY=json" for the Kafka sink's option that chooses JSON messages (an enum
# of the sink offering json), nothing when it has none.
kafka_json_option() {
    "$rowtap" -o kafka --list-options=tsv \
        | awk -F '\t' '$1 == "choices" && $2 ~ /^kafka\./ && $3 ~ /(^|\|)json(\||$)/ { print $2 "=json"; exit }'
}
