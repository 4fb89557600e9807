#!/bin/sh
# pgsql_bench.sh — throughput of the pgsql sink (not part of make check). Starts a PostgreSQL
# server with default durability settings, then:
#   flows:   loads FLOW_ROWS generated flow rows through the sink, exports the same rows to CSV,
#            and times `psql -c "\copy ... FROM file CSV"` into an identical empty table;
#            target: sink time <= 1.25 x psql time;
#   packets: loads PACKET_ROWS generated packet rows; target: >= 200000 rows/s.
# Usage (from the build tree): tests/bench/pgsql_bench.sh [FLOW_ROWS] [PACKET_ROWS]
# Prints one "name value" line per figure; exits 1 when a target is missed.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
flow_rows=${1:-1000000}
packet_rows=${2:-2000000}
loader=$top_builddir/tests/bench/pgsql_bench_load
if [ ! -x "$loader" ]; then
    echo "SKIP: $loader not built (make tests/bench/pgsql_bench_load)"
    exit 77
fi
PG_SERVER_DURABLE=1
. "$top_srcdir/tests/pg/pg_server.sh"
pg_server_start

seconds() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'; }

psql -XAtq -c "CHECKPOINT"
sink_flows=$("$loader" flows "$flow_rows" bench_flows 2>"$PG_TMP/flows.log")
psql -XAtq -c "\\copy (SELECT * FROM bench_flows) TO '$PG_TMP/flows.csv' CSV"
psql -XAtq -c "CREATE TABLE bench_flows_csv (LIKE bench_flows INCLUDING ALL)" -c "CHECKPOINT"
start=$(seconds)
psql -XAtq -c "\\copy bench_flows_csv FROM '$PG_TMP/flows.csv' CSV"
psql_flows=$(elapsed "$start" "$(seconds)")
loaded=$(psql -XAtq -c "SELECT (SELECT count(*) FROM bench_flows) = $flow_rows AND (SELECT count(*) FROM bench_flows_csv) = $flow_rows")
[ "$loaded" = t ] || { echo "FAIL: row counts differ" >&2; exit 1; }

psql -XAtq -c "CHECKPOINT"
sink_packets=$("$loader" packets "$packet_rows" bench_packets 2>"$PG_TMP/packets.log")
[ "$(psql -XAtq -c "SELECT count(*) FROM bench_packets")" = "$packet_rows" ] || { echo "FAIL: packet rows" >&2; exit 1; }

ratio=$(echo "$sink_flows $psql_flows" | awk '{ printf "%.3f", $1 / $2 }')
packet_rate=$(echo "$packet_rows $sink_packets" | awk '{ printf "%.0f", $1 / $2 }')
echo "pgsql_flow_rows $flow_rows"
echo "pgsql_flows_sink_seconds $sink_flows"
echo "pgsql_flows_psql_copy_csv_seconds $psql_flows"
echo "pgsql_flows_ratio $ratio (target <= 1.25)"
echo "pgsql_packet_rows $packet_rows"
echo "pgsql_packets_sink_seconds $sink_packets"
echo "pgsql_packets_rows_per_second $packet_rate (target >= 200000)"
echo "$ratio $packet_rate" | awk '{ exit !($1 <= 1.25 && $2 >= 200000) }'
