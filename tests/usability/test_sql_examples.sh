#!/bin/sh
# test_sql_examples.sh — the SQL examples of doc/examples (top talkers, zero-window flows, flows per
# country) on tables loaded by rowtap's pgsql sink into a throwaway PostgreSQL server
# (tests/pg/pg_server.sh): the bundled sample, with a country database for its public servers
# (tools/rowtap-gen.md names their countries). Each query's result must equal the same
# computation over the flow file of the same run (tests/usability/sql_examples_oracle.py), and
# the results hold what the sample's description says: the FTP data client 192.168.1.105:49842
# advertised a zero window in two packets; the FTP server's country SE is among the countries.
set -u
. "$top_srcdir/tests/usability/common.sh"
require_rowtap
require_command python3 "the oracle"
require_sink pgsql
. "$top_srcdir/tests/pg/pg_server.sh"
pg_server_start
export PGTZ=UTC
out=$PG_TMP/out
mkdir -p "$out"
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

geo=
printf '216.160.83.0/24\tUS\t-\tCentury Link\n89.160.20.0/24\tSE\t-\tBredband2 AB\n81.2.69.0/24\tGB\t-\tAndrews & Arnold\n2.125.160.0/24\tGB\t-\tBT\n1.128.0.0/16\tAU\t-\tTelstra\n2001:218::/32\tJP\t-\tNTT\n' \
    >"$out/geo.txt"
if "$top_srcdir/tests/tools/make-test-mmdb" "$out/geo.mmdb" "$out/geo.txt" >"$out/mmdb.log" 2>&1; then
    geo="-X basicFlow.countryDb=$out/geo.mmdb -X basicFlow.asnDb=$out/geo.mmdb"
else
    echo "note: no country database ($(cat "$out/mmdb.log")): public addresses have the country '-'"
fi
# shellcheck disable=SC2086 # $geo holds options
"$rowtap" -q -r "$top_srcdir/data/sample.pcap" -w "$out/" -x 7 -o txt,pgsql $geo >"$out/rowtap.log" 2>&1 \
    || { cat "$out/rowtap.log"; echo "FAIL: rowtap -o txt,pgsql"; exit 1; }

for query in top-talkers zero-window flows-per-country; do
    psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -f "$top_srcdir/doc/examples/$query.sql" >"$out/$query.got" 2>&1 \
        || fail "psql -f $query.sql: $(cat "$out/$query.got")"
    python3 "$top_srcdir/tests/usability/sql_examples_oracle.py" "$out/sample_flows.txt" "$query" 7 >"$out/$query.want"
    [ -s "$out/$query.want" ] || fail "$query: the flow file gives no row"
    if ! cmp -s "$out/$query.want" "$out/$query.got"; then
        fail "$query.sql: the result differs from the flow file"
        diff "$out/$query.want" "$out/$query.got" | head -n 10
    fi
done
grep -q '^7|[0-9]*|[AB]|192\.168\.1\.105|49842|89\.160\.20\.112|50069|2$' "$out/zero-window.got" \
    || fail "zero-window.sql does not list the FTP data client's two zero-window packets"
[ "$(wc -l <"$out/top-talkers.got")" -eq 10 ] || fail "top-talkers.sql does not give ten rows"
if [ -n "$geo" ]; then
    grep -q '^se|' "$out/flows-per-country.got" || fail "flows-per-country.sql does not list SE (the FTP server)"
fi

[ "$failures" -eq 0 ] && echo "PASS: the SQL examples on the loaded tables"
[ "$failures" -eq 0 ]
