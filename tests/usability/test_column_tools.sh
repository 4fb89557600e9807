#!/bin/sh
# test_column_tools.sh — tawk and tcol (tools/) on the text files rowtap writes for the bundled
# sample capture (data/sample.pcap, made by rowtap-gen), with every awk found (mawk, gawk, busybox
# awk, original-awk). Expected rows come from an independent filter written in Python over the
# same files (flowInd ranges; bit tests on the hex digits with Python's exact integers), from the
# sample's description in tools/rowtap-gen.md, from hand-built files whose aligned form is written
# below, and from util-linux `column -t` (which keeps empty fields too). Covers the examples of
# the README and of tawk(1) and tcol(1).
set -u
. "$top_srcdir/tests/usability/common.sh"
require_rowtap
require_command python3 "the oracle"
tawk=$top_srcdir/tools/tawk
tcol=$top_srcdir/tools/tcol
make_temp tawk
cd "$tmp" || exit 99
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

"$rowtap" -q -r "$top_srcdir/data/sample.pcap" -w out/ -s >rowtap.log 2>&1 || { cat rowtap.log; echo "FAIL: rowtap"; exit 1; }
packets=out/sample_packets.txt
flows=out/sample_flows.txt

# oracle FILE KIND ARG — the expected tawk output: the column-name row, then the rows whose flowInd
# is in ARG ("flow"), whose hex column has any / all bits of a mask ("any COLUMN MASK", "all ...")
# or that are zero-window TCP packets ("zerowin").
oracle() {
    python3 - "$@" <<'EOF'
import sys
path, kind = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8", errors="surrogateescape").read().split("\n")[:-1]
names = lines[0][1:].split("\t")
col = {n: i for i, n in enumerate(names)}
def keep(f):
    if kind == "flow":
        v = int(f[col["flowInd"]])
        for item in sys.argv[3].split(","):
            if "-" in item[1:]:
                lo, hi = item.split("-")
                if v >= int(lo) and (hi == "" or v <= int(hi)):
                    return True
            elif v == int(item):
                return True
        return False
    if kind in ("any", "all"):
        text, mask = f[col[sys.argv[3]]], sys.argv[4]
        m = int(mask, 16) if mask.startswith("0x") else int(mask)
        v = int(text, 16) if text else 0
        return (v & m) != 0 if kind == "any" else (v & m) == m
    if kind == "zerowin":
        return f[col["l4Proto"]] == "6" and f[col["winSize"]] == "0"
    raise SystemExit("unknown kind " + kind)
out = [lines[0]] + [l for l in lines[1:] if keep(l.split("\t"))]
sys.stdout.write("".join(l + "\n" for l in out))
EOF
}

# same NAME EXPECTED GOT
same() {
    if cmp -s "$2" "$3"; then
        return 0
    fi
    fail "$1"
    diff "$2" "$3" | head -n 10
    return 1
}

# The awks to try: the default one and every other one installed.
awks=awk
for candidate in mawk gawk original-awk nawk; do
    command -v "$candidate" >/dev/null 2>&1 && awks="$awks $candidate"
done
command -v busybox >/dev/null 2>&1 && busybox awk 'BEGIN {}' 2>/dev/null && awks="$awks busybox-awk"
printf '#!/bin/sh\nexec busybox awk "$@"\n' >busybox-awk
chmod +x busybox-awk
PATH=$tmp:$PATH
export PATH

for AWK in $awks; do
    export AWK
    # flow(): one index, a range, a list, an open range; the flow and the packet file.
    for spec in 1 49 '"3-7"' '"2,10-12,49"' '"95-"'; do
        arg=$(printf '%s' "$spec" | tr -d '"')
        for file in $packets $flows; do
            oracle "$file" flow "$arg" >want
            [ "$(wc -l <want)" -gt 1 ] || fail "the oracle selects no row of $file for flow($spec)"
            "$tawk" "flow($spec)" "$file" >got 2>err || fail "$AWK: tawk 'flow($spec)' $file: exit status $? ($(cat err))"
            same "$AWK: tawk 'flow($spec)' $file" want got
        done
    done

    # bitsanyset / bitsallset: 64-bit masks (bit 63 and 33 are beyond awk's exact integers), a
    # decimal mask, a 16-bit column, and an empty (absent) value in the packet file.
    for test in flowStat:0x8000000000000000 flowStat:0x0000000200000000 flowStat:0x0000000000004001 \
        flowStat:0x0000083000000000 flowStat:1 flowStat:16384 flowStat:0x0 tcpFlags:0x0012 tcpFlags:0x0200 \
        tcpFlags:0x0004; do
        column=${test%%:*} mask=${test#*:}
        for fn in any all; do
            oracle $flows $fn "$column" "$mask" >want
            "$tawk" "bits${fn}set(\$$column, \"$mask\")" $flows >got 2>err || fail "$AWK: bits${fn}set exit status"
            same "$AWK: tawk 'bits${fn}set(\$$column, \"$mask\")'" want got
        done
    done
    printf '%%a\tflowInd\th\n1\t1\t\n2\t2\t0x01\n' >absent.txt
    [ "$("$tawk" -H 'bitsanyset($h, "0x01") || bitsallset($h, "0x02")' absent.txt | cut -f1)" = 2 ] \
        || fail "$AWK: an empty bit field has no bits set"

    # README: zero-window TCP packets; the flows with truncated packets (bit 33) — the sample's only
    # one is the server's direction of the 30 KB download to port 49830 (tools/rowtap-gen.md).
    oracle $packets zerowin >want
    "$tawk" '$l4Proto == 6 && $winSize == 0' $packets >got
    same "$AWK: tawk '\$l4Proto == 6 && \$winSize == 0'" want got
    [ "$(wc -l <got)" -ge 3 ] || fail "$AWK: fewer than two zero-window packets (the FTP data client has two)"
    "$tawk" 'bitsanyset($flowStat, "0x0000000200000000")' $flows >got
    [ "$(tail -n +2 got | cut -f 1,14,17,21 | tr '\t' ' ')" = "B 216.160.83.56 80 49830" ] \
        || fail "$AWK: bit 33 flows: $(tail -n +2 got | cut -f 1,14,17,21)"

    # The column-name row: printed once first (several files too), not when the program prints or
    # with -H; hdr() prints it; the files' own '%' rows never reach the program.
    head -n 1 $packets >want
    "$tawk" 'flow(999999)' $packets >got
    same "$AWK: no matching row: the column-name row alone" want got
    "$tawk" 'flow(1)' $packets $packets >got
    [ "$(grep -c '^%' got)" = 1 ] && [ "$(grep -c -v '^%' got)" = "$(($(oracle $packets flow 1 | wc -l) * 2 - 2))" ] \
        || fail "$AWK: two files: one column-name row and the rows of both"
    [ "$("$tawk" '{ n++ } END { print n }' $packets)" = "$(($(wc -l <$packets) - 1))" ] \
        || fail "$AWK: a program that prints gets no column-name row, and every data row"
    [ -z "$("$tawk" -H 'flow(1)' $packets | grep '^%')" ] || fail "$AWK: -H prints no column-name row"
    "$tawk" -H 'BEGIN { hdr() }' $packets >got
    same "$AWK: hdr()" want got
    [ "$("$tawk" '/^%/' $packets | wc -l)" = 1 ] || fail "$AWK: the '%' row reached the program"

    # Columns by name in actions, -v, standard input, OFS = TAB.
    [ "$("$tawk" -v port=80 '$dstPort == port && $dir == "A" { n++ } END { print n + 0 }' $flows)" \
        = "$(oracle $flows flow 1- | awk -F '\t' '$1 == "A" && $21 == 80' | wc -l)" ] || fail "$AWK: -v and \$dir"
    oracle $packets flow 5 >want
    "$tawk" 'flow(5)' <$packets >got
    same "$AWK: standard input" want got
    [ "$("$tawk" 'flow(5) { print $pktNo, $flowInd; exit }' $packets)" = "$(sed -n 2p want | cut -f 1,2)" ] \
        || fail "$AWK: print \$a, \$b separates with a TAB"

    # Errors: files with other columns than the first; a file without a column-name row.
    "$tawk" 'flow(1)' $packets $flows >got 2>err && fail "$AWK: packets and flows together: exit status 0"
    grep -q "other columns" err || fail "$AWK: packets and flows together: message '$(cat err)'"
    printf 'no header\n' >plain.txt
    "$tawk" 1 plain.txt >got 2>err && fail "$AWK: a file without a column-name row: exit status 0"
    grep -q "column-name row" err || fail "$AWK: a file without a column-name row: message '$(cat err)'"

    # tcol: hand-built files; empty fields keep their place, UTF-8 characters count once, trailing
    # empty fields add no blanks, the last field is not padded.
    printf '%%a\tbb\tc\n1\t\t3\n\t22\t\nλλλλ\tx\ty z\n' | "$tcol" >got
    printf '%%a    bb  c\n1         3\n      22\nλλλλ  x   y z\n' >want
    same "$AWK: tcol on a hand-built file" want got
    printf '' | "$tcol" >got
    [ ! -s got ] || fail "$AWK: tcol on empty input"
done

# tcol against util-linux column -t (which keeps empty fields; it pads the last column, so its
# trailing blanks are removed), on both files and on tawk's output.
if column -t -s "$(printf '\t')" </dev/null >/dev/null 2>&1 && [ "$(printf 'a\t\tb\n' | column -t -s "$(printf '\t')")" = "a    b" ]; then
    for input in $flows $packets; do
        head -n 60 "$input" >part
        LC_ALL=C.UTF-8 column -t -s "$(printf '\t')" part | sed 's/ *$//' >want
        "$tcol" part >got
        same "tcol $input equals column -t" want got
    done
    "$tawk" '$l4Proto == 6 && $winSize == 0' $packets >part
    column -t -s "$(printf '\t')" part | sed 's/ *$//' >want
    "$tcol" part >got
    same "tawk | tcol equals column -t" want got
else
    echo "note: util-linux column -t not available or merges empty fields: that comparison is left out"
fi

# The tawk commands of README.md and doc/examples.md (on the sample's files in out/), run as
# written: their output must be the oracle's for the same selection (aligned by tcol when piped
# into it). The tutorial's annoloc2 command is test_tawk_tutorial.sh's.
PATH=$top_srcdir/tools:$PATH
grep -h -E "^    (tools/)?tawk '" "$top_srcdir/README.md" "$top_srcdir/doc/examples.md" | grep -v annoloc2 \
    | sed -e 's/^ *//' -e 's/  *#.*$//' -e 's|tools/||g' | sort -u >documented
[ "$(wc -l <documented)" -ge 3 ] || fail "only $(wc -l <documented) tawk commands found in README.md and doc/examples.md"
while IFS= read -r command; do
    selection=$(printf '%s\n' "$command" | sed "s/^tawk '\([^']*\)'.*/\1/")
    file=$(printf '%s\n' "$command" | grep -o 'out/sample_[a-z]*\.txt')
    case "$selection" in
        '$l4Proto == 6 && $winSize == 0') oracle "$file" zerowin ;;
        'flow('[0-9]*')') oracle "$file" flow "$(printf '%s' "$selection" | tr -cd '0-9')" ;;
        'bitsanyset($flowStat, "'*'")') oracle "$file" any flowStat "$(printf '%s' "$selection" | grep -o '0x[0-9a-f]*')" ;;
        *) fail "the documented command has no check here: $command"; continue ;;
    esac >want
    case "$command" in
        *'| tcol') "$tcol" want >want.aligned && mv want.aligned want ;;
    esac
    sh -c "$command" >got 2>err || fail "documented command failed: $command ($(cat err))"
    same "documented command: $command" want got
    [ "$(wc -l <got)" -gt 1 ] || fail "documented command selects nothing: $command"
done <documented

echo "awks tried: $awks"
[ "$failures" -eq 0 ] && echo "PASS: tawk and tcol" && exit 0
echo "$failures failures"
exit 1
