#!/bin/sh
# test_tawk_tutorial.sh — the tutorial's commands with the column tools: on the captures of the
# tutorial's tables (tests/usability/tutorial_captures; tests/accept/tutorial_recipe.h) and the
# tutorial's geolocation database (tests/tools/make-test-mmdb),
#     tawk 'flow(637) && $pktNo > 37450' annoloc2_packets.txt | head | tcol
# prints Table 1 of T2-COMPAT §7.5 as printed there (its column-name row and the rows after
# 37450), and `tawk 'flow(35)' faf-exercise_packets.txt | tcol` prints Table 2. The expected text
# is the verbatim copy of the tables in tests/data/txt/tutorial_tables.txt, without the blanks
# the copy has at the end of some lines (tcol writes none).
set -u
. "$top_srcdir/tests/usability/common.sh"
require_rowtap
captures=$top_builddir/tests/usability/tutorial_captures
tables=$top_srcdir/tests/data/txt/tutorial_tables.txt
PATH=$top_srcdir/tools:$PATH
export PATH
make_temp tutorial
cd "$tmp" || exit 99
"$captures" . >captures.log 2>&1 || { cat captures.log; echo "FAIL: the captures could not be written"; exit 1; }
if ! "$top_srcdir/tests/tools/make-test-mmdb" geo.mmdb >mmdb.log 2>&1; then
    echo "SKIP: the tutorial's geolocation database cannot be written: $(cat mmdb.log)"
    exit 77
fi
for trace in annoloc2 faf-exercise; do
    "$rowtap" -q -r $trace.pcap -w ./ -s -b basicFlow,tcpWin -X basicFlow.countryDb=geo.mmdb \
        -X basicFlow.asnDb=geo.mmdb >$trace.log 2>&1 || { cat $trace.log; echo "FAIL: rowtap on $trace"; exit 1; }
done

# table N — the verbatim table N, trailing blanks removed.
table() {
    awk -v want="$1" '/^%pktNo/ { n++ } n == want && !/^$/' "$tables" | sed 's/ *$//'
}
failures=0
table 1 | sed 2d >want1
tawk 'flow(637) && $pktNo > 37450' annoloc2_packets.txt | head | tcol >got1
cmp -s want1 got1 || { echo "FAIL: the tutorial's tawk | head | tcol command"; diff want1 got1; failures=$((failures + 1)); }
[ "$(wc -l <want1)" -eq 9 ] || { echo "FAIL: Table 1 was not read from $tables"; failures=$((failures + 1)); }
table 1 >want2
tawk 'flow(637) && $pktNo >= 37450' annoloc2_packets.txt | tcol >got2
cmp -s want2 got2 || { echo "FAIL: Table 1 from its first row"; diff want2 got2; failures=$((failures + 1)); }
table 2 >want3
tawk 'flow(35)' faf-exercise_packets.txt | tcol >got3
cmp -s want3 got3 || { echo "FAIL: Table 2"; diff want3 got3; failures=$((failures + 1)); }
[ "$(wc -l <want3)" -eq 22 ] || { echo "FAIL: Table 2 was not read from $tables"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] && echo "PASS: the tutorial's tables through tawk and tcol"
[ "$failures" -eq 0 ]
