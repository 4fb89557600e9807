#!/bin/sh
# pgsql_bench.sh — throughput of the pgsql sink (a benchmark, not part of make check). Starts a
# PostgreSQL server with default durability settings and max_wal_size=4GB (PostgreSQL's manual,
# "Populating a Database": a larger max_wal_size for bulk loads, so that a load of a few GB causes
# no checkpoint and its full-page images; set PG_SERVER_OPTS to change) and measures:
#   1. generated rows (tests/bench/pgsql_bench_load, shaped like the default flow and packet rows):
#      FLOW_ROWS flow rows through the sink, against `psql -c "\copy ... FROM file CSV"` of the same
#      rows (exported from the loaded table) into an identical empty table; PACKET_ROWS packet rows;
#   2. when rowtap is built and the benchmark capture exists (BENCH_CAPTURE, default the one
#      run-bench.sh caches: tests/bench/cache/bench-2000000-100000-1.pcap): rowtap -o pgsql on it,
#      flows only and with -s; the sink's load time (its report: first row to last commit) against
#      psql's \copy of the same flow rows, packet rows per second of load time (and psql's \copy of
#      the same packet rows), and the whole run against rowtap -o txt (reading and analysing). The
#      packet rows are loaded twice: the first load into the new cluster also creates its WAL files
#      and is reported only; the second, into a server whose WAL files exist, is checked.
# Targets: flow load time <= 1.25 x psql's; packet rows >= 200000 per second.
# Usage (from the build tree): tests/bench/pgsql_bench.sh [FLOW_ROWS] [PACKET_ROWS]
# Prints "name value" lines; exits 1 when a target is missed.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
flow_rows=${1:-1000000}
packet_rows=${2:-2000000}
loader=$top_builddir/tests/bench/pgsql_bench_load
rowtap=$top_builddir/rowtap
capture=${BENCH_CAPTURE:-$top_builddir/tests/bench/cache/bench-2000000-100000-1.pcap}
if [ ! -x "$loader" ]; then
    echo "SKIP: $loader not built (make tests/bench/pgsql_bench_load)"
    exit 77
fi
PG_SERVER_DURABLE=1
PG_SERVER_OPTS=${PG_SERVER_OPTS:--c max_wal_size=4GB}
. "$top_srcdir/tests/pg/pg_server.sh"
pg_server_start

seconds() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'; }
ratio() { echo "$1 $2" | awk '{ printf "%.3f", $1 / $2 }'; }
missed=0
check() { # name value operator target
    echo "$1 $2 (target $3 $4)"
    echo "$2 $4" | awk -v op="$3" '{ exit !(op == "<=" ? $1 <= $2 : $1 >= $2) }' || missed=1
}

# Seconds psql needs to \copy the rows of table $1 from a CSV file into an identical empty table.
psql_copy_seconds() {
    psql -XAtq -c "\\copy (SELECT * FROM $1) TO '$PG_TMP/$1.csv' CSV" \
        -c "CREATE TABLE $1_csv (LIKE $1 INCLUDING ALL)" -c "CHECKPOINT"
    start=$(seconds)
    psql -XAtq -c "\\copy $1_csv FROM '$PG_TMP/$1.csv' CSV"
    elapsed "$start" "$(seconds)"
    rm -f "$PG_TMP/$1.csv"
}

# The sink's load time of a stream from a rowtap end report ($1: file, $2: flows or packets).
load_seconds() {
    sed -n "s/^pgsql: $2 into .* transactions (\\([0-9.]*\\) s from the first row.*/\\1/p" "$1"
}

psql -XAtq -c "CHECKPOINT"
sink_flows=$("$loader" flows "$flow_rows" gen_flows 2>"$PG_TMP/gen_flows.log")
psql_flows=$(psql_copy_seconds gen_flows)
echo "generated_flow_rows $flow_rows"
echo "generated_flows_sink_seconds $sink_flows"
echo "generated_flows_psql_copy_csv_seconds $psql_flows"
check generated_flows_ratio "$(ratio "$sink_flows" "$psql_flows")" "<=" 1.25
psql -XAtq -c "CHECKPOINT"
sink_packets=$("$loader" packets "$packet_rows" gen_packets 2>"$PG_TMP/gen_packets.log")
echo "generated_packet_rows $packet_rows"
echo "generated_packets_sink_seconds $sink_packets"
check generated_packets_rows_per_second "$(ratio "$packet_rows" "$sink_packets")" ">=" 200000

if [ -x "$rowtap" ] && [ -s "$capture" ]; then
    cat "$capture" >/dev/null
    mkdir -p "$PG_TMP/txt"
    start=$(seconds)
    "$rowtap" -q -r "$capture" -w "$PG_TMP/txt/" >/dev/null
    txt_run=$(elapsed "$start" "$(seconds)")
    rm -rf "$PG_TMP/txt"
    psql -XAtq -c "CHECKPOINT"
    start=$(seconds)
    "$rowtap" -q -r "$capture" -o pgsql -X pgsql.table.flows=cap_flows >"$PG_TMP/cap_flows.report"
    pgsql_run=$(elapsed "$start" "$(seconds)")
    flows_load=$(load_seconds "$PG_TMP/cap_flows.report" flows)
    cap_flow_rows=$(psql -XAtq -c "SELECT count(*) FROM cap_flows")
    psql_cap=$(psql_copy_seconds cap_flows)
    echo "capture $capture"
    echo "capture_flow_rows $cap_flow_rows"
    echo "capture_rowtap_txt_run_seconds $txt_run"
    echo "capture_rowtap_pgsql_run_seconds $pgsql_run"
    echo "capture_flows_sink_load_seconds $flows_load"
    echo "capture_flows_psql_copy_csv_seconds $psql_cap"
    echo "capture_whole_run_ratio $(ratio "$pgsql_run" "$psql_cap") (reading and analysing included)"
    check capture_flows_load_ratio "$(ratio "$flows_load" "$psql_cap")" "<=" 1.25
    # The first gigabytes loaded into a new cluster also create its WAL segment files (16 MB each,
    # written full of zeros, up to max_wal_size); later loads recycle them, as on any server in use.
    # So the packet rows are loaded once first (reported, not checked), dropped, and loaded again.
    "$rowtap" -q -r "$capture" -s -o pgsql -X pgsql.table.flows=first_flows -X pgsql.table.packets=first_packets \
        >"$PG_TMP/first_packets.report"
    first_load=$(load_seconds "$PG_TMP/first_packets.report" packets)
    echo "capture_packets_first_load_seconds $first_load (new cluster: WAL segment files created during the load)"
    echo "capture_packets_first_load_rows_per_second $(ratio "$(psql -XAtq -c "SELECT count(*) FROM first_packets")" "$first_load")"
    psql -XAtq -c "DROP TABLE first_flows, first_packets" -c "CHECKPOINT"
    start=$(seconds)
    "$rowtap" -q -r "$capture" -s -o pgsql -X pgsql.table.flows=cap2_flows -X pgsql.table.packets=cap_packets \
        >"$PG_TMP/cap_packets.report"
    packets_run=$(elapsed "$start" "$(seconds)")
    packets_load=$(load_seconds "$PG_TMP/cap_packets.report" packets)
    cap_packet_rows=$(psql -XAtq -c "SELECT count(*) FROM cap_packets")
    echo "capture_packet_rows $cap_packet_rows"
    echo "capture_packet_table_bytes $(psql -XAtq -c "SELECT pg_total_relation_size('cap_packets')")"
    echo "capture_rowtap_pgsql_packets_run_seconds $packets_run"
    echo "capture_packets_sink_load_seconds $packets_load"
    echo "capture_packets_psql_copy_csv_seconds $(psql_copy_seconds cap_packets) (the same rows, for comparison)"
    check capture_packets_rows_per_second "$(ratio "$cap_packet_rows" "$packets_load")" ">=" 200000
else
    echo "capture: not measured (rowtap not built or no $capture; run-bench.sh caches it)"
fi
exit $missed
