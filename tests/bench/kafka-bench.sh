#!/bin/bash
# kafka-bench.sh — the Kafka sink's benchmark (not a test; `make bench-kafka`): the time rowtap
# needs to analyse the benchmark capture and produce its packet rows (and its flow rows) to
# librdkafka's mock cluster, against the time kcat needs to produce the same number of messages
# of the same sizes from a file to the same cluster, with the same producer settings (the sink's
# defaults: idempotence, acks=all, lz4, linger.ms=5, murmur2_random) and the same headers.
#
# kcat's input is made from the rows of the same capture (rowtap -s -o msgpack):
#   msgpack: tests/bench/kafka_messages.py re-encodes every row as the sink's msgpack map (the
#            sink's bytes, except TAB/LF bytes replaced so that kcat can split its input);
#   json:    rowtap-cat --json gives the sink's JSON values exactly.
# Each configuration runs BENCH_REPEAT times (default 3), alternating kcat and rowtap; the table
# gives medians, spreads and the ratio rowtap/kcat of each format, and is also written to
# bench-results-kafka-<commit>.txt in the build folder. Every run is checked: the topics' high
# watermarks must grow by exactly the number of messages produced.
#
# Environment: BENCH_PACKETS (2000000), BENCH_FLOWS (100000), BENCH_SEED (1) name the capture that
# tests/bench/run-bench.sh (make bench) caches in BENCH_CACHE (default $top_builddir/tests/bench/cache);
# BENCH_CAPTURE overrides the path; BENCH_KAFKA_FORMATS (default "msgpack"; "msgpack json" adds
# JSON, whose kcat input is several GB); BENCH_PARTITIONS (16).
set -euo pipefail
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$top_builddir}
packets=${BENCH_PACKETS:-2000000}
flows=${BENCH_FLOWS:-100000}
seed=${BENCH_SEED:-1}
repeat=${BENCH_REPEAT:-3}
formats=${BENCH_KAFKA_FORMATS:-msgpack}
partitions=${BENCH_PARTITIONS:-16}
cache=${BENCH_CACHE:-$top_builddir/tests/bench/cache}
capture=${BENCH_CAPTURE:-$cache/bench-$packets-$flows-$seed.pcap}
rowtap=$top_builddir/rowtap
measure=$top_builddir/tests/bench/measure
mock_cluster=$top_builddir/tests/kafka/mock_cluster
consume=$top_builddir/tests/kafka/consume
python=/usr/bin/python3

die() {
    echo "kafka-bench: $*" >&2
    exit 1
}
for tool in "$rowtap" "$top_builddir/rowtap-cat" "$measure" "$mock_cluster" "$consume"; do
    [ -x "$tool" ] || die "$tool is not built (make bench-kafka builds it; the mock needs librdkafka/rdkafka_mock.h)"
done
[ -e "$top_builddir/sinks/.libs/kafka.so" ] || die "the Kafka sink is not built"
command -v kcat >/dev/null || die "kcat is not installed (apt-get install kcat)"
"$python" -c 'import msgpack' 2>/dev/null || die "$python needs python3-msgpack"
[ -s "$capture" ] || die "$capture is absent: make bench generates it (tests/bench/run-bench.sh), or set BENCH_CAPTURE"

work=$(mktemp -d)
mock_pid=
cleanup() {
    if [ -n "$mock_pid" ]; then
        kill "$mock_pid" 2>/dev/null || true
        wait "$mock_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

mkfifo "$work/control"
"$mock_cluster" "$work/control" >"$work/mock.log" 2>"$work/mock.err" &
mock_pid=$!
for _ in $(seq 100); do
    grep -qs '^bootstrap ' "$work/mock.log" && break
    sleep 0.1
done
bootstrap=$(sed -n 's/^bootstrap //p' "$work/mock.log")
[ -n "$bootstrap" ] || die "the mock cluster did not start: $(cat "$work/mock.err")"
for topic in kcat.packets rowtap.packets rowtap.flows rowtap.schemas; do
    echo "topic $topic $partitions" >"$work/control"
done
for _ in $(seq 100); do
    [ "$(grep -c '^ok topic' "$work/mock.log")" -eq 4 ] && break
    sleep 0.1
done
[ "$(grep -c '^ok topic' "$work/mock.log")" -eq 4 ] || die "topics not created: $(cat "$work/mock.log")"

# The kcat input of each format, from the rows of the capture.
echo "preparing kcat's input from $(basename "$capture")" >&2
"$rowtap" -q -r "$capture" -w "$work/ref" -s -o msgpack >/dev/null
hash=$("$python" -c 'import msgpack, sys; print(next(msgpack.Unpacker(open(sys.argv[1], "rb")))["schema_hash"])' \
    "$work/ref_packets.msgpack")
for format in $formats; do
    case $format in
    msgpack) "$python" "$top_srcdir/tests/bench/kafka_messages.py" 666 "$work/ref_packets.msgpack" "$work/kcat.msgpack" >/dev/null ;;
    json) "$top_builddir/rowtap-cat" --json "$work/ref_packets.msgpack" \
              | sed -E 's/^(\{"pktNo":[0-9]+,"flowInd":([0-9]+),.*)$/666:\2\t\1/' >"$work/kcat.json" ;;
    *) die "unknown format $format" ;;
    esac
done
rm -f "$work"/ref_*
messages=$(wc -l <"$work/kcat.${formats%% *}")
[ "$messages" -eq "$packets" ] || echo "note: the capture gives $messages packet rows" >&2

# Sum of the high watermarks of a topic.
watermark() {
    "$consume" -c "$bootstrap" "$1" | awk '{ n += $5 } END { print n + 0 }'
}

producer_settings="-X enable.idempotence=true -X acks=all -X compression.type=lz4 -X linger.ms=5 -X partitioner=murmur2_random"
declare -A times rss
for ((r = 1; r <= repeat; r++)); do
    for format in $formats; do
        cat "$work/kcat.$format" >/dev/null
        before=$(watermark kcat.packets)
        # shellcheck disable=SC2086 # producer_settings is a list of options
        "$measure" "$work/m" kcat -P -b "$bootstrap" -t kcat.packets -K '\t' -l "$work/kcat.$format" $producer_settings \
            -H stream=packets -H "schema_hash=$hash" -H sensor_id=666 || die "kcat failed"
        read -r secs kib <"$work/m"
        times[kcat-$format]="${times[kcat-$format]:-} $secs"
        rss[kcat-$format]="${rss[kcat-$format]:-} $kib"
        [ $(($(watermark kcat.packets) - before)) -eq "$messages" ] || die "kcat did not deliver $messages messages"

        cat "$capture" >/dev/null
        before=$(watermark rowtap.packets)
        "$measure" "$work/m" "$rowtap" -q -r "$capture" -w "$work/out" -s -o kafka -X "kafka.format=$format" \
            -X "kafka.bootstrap.servers=$bootstrap" >"$work/report" 2>"$work/err" \
            || die "rowtap failed: $(tail -n 5 "$work/err")"
        read -r secs kib <"$work/m"
        times[rowtap-$format]="${times[rowtap-$format]:-} $secs"
        rss[rowtap-$format]="${rss[rowtap-$format]:-} $kib"
        [ $(($(watermark rowtap.packets) - before)) -eq "$messages" ] || die "rowtap did not deliver $messages packet rows"
        grep -q "^Sink kafka, packets: $messages rows written, .* 0 rows failed" "$work/report" \
            || die "rowtap's report: $(grep '^Sink kafka' "$work/report")"
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
minmax() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR==1{mi=$1} {ma=$1} END {printf "%.2f-%.2f", mi, ma}'; }
commit=$(git -C "$top_srcdir" rev-parse --short HEAD 2>/dev/null || echo unknown)
result=$top_builddir/bench-results-kafka-$commit.txt
{
    echo "rowtap Kafka benchmark, commit $commit, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, librdkafka mock cluster (3 brokers, $partitions partitions)"
    echo "capture: $(basename "$capture"), $messages packet rows; median of $repeat runs; rowtap also produces its flow rows"
    printf '%-16s %9s %13s %12s %9s %7s\n' config median_s min-max_s messages/s peak_MB ratio
    for format in $formats; do
        base=$(echo "${times[kcat-$format]}" | median)
        for tool in kcat rowtap; do
            name=$tool-$format
            med=$(echo "${times[$name]}" | median)
            peak=$(echo "${rss[$name]}" | tr ' ' '\n' | sort -n | tail -n 1)
            awk -v n="$name" -v m="$med" -v s="$(echo "${times[$name]}" | minmax)" -v c="$messages" -v k="$peak" -v b="$base" \
                'BEGIN {printf "%-16s %9.2f %13s %12.0f %9.1f %7.2f\n", n, m, s, c/m, k/1024, m/b}'
        done
    done
    echo "ratio = median time / median time of kcat producing the same number of messages of the same sizes"
} | tee "$result"
echo "written to $result" >&2
