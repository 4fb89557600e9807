#!/bin/sh
# compare_unoptimized.sh BUILD_DIR OTHER_BUILD_DIR — the outputs of two builds of rowtap (e.g. the
# default -O2 build and one configured with CFLAGS=-O0) are identical byte for byte: txt files in
# flow and packet mode, msgpack files (when the sink is built), on the bundled sample, the
# generator's link-type captures and a generated benchmark-mix capture. The optimized paths
# (vector escaping, checksum blocks, read-ahead, inline readers) must not change a single row.
set -eu
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$a/tools/rowtap-gen" --packets 60000 --flows 3000 --seed 7 -o "$work/mix.pcap" 2>/dev/null
mkdir "$work/linktypes"
"$a/tools/rowtap-gen" --sample-linktypes "$work/linktypes" 2>/dev/null
cp "$src/data/sample.pcap" "$work/sample.pcap"
sinks=txt
[ -f "$a/sinks/.libs/msgpack.so" ] && sinks=txt,msgpack
n=0
for capture in "$work/sample.pcap" "$work/mix.pcap" "$work"/linktypes/*; do
    for mode in "" "-s"; do
        for build in a b; do
            dir=$work/out-$build
            rm -rf "$dir" && mkdir -p "$dir"
            eval "bin=\$$build"
            # shellcheck disable=SC2086
            "$bin/rowtap" -q -r "$capture" -w "$dir/" $mode -o "$sinks" >/dev/null 2>"$dir.err" || true
            rm -f "$dir"/*_headers.txt # holds the run's date and command line
            for m in "$dir"/*.msgpack; do # the rows, without the header's date and run id
                [ -f "$m" ] && "$a/rowtap-cat" "$m" >"$m.rows" && rm "$m"
            done
        done
        if ! diff -r "$work/out-a" "$work/out-b" >/dev/null; then
            echo "FAIL: $(basename "$capture") $mode: the two builds wrote different rows"
            diff -r "$work/out-a" "$work/out-b" | head -5
            exit 1
        fi
        n=$((n + 1))
    done
done
echo "identical outputs of $a and $b on $n runs (sinks $sinks)"
