#!/bin/sh
# test_pgsql_pcaps.sh — for every capture in $ROWTAP_SHARED/pcaps, `rowtap -s -o txt,pgsql` writes
# the txt files and loads the tables in one run; the tables must equal the text files value for
# value (tests/pg/compare_txt.py). Skips while rowtap is not built in this tree, without the
# captures, without python3, or without the PostgreSQL server binaries.
set -eu
rowtap=$top_builddir/rowtap
if [ ! -x "$rowtap" ] || ! "$rowtap" -V >/dev/null 2>&1; then
    echo "SKIP: $rowtap is not built yet (it links once the capture and decoder are merged)"
    exit 77
fi
if [ ! -d "${ROWTAP_SHARED:-}/pcaps" ]; then
    echo "SKIP: no captures in \$ROWTAP_SHARED/pcaps (ROWTAP_SHARED='${ROWTAP_SHARED:-}')"
    exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: python3 not found"
    exit 77
fi
. "$top_srcdir/tests/pg/pg_server.sh"
pg_server_start
out=$PG_TMP/out
mkdir -p "$out"
failed=0
checked=0
for capture in "$ROWTAP_SHARED"/pcaps/*.pcap "$ROWTAP_SHARED"/pcaps/*.pcapng "$ROWTAP_SHARED"/pcaps/*.cap; do
    [ -f "$capture" ] || continue
    base=$(basename "$capture")
    base=${base%.*}
    table=$(printf '%s' "$base" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_')
    status=0
    "$rowtap" -r "$capture" -w "$out/" -s -q -o txt,pgsql -X "pgsql.table.flows=${table}_flows" \
        -X "pgsql.table.packets=${table}_packets" >"$out/$base.log" 2>&1 || status=$?
    if [ ! -f "$out/${base}_flows.txt" ] || [ ! -f "$out/${base}_packets.txt" ]; then
        echo "FAIL: $base: rowtap (exit $status) wrote no text files"
        cat "$out/$base.log"
        failed=$((failed + 1))
        continue
    fi
    if grep -q '^rowtap: pgsql: error' "$out/$base.log"; then
        echo "FAIL: $base: the pgsql sink reported errors"
        grep '^rowtap: pgsql' "$out/$base.log"
        failed=$((failed + 1))
        continue
    fi
    if python3 "$top_srcdir/tests/pg/compare_txt.py" "$out/$base" "${table}_flows" "${table}_packets"; then
        checked=$((checked + 1))
    else
        echo "FAIL: $base: the tables differ from the text files (above)"
        failed=$((failed + 1))
    fi
done
echo "$checked captures: tables equal to the text files; $failed failed"
[ "$failed" -eq 0 ] && [ "$checked" -gt 0 ]
