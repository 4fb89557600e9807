#!/bin/bash
# run-bench.sh — rowtap's benchmark (not a test): times a bare libpcap read loop (the baseline)
# and rowtap in several configurations on the same cached capture, alternating the commands and
# repeating each (median of BENCH_REPEAT, default 5), and prints medians, min-max spread, ratios to
# the baseline, packets/s, rows/s and peak RSS. The table is also written to
# bench-results-<commit>.txt in the build folder so that commits can be compared.
#
# Environment: BENCH_PACKETS (2000000), BENCH_FLOWS (100000), BENCH_SEED (1), BENCH_REPEAT (5),
# BENCH_CACHE (folder for generated captures, default $top_builddir/tests/bench/cache),
# BENCH_CONFIGS (space-separated subset of the configuration names below).
set -euo pipefail
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$top_builddir}
shared=${ROWTAP_SHARED:-$top_srcdir/../shared}
packets=${BENCH_PACKETS:-2000000}
flows=${BENCH_FLOWS:-100000}
seed=${BENCH_SEED:-1}
repeat=${BENCH_REPEAT:-5}
cache=${BENCH_CACHE:-$top_builddir/tests/bench/cache}
bench=$top_builddir/tests/bench
rowtap=$top_builddir/rowtap

mkdir -p "$cache"
capture=$cache/bench-$packets-$flows-$seed.pcap
if [ ! -s "$capture" ]; then
    if [ -f "$shared/tools/genpcap.py" ]; then
        echo "generating $capture with genpcap.py (once)" >&2
        python3 "$shared/tools/genpcap.py" --packets "$packets" --flows "$flows" --seed "$seed" -q -o "$capture.tmp"
    elif [ -x "$top_builddir/tools/rowtap-gen" ]; then
        echo "generating $capture with tools/rowtap-gen (once)" >&2
        "$top_builddir/tools/rowtap-gen" --packets "$packets" --flows "$flows" --seed "$seed" -o "$capture.tmp"
    else
        echo "run-bench: no generator (../shared/tools/genpcap.py or tools/rowtap-gen)" >&2
        exit 1
    fi
    mv "$capture.tmp" "$capture"
fi
cat "$capture" > /dev/null # into the page cache

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name|command (run with bash -c; OUT is a fresh output folder)
configs=(
    "baseline|$bench/pcap_read_loop $capture"
    "flows-txt|$rowtap -q -r $capture -w \$OUT/"
    "packets-txt|$rowtap -q -r $capture -w \$OUT/ -s"
)
if [ -f "$top_builddir/sinks/.libs/msgpack.so" ]; then
    configs+=("flows-msgpack|$rowtap -q -r $capture -w \$OUT/ -o msgpack"
              "packets-msgpack|$rowtap -q -r $capture -w \$OUT/ -s -o msgpack")
fi
if [ -n "${BENCH_CONFIGS:-}" ]; then
    selected=()
    for c in "${configs[@]}"; do
        case " baseline $BENCH_CONFIGS " in *" ${c%%|*} "*) selected+=("$c") ;; esac
    done
    configs=("${selected[@]}")
fi

declare -A times rss rows
for ((r = 1; r <= repeat; r++)); do
    for c in "${configs[@]}"; do
        name=${c%%|*}
        cmd=${c#*|}
        out=$work/out && rm -rf "$out" && mkdir -p "$out"
        OUT=$out "$bench/measure" "$work/m" bash -c "OUT=$out; ${cmd//\\\$OUT/\$OUT}" > /dev/null 2> "$work/err" || {
            echo "run-bench: '$name' failed:" >&2
            cat "$work/err" >&2
            exit 1
        }
        read -r secs kib < "$work/m"
        times[$name]="${times[$name]:-} $secs"
        rss[$name]="${rss[$name]:-} $kib"
        if [ "$r" -eq 1 ] && [ "$name" != baseline ]; then
            n=0
            for f in "$out"/*_flows.txt "$out"/*_packets.txt; do
                [ -f "$f" ] && n=$((n + $(wc -l < "$f") - 1))
            done
            for f in "$out"/*.msgpack; do
                [ -f "$f" ] && [ -x "$top_builddir/rowtap-cat" ] && n=$((n + $("$top_builddir/rowtap-cat" "$f" | wc -l) - 1))
            done
            rows[$name]=$n
        fi
        rm -rf "$out"
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
minmax() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR==1{mi=$1} {ma=$1} END {printf "%.3f-%.3f", mi, ma}'; }

commit=$(git -C "$top_srcdir" rev-parse --short HEAD 2>/dev/null || echo unknown)
result=$top_builddir/bench-results-$commit.txt
base=$(echo "${times[baseline]}" | median)
{
    echo "rowtap benchmark, commit $commit, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
    echo "capture: $(basename "$capture") ($packets packets, $flows flows, $(du -m "$capture" | cut -f1) MB), median of $repeat runs"
    printf '%-16s %9s %15s %7s %12s %12s %9s\n' config median_s min-max_s ratio packets/s rows/s peak_MB
    for c in "${configs[@]}"; do
        name=${c%%|*}
        med=$(echo "${times[$name]}" | median)
        spread=$(echo "${times[$name]}" | minmax)
        peak=$(echo "${rss[$name]}" | tr ' ' '\n' | sort -n | tail -1)
        nrows=${rows[$name]:-0}
        awk -v n="$name" -v m="$med" -v s="$spread" -v b="$base" -v p="$packets" -v r="$nrows" -v k="$peak" \
            'BEGIN {printf "%-16s %9.3f %15s %7.2f %12.0f %12s %9.1f\n", n, m, s, m/b, p/m, (r ? sprintf("%.0f", r/m) : "-"), k/1024}'
    done
    echo "ratio = median time / median time of the baseline (a bare libpcap pcap_next_ex loop) in this run"
} | tee "$result"
echo "written to $result" >&2
