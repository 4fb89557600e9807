#!/bin/sh
# test_schema_sql.sh — `rowtap --schema=sql` prints the tables without reading input or connecting
# (packet table only with -s, table names from the pgsql options, status 2 for an unknown format),
# and the printed DDL creates tables that rowtap then loads with pgsql.create=false.
set -eu
rowtap=$top_builddir/rowtap
if [ ! -x "$rowtap" ] || ! "$rowtap" -V >/dev/null 2>&1; then
    echo "SKIP: $rowtap is not built yet"
    exit 77
fi
fail() {
    echo "FAIL: $*"
    exit 1
}
ddl=$("$rowtap" --schema=sql -s -o pgsql -X pgsql.table.flows=NetFlows.F -X 'pgsql.table.packets=netflows."P"')
printf '%s\n' "$ddl" | grep -q '^CREATE TABLE IF NOT EXISTS "netflows"."f" ($' || fail "no flow table in: $ddl"
printf '%s\n' "$ddl" | grep -q '^CREATE TABLE IF NOT EXISTS "netflows"."P" ($' || fail "no packet table"
printf '%s\n' "$ddl" | grep -q '^CREATE TABLE IF NOT EXISTS "rowtap_progress" ($' || fail "no progress table"
printf '%s\n' "$ddl" | grep -q '^    "srcip" inet,$' || fail "no srcip inet column"
if "$rowtap" --schema=sql | grep -q '"packets"'; then
    fail "a packet table without -s"
fi
status=0
"$rowtap" --schema=yaml >/dev/null 2>"${TMPDIR:-/tmp}/schema_err.$$" || status=$?
grep -q 'unknown format' "${TMPDIR:-/tmp}/schema_err.$$" || fail "no message for --schema=yaml"
rm -f "${TMPDIR:-/tmp}/schema_err.$$"
[ "$status" -eq 2 ] || fail "--schema=yaml exited with $status, not 2"

capture=${ROWTAP_SHARED:-}/pcaps/zeek-http-get.pcap
if [ ! -f "$capture" ]; then
    echo "SKIP: the DDL printed is right; no $capture to load into it"
    exit 77
fi
. "$top_srcdir/tests/pg/pg_server.sh"
pg_server_start
psql -XAtq -v ON_ERROR_STOP=1 -c 'CREATE SCHEMA netflows'
printf '%s\n' "$ddl" | psql -XAtq -v ON_ERROR_STOP=1
"$rowtap" -r "$capture" -w "$PG_TMP/" -s -q -o pgsql -X pgsql.create=false -X pgsql.table.flows=NetFlows.F \
    -X 'pgsql.table.packets=netflows."P"' >"$PG_TMP/log" 2>&1 || { cat "$PG_TMP/log"; fail "rowtap could not load"; }
flows=$(psql -XAtq -c 'SELECT count(*) FROM netflows.f')
packets=$(psql -XAtq -c 'SELECT count(*) FROM netflows."P"')
[ "$flows" -gt 0 ] && [ "$packets" -eq 14 ] || fail "loaded $flows flow rows and $packets packet rows (14 packets)"
echo "the printed DDL holds $flows flow rows and $packets packet rows"
