#!/bin/sh
# test_msgpack_pandas.sh — the DataFrame of doc/examples/rowtap_msgpack.py (read_dataframe) on the
# sample's msgpack files: shape, column names, datetime columns and a byte total equal the text
# files. Skips while python3-pandas is not installed (tools/install-deps --test installs it).
. "$top_srcdir/tests/usability/test_msgpack_records.sh"
