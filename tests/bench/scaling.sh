#!/bin/bash
# scaling.sh — does the cost per packet grow with the capture? (a benchmark, not a test; issue
# target: 4x the packets of the same mix take at most 4.4x the time). Times the baseline read loop
# and rowtap (flow mode and packet mode, txt) on a small and a large capture of the same mix,
# alternating the runs (median of BENCH_REPEAT, default 3), and prints the large/small ratios.
# Usage (from the build tree): tests/bench/scaling.sh SMALL.pcap LARGE.pcap
# BENCH_OUT names the folder for the outputs (default: a new one in TMPDIR); the packet files of
# 8 million packets take several GB, so on a slow disk the large run measures the disk: use a
# tmpfs (BENCH_OUT=/dev/shm/x) to measure rowtap.
# e.g. the captures of genpcap.py --packets 2000000 --flows 100000 --seed 1 and
#      genpcap.py --packets 8000000 --flows 400000 --seed 1.
set -euo pipefail
top_builddir=${top_builddir:-$(pwd)}
small=$1
large=$2
repeat=${BENCH_REPEAT:-3}
bench=$top_builddir/tests/bench
rowtap=$top_builddir/rowtap
work=$(mktemp -d "${BENCH_OUT:-${TMPDIR:-/tmp}}/scaling.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat "$small" "$large" >/dev/null

declare -A times
configs=(baseline flows-txt packets-txt)
run() { # config capture
    case $1 in
        baseline) "$bench/measure" "$work/m" "$bench/pcap_read_loop" "$2" >/dev/null ;;
        flows-txt) "$bench/measure" "$work/m" "$rowtap" -q -r "$2" -w "$work/out/" >/dev/null ;;
        packets-txt) "$bench/measure" "$work/m" "$rowtap" -q -r "$2" -w "$work/out/" -s >/dev/null ;;
    esac
    read -r secs _ <"$work/m"
    echo "$secs"
}
for ((r = 1; r <= repeat; r++)); do
    for c in "${configs[@]}"; do
        for size in small large; do
            rm -rf "$work/out" && mkdir "$work/out"
            times[$c-$size]="${times[$c-$size]:-} $(run "$c" "${!size}")"
        done
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
packets() { "$bench/pcap_read_loop" "$1" | cut -d" " -f1; }
ps=$(packets "$small")
pl=$(packets "$large")
echo "small: $(basename "$small") ($ps packets); large: $(basename "$large") ($pl packets); median of $repeat"
printf '%-12s %9s %9s %12s %12s\n' config small_s large_s time_ratio packet_ratio
for c in "${configs[@]}"; do
    ms=$(echo "${times[$c-small]}" | median)
    ml=$(echo "${times[$c-large]}" | median)
    awk -v c="$c" -v s="$ms" -v l="$ml" -v ps="$ps" -v pl="$pl" \
        'BEGIN { printf "%-12s %9.3f %9.3f %12.2f %12.2f\n", c, s, l, l / s, pl / ps }'
done
