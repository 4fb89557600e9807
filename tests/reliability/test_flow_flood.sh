#!/bin/sh
# test_flow_flood.sh — bounded memory under a flood of unique single-packet flows (flow_flood):
#   1. the memory a flow direction takes, measured: the peak resident memory of two runs whose
#      tables (core.flowTableSize 16384 and 262144) are filled, divided by the difference of
#      their sizes, must match what the end report declares (slot bytes + 16 index bytes per
#      direction, doc/reliability.md) within 10 %, and the larger run stays within the report's
#      bound above the smaller one;
#   2. FLOOD_FLOWS flows (default 5000000: about 7 s here, 13 s under the sanitizers; set it
#      lower for a quick run) through a table of 16384: the peak resident memory stays
#      that of a run of 32768 flows (within 8 MB, the noise of the allocators; 5 million
#      directions would take 2 GB), every flow has its row, the rows of evicted
#      flows carry flowStat bit 42 (FLOOD_FLOWS - 16384 of them) and the end report counts them.
# Sink queues are kept small (core.sinkQueue=2, core.batchBytes=65536) so that rows waiting for
# the sink do not blur the figures.
set -u
. "$(dirname "$0")/common.sh"
flood=$(helper flow_flood) || exit 99
flows=${FLOOD_FLOWS:-5000000}
small=16384
large=262144

# flood_run NAME FLOWS TABLE: FLOWS unique flows through rowtap with core.flowTableSize TABLE,
# flow rows on standard output counted by awk into NAME.counts ("rows evicted-rows"), the end
# report in NAME.err, rowtap's exit status in $status.
flood_run() {
    "$flood" "$2" | {
        "$rowtap" -r - -w - -X core.flowTableSize="$3" -X core.sinkQueue=2 -X core.batchBytes=65536 2>"$1.err"
        echo $? >"$1.status"
    } | awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "flowStat") c = i; next }
                     { rows++ } index("4567cdef", substr($c, 8, 1)) { evicted++ }
                     END { print rows + 0, evicted + 0 }' >"$1.counts"
    status=$(cat "$1.status")
    sane "$1" "$status" "$1.err"
}

# peak NAME: the peak resident memory of a run in KiB (the report gives MB with one decimal).
peak() {
    sed -n 's/^Peak resident memory: \([0-9.]*\) MB$/\1/p' "$1.err" | awk '{ printf "%d\n", $1 * 1024 }'
}

flood_run small $((2 * small)) "$small" || finish
flood_run large $((2 * large)) "$large" || finish
slot=$(sed -n 's/^Flow table memory: \([0-9]*\) bytes per direction.*/\1/p' large.err)
bound=$(sed -n 's/.*; at most \([0-9.]*\) MB for core.flowTableSize.*/\1/p' large.err | awk '{ printf "%d\n", $1 * 1024 }')
declared=$((slot + 16))
measured=$(( ($(peak large) - $(peak small)) * 1024 / (large - small) ))
echo "memory per flow direction: declared $declared bytes (slot $slot + index 16), measured $measured bytes"
check "the memory per direction matches the declared figure within 10 % ($measured vs $declared bytes)" \
    [ "$((measured * 10))" -le "$((declared * 11))" ] && [ "$((measured * 10))" -ge "$((declared * 9))" ]
check "a full table of $large directions stays within the report's bound ($bound KiB) above a small run" \
    [ "$(peak large)" -le "$(($(peak small) + bound))" ]
check "both runs exit 0" [ "$(cat small.status)$(cat large.status)" = "00" ]

flood_run flood "$flows" "$small" || finish
set -- $(cat flood.counts)
echo "$flows flows through a table of $small: peak $(peak flood) KiB (a run of $((2 * small)) flows: $(peak small) KiB)"
check "$flows flows: exit status 0" [ "$status" -eq 0 ]
check "$flows flows: the peak resident memory does not grow with the flows (within 8 MB)" \
    [ "$(peak flood)" -le "$(($(peak small) + 8192))" ]
check "$flows flows: every flow has its row ($1)" [ "$1" -eq "$flows" ]
check "$flows flows: $((flows - small)) rows carry the eviction bit 42 ($2)" [ "$2" -eq "$((flows - small))" ]
check "$flows flows: the end report counts the evicted directions" \
    grep -q "^Flow table: peak $small directions (100.00% of core.flowTableSize $small), $((flows - small)) evicted because it was full$" flood.err

finish
