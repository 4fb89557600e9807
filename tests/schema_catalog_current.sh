#!/bin/sh
# schema_catalog_current.sh — fails when schema/types.md no longer matches schema/types.def.
set -eu
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$top_builddir/schema/catalog_doc" > "$out"
if ! diff -u "$top_srcdir/schema/types.md" "$out"; then
    echo "schema/types.md is stale: run 'make update-schema' and commit it" >&2
    exit 1
fi
echo "schema/types.md matches schema/types.def"
