#!/bin/sh
# test_scale_out_pgsql.sh — doc/scale-out.md with PostgreSQL: a capture made by rowtap-gen is split
# into the guide's two address-pair shards; the tables are created once as the guide says
# (rowtap --schema=sql -s -o pgsql -X pgsql.primaryKey=true | psql); two rowtap processes (sensor
# IDs 11 and 12, one shard each, -o txt,pgsql -X pgsql.create=false) load the same database at the
# same time. Then:
#   - each sensor's rows in both tables equal, value for value, the text files it wrote
#     (tests/pg/compare_txt.py on the rows of its sensor ID), so they are present and told apart;
#   - no row is there twice, and the two sensors have one run each;
#   - the shards' rows together are the rows of one run over the whole capture (flowInd aside);
#   - doc/examples/rows-per-sensor.sql reports each sensor's flows and packets.
set -u
. "$top_srcdir/tests/usability/common.sh"
require_rowtap
require_sink pgsql
require_command python3 "tests/pg/compare_txt.py"
rowtap_gen=$top_builddir/tools/rowtap-gen
[ -x "$rowtap_gen" ] || { echo "SKIP: $rowtap_gen is not built"; exit 77; }
. "$top_srcdir/tests/pg/pg_server.sh"
pg_server_start
export PGTZ=UTC
out=$PG_TMP/out
mkdir -p "$out/s11" "$out/s12" "$out/all"
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
sql() {
    psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -c "$1"
}

shard0= shard1=
eval "$(grep -E "^    shard[01]='" "$top_srcdir/doc/scale-out.md" | sed 's/^ *//')"
[ -n "$shard0" ] && [ -n "$shard1" ] || { echo "FAIL: doc/scale-out.md has no shard0=/shard1= filters"; exit 1; }
"$rowtap_gen" --packets 20000 --flows 600 --vlan-share 0 -q -o "$out/big.pcap" || { echo "FAIL: rowtap-gen"; exit 1; }

"$rowtap" --schema=sql -s -o pgsql -X pgsql.primaryKey=true | psql -X -q -v ON_ERROR_STOP=1 >"$out/ddl.log" 2>&1 \
    || { cat "$out/ddl.log"; echo "FAIL: creating the tables"; exit 1; }
"$rowtap" -q -r "$out/big.pcap" -x 11 -s -w "$out/s11/" -o txt,pgsql -X pgsql.create=false "$shard0" \
    >"$out/s11.log" 2>&1 &
first=$!
"$rowtap" -q -r "$out/big.pcap" -x 12 -s -w "$out/s12/" -o txt,pgsql -X pgsql.create=false "$shard1" \
    >"$out/s12.log" 2>&1 &
second=$!
wait $first || { cat "$out/s11.log"; fail "sensor 11: exit status $?"; }
wait $second || { cat "$out/s12.log"; fail "sensor 12: exit status $?"; }
"$rowtap" -q -r "$out/big.pcap" -s -w "$out/all/" >"$out/all.log" 2>&1 || { cat "$out/all.log"; fail "the run over the whole capture"; }

for sensor in 11 12; do
    flows=$(($(wc -l <"$out/s$sensor/big_flows.txt") - 1))
    packets=$(($(wc -l <"$out/s$sensor/big_packets.txt") - 1))
    [ "$flows" -ge 100 ] && [ "$packets" -ge 1000 ] || fail "sensor $sensor saw only $flows flows and $packets packets"
    sql "CREATE VIEW flows_$sensor AS SELECT * FROM flows WHERE sensor_id = $sensor;
         CREATE VIEW packets_$sensor AS SELECT * FROM packets WHERE sensor_id = $sensor" >/dev/null
    python3 "$top_srcdir/tests/pg/compare_txt.py" "$out/s$sensor/big" "flows_$sensor" "packets_$sensor" \
        || fail "sensor $sensor: its rows in the tables differ from its text files"
    [ "$(sql "SELECT count(*) FROM flows WHERE sensor_id = $sensor")" = "$flows" ] \
        || fail "sensor $sensor: $flows flow rows written, $(sql "SELECT count(*) FROM flows WHERE sensor_id = $sensor") in the table"
    printf '%s|1|%s|%s\n' "$sensor" "$flows" "$packets" >>"$out/per-sensor.want"
done
[ "$(sql "SELECT count(*) FROM (SELECT 1 FROM flows GROUP BY sensor_id, run_id, flowind, dir HAVING count(*) > 1) d")" = 0 ] \
    || fail "flow rows loaded twice"
[ "$(sql "SELECT count(*) FROM (SELECT 1 FROM packets GROUP BY sensor_id, run_id, pktno HAVING count(*) > 1) d")" = 0 ] \
    || fail "packet rows loaded twice"
[ "$(sql "SELECT count(DISTINCT sensor_id) || ' ' || count(DISTINCT run_id) FROM flows")" = "2 2" ] \
    || fail "the flow table does not hold two sensors with one run each"

# The shards together are the whole capture: every flow row but its dir and flowInd.
for run in s11 s12 all; do
    tail -n +2 "$out/$run/big_flows.txt" | cut -f 3- | sort >"$out/$run.rows"
done
sort -m "$out/s11.rows" "$out/s12.rows" | cmp -s - "$out/all.rows" \
    || fail "the rows of the two shards are not the rows of the whole capture"

psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -f "$top_srcdir/doc/examples/rows-per-sensor.sql" | cut -d '|' -f 1-4 \
    >"$out/per-sensor.got"
cmp -s "$out/per-sensor.want" "$out/per-sensor.got" \
    || { fail "rows-per-sensor.sql"; diff "$out/per-sensor.want" "$out/per-sensor.got"; }

[ "$failures" -eq 0 ] && echo "PASS: two sensors loaded one database; each sensor's rows present once, told apart by sensor ID"
[ "$failures" -eq 0 ]
