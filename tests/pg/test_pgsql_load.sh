#!/bin/sh
# test_pgsql_load.sh — runs tests/pg/pgsql_load (the pgsql sink through the core's sink runner)
# against a throwaway PostgreSQL server; skips when the server binaries are absent.
set -eu
. "$top_srcdir/tests/pg/pg_server.sh"
pg_server_start
"$top_builddir/tests/pg/pgsql_load"
