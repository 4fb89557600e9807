#!/bin/sh
# schema_reference_current.sh — fails when a reference schema of the default plugin set
# (schema/default.txt, .json, .sql) differs from what `rowtap --schema=FORMAT -s` prints now.
set -u
rowtap=$top_builddir/rowtap
for plugin in basicFlow basicStats tcpFlags tcpWin; do
    if [ ! -e "$top_builddir/plugins/.libs/$plugin.so" ]; then
        echo "SKIP: plugin $plugin is not built"
        exit 77
    fi
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
stale=0
for format in txt json sql; do
    reference=$top_srcdir/schema/default.$format
    if ! env -u ROWTAP_PLUGIN_PATH -u ROWTAP_SINK_PATH "$rowtap" -s --schema=$format >"$out"; then
        echo "FAIL: rowtap --schema=$format -s failed"
        exit 1
    fi
    if ! diff -u "$reference" "$out"; then
        echo "schema/default.$format is stale: run 'make update-schema' and commit it" >&2
        stale=1
    fi
done
[ "$stale" -eq 0 ] && echo "schema/default.txt, .json and .sql match rowtap --schema"
[ "$stale" -eq 0 ]
