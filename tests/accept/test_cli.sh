#!/bin/sh
# test_cli.sh — acceptance: rowtap's command line (T2-COMPAT §1, §3.1, §9, §10, §11; DESIGN §6) on
# small captures written by tests/accept/cli_capture (no shared captures needed):
#   exactly one input source; -r - (prefix stdin); -R LISTFILE as one stream; the -w prefix rules;
#   -l; -x; a BPF filter after the options or with -F (not both); -X and --config; --list-options;
#   -V; -h; -b with a missing plugin; -p DIR and ROWTAP_PLUGIN_PATH; damaged captures (rows up to
#   the damage, a message naming the byte offset, exit status 1); every error names the problem and
#   how to fix it and exits non-zero. Any sanitizer report of rowtap fails the test.
set -u

build="${top_builddir:-.}"
rowtap="$(cd "$build" && pwd)/rowtap"
writer="$(cd "$build" && pwd)/tests/accept/cli_capture"
for program in "$rowtap" "$writer"; do
    [ -x "$program" ] || { echo "ERROR: $program is not built"; exit 99; }
done

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
failures=0
checks=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# check CONDITION-DESCRIPTION COMMAND...: runs the command, counts a failure when it fails.
check() {
    what=$1
    shift
    checks=$((checks + 1))
    "$@" || fail "$what"
}

# run [ARGS...]: rowtap with standard input from $stdin (default /dev/null), output in out/err,
# exit status in $status.
stdin=/dev/null
run() {
    "$rowtap" "$@" <"$stdin" >out 2>err
    status=$?
    if grep -q -e 'Sanitizer' -e 'runtime error' err; then
        fail "sanitizer report from: rowtap $*"
        cat err
    fi
}

# expect_error DESCRIPTION NEEDLE... -- ARGS...: rowtap must exit non-zero with one message on
# standard error that starts with 'rowtap: ', says 'error' and contains every needle.
expect_error() {
    what=$1
    shift
    needles=""
    while [ "$1" != "--" ]; do
        needles="$needles
$1"
        shift
    done
    shift
    run "$@"
    checks=$((checks + 1))
    if [ "$status" -eq 0 ]; then
        fail "$what: exit status 0 (rowtap $*)"
        return
    fi
    if ! head -n 1 err | grep -q '^rowtap: .*error'; then
        fail "$what: no 'rowtap: ... error' message (rowtap $*): $(cat err)"
        return
    fi
    echo "$needles" | while IFS= read -r needle; do
        [ -z "$needle" ] && continue
        grep -q -F -e "$needle" err || echo "$needle"
    done >missing
    if [ -s missing ]; then
        fail "$what: the message does not contain: $(tr '\n' ' ' <missing)(rowtap $*): $(cat err)"
    else
        echo "ok: $what: $(head -n 1 err)"
    fi
}

# has_file PATH...: every file exists.
has_file() {
    for f in "$@"; do
        [ -f "$f" ] || { echo "  missing $f"; return 1; }
    done
}

# column NAME FILE: the values of one column of a packet or flow file, one per line.
column() {
    awk -F '\t' -v name="$1" 'NR == 1 { sub(/^%/, ""); for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
                              { print $c }' "$2"
}

"$writer" conversation small.pcap || exit 99
"$writer" conversation part1.pcap 1 4 || exit 99
"$writer" conversation part2.pcap 5 8 || exit 99
header_damage=$("$writer" damaged damaged-header.pcap header) || exit 99
cut_damage=$("$writer" damaged damaged-cut.pcap cut) || exit 99

# The reference run: the whole exchange, packet rows on.
run -r small.pcap -s -w ref/
check "reference run exits 0" [ "$status" -eq 0 ]
check "reference run writes the three files" has_file ref/small_flows.txt ref/small_packets.txt ref/small_headers.txt
check "reference run: 8 packet rows numbered 1..8" [ "$(column pktNo ref/small_packets.txt | tr '\n' ' ')" = "1 2 3 4 5 6 7 8 " ]
check "reference run: 2 conversations, A and B rows each" \
    [ "$(column dir ref/small_flows.txt | sort | tr '\n' ' ')" = "A A B B " ]

# --- exactly one input source ---------------------------------------------------------------
expect_error "no input" "no input" "-r FILE" "-R LISTFILE" --
expect_error "-r and -R" "more than one input" "exactly one of" -- -r small.pcap -R list
expect_error "-r and -i" "more than one input" "exactly one of" -- -r small.pcap -i lo
expect_error "-r twice" "-r is given twice" "-R LISTFILE" -- -r small.pcap -r small.pcap
expect_error "missing capture" "nosuch.pcap" -- -r nosuch.pcap -w x/

# --- -r - reads standard input; the prefix is 'stdin' ----------------------------------------
stdin=small.pcap
run -r - -s -w fromstdin/
stdin=/dev/null
check "-r -: exit 0" [ "$status" -eq 0 ]
check "-r -: files named stdin_*" has_file fromstdin/stdin_flows.txt fromstdin/stdin_packets.txt fromstdin/stdin_headers.txt
check "-r -: the same packet rows as -r small.pcap" cmp -s fromstdin/stdin_packets.txt ref/small_packets.txt
mkdir cwd && cd cwd && stdin=../small.pcap && run -r - && stdin=/dev/null && cd ..
check "-r - without -w: stdin_flows.txt in the working folder" has_file cwd/stdin_flows.txt cwd/stdin_headers.txt

# --- -R LISTFILE: one continuous stream ------------------------------------------------------
cat >day.list <<EOF
# the exchange, cut in two files
$tmp/part1.pcap

   # second half
$tmp/part2.pcap
EOF
run -R day.list -s -w list/
check "-R: exit 0" [ "$status" -eq 0 ]
check "-R: files named after the list file" has_file list/day_flows.txt list/day_packets.txt list/day_headers.txt
check "-R: pktNo continues across the files (1..8)" [ "$(column pktNo list/day_packets.txt | tr '\n' ' ')" = "1 2 3 4 5 6 7 8 " ]
check "-R: the TCP conversation spanning both files is one flow" \
    [ "$(awk -F '\t' '$21 == 6 { print $2 }' list/day_packets.txt | sort -u | wc -l)" -eq 1 ]
check "-R: packet rows equal those of the whole capture" cmp -s list/day_packets.txt ref/small_packets.txt
check "-R: flow rows equal those of the whole capture" cmp -s list/day_flows.txt ref/small_flows.txt
printf '# nothing but comments\n\n' >empty.list
expect_error "-R with an empty list" "empty.list" "one path per line" -- -R empty.list
expect_error "-R with a missing list" "nosuch.list" -- -R nosuch.list

# --- -w prefix rules (§1) --------------------------------------------------------------------
mkdir existing
run -r small.pcap -w existing
check "-w DIR (existing, no slash): DIR/<input stem>_*" has_file existing/small_flows.txt existing/small_headers.txt
mkdir existing2
run -r small.pcap -w existing2/
check "-w DIR/ (existing, slash): DIR/<input stem>_*" has_file existing2/small_flows.txt existing2/small_headers.txt
run -r small.pcap -s -w new/a/b/run1
check "-w literal prefix: exit 0" [ "$status" -eq 0 ]
check "-w literal prefix: missing parents created, prefix taken literally" \
    has_file new/a/b/run1_flows.txt new/a/b/run1_packets.txt new/a/b/run1_headers.txt
check "-w literal prefix: no folder named after the prefix" [ ! -e new/a/b/run1 ]
mkdir next && cp small.pcap next/
run -r next/small.pcap -s -w -
check "-w -: exit 0" [ "$status" -eq 0 ]
check "-w -: flow rows on standard output" cmp -s out ref/small_flows.txt
check "-w -: the report on standard error" grep -q 'Packets processed: 8' err
check "-w -: other files next to the input" has_file next/small_packets.txt next/small_headers.txt
check "-w -: no flow file" [ ! -e next/small_flows.txt ]
mkdir beside && cp small.pcap beside/
run -r beside/small.pcap
check "no -w: outputs next to the input" has_file beside/small_flows.txt beside/small_headers.txt
check "no -w: the report on standard output" grep -q 'Packets processed: 8' out
expect_error "-w into a file's folder" "small.pcap" "-w" -- -r small.pcap -w small.pcap/x/y
expect_error "-w where no folder can be made" "/proc/nosuch" "-w" -- -r small.pcap -w /proc/nosuch/x

# --- -l, -x ----------------------------------------------------------------------------------
run -r small.pcap -l -w logged/
check "-l: <prefix>_log.txt holds the report" grep -q 'Packets processed: 8' logged/small_log.txt
check "-l: nothing of the report on standard output" eval '! grep -q "Packets processed" out'
run -r small.pcap -x 4711 -w sensor/
check "-x: the sensor ID in _headers.txt" grep -q '^# Sensor ID: 4711$' sensor/small_headers.txt
check "default sensor ID 666" grep -q '^# Sensor ID: 666$' ref/small_headers.txt
expect_error "-x not a number" "-x" "abc" "non-negative integer" -- -r small.pcap -x abc

# --- BPF filter: after the options, or -F FILE, not both --------------------------------------
run -r small.pcap -s -w bpf/ udp
check "BPF after the options: exit 0" [ "$status" -eq 0 ]
check "BPF: only the 2 UDP packets, numbered 1 and 2 (§3.1)" \
    [ "$(column pktNo bpf/small_packets.txt | tr '\n' ' ')/$(column l4Proto bpf/small_packets.txt | tr '\n' ' ')" = "1 2 /17 17 " ]
run -r small.pcap -s -w bpf2/ tcp and dst port 80
check "BPF of several words: the 4 client packets" [ "$(column pktNo bpf2/small_packets.txt | wc -l)" -eq 4 ]
printf 'udp\n' >filter.txt
run -r small.pcap -s -w bpf3/ -F filter.txt
check "-F FILE: the same rows as the filter after the options" cmp -s bpf3/small_packets.txt bpf/small_packets.txt
expect_error "-F and an expression" "-F" "not both" -- -r small.pcap -F filter.txt udp
expect_error "-F with a missing file" "nosuch.bpf" "-F" -- -r small.pcap -F nosuch.bpf
expect_error "a filter that does not compile" "udp and" "pcap-filter" -- -r small.pcap -w x/ udp and

# --- -X and --config ---------------------------------------------------------------------------
expect_error "-X unknown key" "nosuch.key" "--list-options" -- -r small.pcap -X nosuch.key=1
expect_error "-X unknown key of a loaded plugin" "tcpWin.nosuch" "--list-options" -- -r small.pcap -X tcpWin.nosuch=1
expect_error "-X without =" "core.flowTimeout" "key=value" -- -r small.pcap -X core.flowTimeout
expect_error "-X not an integer" "core.flowTimeout" "abc" "whole number" -- -r small.pcap -X core.flowTimeout=abc
expect_error "-X out of range" "core.flowTimeout" "range" -- -r small.pcap -X core.flowTimeout=0
expect_error "-X not a choice" "core.timePrecision" "us|ns" -- -r small.pcap -X core.timePrecision=ms
cat >ns.conf <<'EOF'
# nanosecond timestamps
core.timePrecision = ns
EOF
run -r small.pcap -s -w conf/ --config ns.conf
check "--config: exit 0" [ "$status" -eq 0 ]
check "--config: core.timePrecision = ns gives 9 fraction digits" \
    [ "$(column time conf/small_packets.txt | head -n 1)" = "1600000000.000000000" ]
run -r small.pcap -s -w conf2/ --config ns.conf -X core.timePrecision=us
check "-X wins over --config" [ "$(column time conf2/small_packets.txt | head -n 1)" = "1600000000.000000" ]
printf 'core.flowTimeout = 60\nbogus.key = 1\n' >bad.conf
expect_error "--config with an unknown key" "bad.conf:2" "bogus.key" -- -r small.pcap --config bad.conf
expect_error "--config with a missing file" "nosuch.conf" -- -r small.pcap --config nosuch.conf

# --- --list-options, -V, -h --------------------------------------------------------------------
run --list-options
check "--list-options: exit 0" [ "$status" -eq 0 ]
for key in core.timePrecision core.flowTimeout core.flowTableSize core.ipPktStatBits capture.snaplen \
    capture.promisc capture.bufferSize basicFlow.pktTrip basicFlow.countryDb basicFlow.asnDb tcpWin.threshold; do
    check "--list-options lists $key" grep -q "^$key " out
done
check "--list-options: the default plugins and the txt sink are marked loaded" \
    eval 'grep -q "^# plugin basicFlow .*(loaded)" out && grep -q "^# plugin tcpWin .*(loaded)" out && grep -q "^# sink txt .*(loaded)" out'
run --list-options -b basicFlow
check "--list-options -b basicFlow: tcpWin is listed as found but not loaded" \
    eval 'grep -q "^# plugin basicFlow .*(loaded)" out && grep -q "^# plugin tcpWin .*(not loaded" out && grep -q "^tcpWin\.threshold " out'
mkdir extra
printf 'not a shared object\n' >extra/notAPlugin.so
run --list-options -p extra
check "--list-options: a module that cannot be loaded is named in a note, the others are listed" \
    eval '[ "$status" -eq 0 ] && grep -q "notAPlugin.*not listed" err && grep -q "^tcpWin\.threshold " out'
run -V
check "-V: exit 0 and the version" eval '[ "$status" -eq 0 ] && grep -q "^rowtap [0-9]" out'
run -h
check "-h: exit 0 and the usage" eval '[ "$status" -eq 0 ] && grep -q "^Usage: rowtap" out && grep -q -- "-R LISTFILE" out'
expect_error "an unknown flag" "-Y" "rowtap -h" -- -r small.pcap -Y

# --- plugins: -b, -p DIR, ROWTAP_PLUGIN_PATH ---------------------------------------------------
expect_error "-b nosuch" "nosuch" "looked for nosuch.so in:" "plugins/.libs" "-p DIR" -- -r small.pcap -b nosuch
# A copy of the program outside the build tree does not look into the build tree's plugin folder.
mkdir bin plugins broken
cp "$rowtap" bin/rowtap
cp "$build"/plugins/.libs/*.so plugins/
printf 'not a shared object\n' >broken/tcpWin.so
outside="$tmp/bin/rowtap"
"$outside" -r small.pcap -w outside/ >out 2>err
if [ $? -ne 0 ]; then
    check "a copy outside the build tree names the folders it searched" grep -q 'looked for basicFlow.so in:' err
else
    echo "note: the plugins are installed; the copy outside the build tree found them"
fi
"$outside" -p "$tmp/plugins" -r small.pcap -s -w plugdir/ >out 2>err
check "-p DIR: plugins loaded from DIR" cmp -s plugdir/small_packets.txt ref/small_packets.txt
ROWTAP_PLUGIN_PATH="$tmp/plugins" "$outside" -r small.pcap -s -w plugenv/ >out 2>err
check "ROWTAP_PLUGIN_PATH: plugins loaded from it" cmp -s plugenv/small_packets.txt ref/small_packets.txt
expect_error "-p DIR is searched first" "$tmp/broken/tcpWin.so" "rebuild it" -- -p "$tmp/broken" -r small.pcap
ROWTAP_PLUGIN_PATH="$tmp/broken"
export ROWTAP_PLUGIN_PATH
expect_error "ROWTAP_PLUGIN_PATH is searched first" "$tmp/broken/tcpWin.so" -- -r small.pcap
unset ROWTAP_PLUGIN_PATH

# --- damaged captures: rows up to the damage, the byte offset named, exit status 1 -------------
for kind in header cut; do
    eval damage=\$${kind}_damage
    run -r "damaged-$kind.pcap" -s -w "damaged-$kind/"
    check "damaged ($kind): exit status 1" [ "$status" -eq 1 ]
    check "damaged ($kind): the message names the file and byte $damage" \
        grep -q "damaged-$kind.pcap.*byte $damage" err
    check "damaged ($kind): the rows of packets 1..3 are written" \
        [ "$(column pktNo "damaged-$kind/damaged-${kind}_packets.txt" | tr '\n' ' ')" = "1 2 3 " ]
    check "damaged ($kind): the flow rows are written" \
        [ "$(column dir "damaged-$kind/damaged-${kind}_flows.txt" | tr '\n' ' ')" = "A B " ]
done

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
