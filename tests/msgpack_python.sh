#!/bin/sh
# msgpack_python.sh — interoperability of the msgpack format: Debian's python3-msgpack, an
# independent implementation, reads the seed-corpus files (every column type) and the msgpack files
# of `rowtap -o txt,msgpack -s` over every capture, and tests/msgpack_check.py checks row counts,
# column names and every typed value against the text output (rowtap-cat's for the corpus, the
# txt sink's for the runs). Skips (77) without /usr/bin/python3 and its msgpack module, and while
# rowtap, its plugins or the sinks are not built yet.
set -u
python=${PYTHON3_DEBIAN:-/usr/bin/python3}
[ -x "$python" ] || { echo "SKIP: $python is absent"; exit 77; }
"$python" -c 'import msgpack' 2>/dev/null || { echo "SKIP: python3-msgpack is not installed (Debian: apt-get install python3-msgpack)"; exit 77; }
. "$top_srcdir/tests/msgpack_runs.sh"

corpus="$top_srcdir/tests/fuzz/corpus/msgpack_decode"
set --
for name in flows_alltypes packets_alltypes packets_ns; do
    "$rowtap_cat" "$corpus/$name.msgpack" >"$runs_dir/$name.txt" || fail "rowtap-cat $corpus/$name.msgpack"
    set -- "$@" "$corpus/$name.msgpack" "$runs_dir/$name.txt"
done
prefixes=$(msgpack_run_all) || { echo "$prefixes"; exit 1; }
for prefix in $prefixes; do
    set -- "$@" "${prefix}_flows.msgpack" "${prefix}_flows.txt" "${prefix}_packets.msgpack" "${prefix}_packets.txt"
done
"$python" "$top_srcdir/tests/msgpack_check.py" "$@" >"$runs_dir/check.log" 2>&1
status=$?
grep -v '^ok: ' "$runs_dir/check.log"
[ $status -eq 0 ] || fail "python3-msgpack disagrees with the text output (exit status $status)"
echo "ok: python3-msgpack reads $(grep -c '^ok: ' "$runs_dir/check.log") files in agreement with their text"
