#!/bin/sh
# test_msgpack_records.sh — doc/examples/rowtap_msgpack.py (rowtap's msgpack files as Python
# records without rowtap) on the msgpack files of `rowtap -s -o txt,msgpack` over the bundled
# sample: every value of every record, written back as text, equals the txt sink's field
# (tests/usability/msgpack_records_check.py). Needs Debian's python3 with python3-msgpack.
# test_msgpack_pandas.sh checks the DataFrame the same way when python3-pandas is installed.
set -u
. "$top_srcdir/tests/usability/common.sh"
require_rowtap
require_debian_python msgpack
require_sink msgpack
case "$(basename "$0")" in
    test_msgpack_pandas.sh)
        mode=--pandas
        "$python" -c 'import pandas' 2>/dev/null \
            || { echo "SKIP: python3-pandas is not installed (Debian: apt-get install python3-pandas)"; exit 77; } ;;
    *) mode= ;;
esac
make_temp records
"$rowtap" -q -r "$top_srcdir/data/sample.pcap" -w "$tmp/" -s -o txt,msgpack >"$tmp/log" 2>&1 \
    || { cat "$tmp/log"; echo "FAIL: rowtap -o txt,msgpack"; exit 1; }
status=0
for stream in flows packets; do
    # shellcheck disable=SC2086 # $mode is empty or one word
    "$python" "$top_srcdir/tests/usability/msgpack_records_check.py" "$top_srcdir/doc/examples" \
        "$tmp/sample_$stream.msgpack" "$tmp/sample_$stream.txt" $mode || status=1
done
exit $status
