#!/bin/sh
# test_progress.sh — the progress line: on a terminal (a pseudo-terminal made by script(1)) it is
# redrawn in place while a capture is read — percent, packets, packets/s, rows per sink, time
# left; from standard input the bytes read instead of the percent — and erased before the end
# report; with standard error redirected, or with -q, there is none.
set -u
build="${top_builddir:-.}"
rowtap="$(cd "$build" && pwd)/rowtap"
gen="$(cd "$build" && pwd)/tools/rowtap-gen"
if ! command -v script >/dev/null 2>&1; then
    echo "SKIP: script(1) (util-linux) is not installed"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
check() {
    description=$1
    shift
    if "$@"; then
        echo "ok: $description"
    else
        echo "FAIL: $description"
        failures=$((failures + 1))
    fi
}
"$gen" --packets 300000 --flows 15000 --seed 5 -o big.pcap 2>/dev/null || { echo "ERROR: rowtap-gen failed"; exit 99; }

# In a pseudo-terminal: standard output and standard error both reach the terminal.
script -qfec "$rowtap -r big.pcap -w tty/ -s -X core.progressMs=20" /dev/null >tty.out 2>&1
# the drawings: each starts with a carriage return and ends by erasing the rest of the line
tr '\r' '\n' <tty.out | grep -a '^rowtap: .*% of .*packets.* pkt/s, rows txt .*\[K$' >drawn || true
check "progress line drawn at least three times" [ "$(wc -l <drawn)" -ge 3 ]
check "the percent grows" sh -c "sed 's/^rowtap: *\([0-9.]*\)%.*/\1/' drawn | sort -n -c"
check "time left shown" grep -q ' left' drawn
# erased (CR, ESC [ K) right before the end report's first line
check "erased before the end report" sh -c "tr -d '\n' <tty.out | grep -a -q \"$(printf '\r\033\\[K')rowtap [0-9.]*, process\""
check "the end report after it is whole" grep -a -q 'Packets processed: 300000' tty.out

# From standard input the size is unknown: the bytes read instead of the percent.
script -qfec "cat big.pcap | $rowtap -r - -w stdin/ -X core.progressMs=20" /dev/null >stdin.out 2>&1
check "standard input: bytes read shown" sh -c "tr '\r' '\n' <stdin.out | grep -a -q '^rowtap: [0-9.]*[kMG]*B read, '"

# Not a terminal: no progress line.
"$rowtap" -r big.pcap -w plain/ -X core.progressMs=20 >plain.out 2>plain.err
check "stderr redirected: no progress line" sh -c "! grep -a -q 'pkt/s' plain.err && ! grep -a -q \"$(printf '\033')\" plain.err"
# -q on a terminal: none either.
script -qfec "$rowtap -q -r big.pcap -w quiet/ -X core.progressMs=20" /dev/null >quiet.out 2>&1
check "-q: no progress line" sh -c "! grep -a -q 'pkt/s' quiet.out && ! grep -a -q \"$(printf '\033')\" quiet.out"
check "-q: the end report is still written" grep -a -q 'Packets processed: 300000' quiet.out

echo "$failures failures"
[ "$failures" -eq 0 ]
