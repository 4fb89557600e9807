#!/bin/sh
# valgrind_sample.sh — rowtap under valgrind's memcheck on the bundled sample, in packet mode with
# the default plugins and the txt sink: no invalid access, no use of uninitialised values (which
# the sanitizer build cannot see). Skipped without valgrind, in sanitizer builds and when valgrind
# cannot read the binary's debug information.
set -u
rowtap="$top_builddir/rowtap"
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: valgrind is not installed"
    exit 77
fi
if nm "$rowtap" 2>/dev/null | grep -q __asan_init; then
    echo "SKIP: a sanitizer build cannot run under valgrind"
    exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
valgrind -q --error-exitcode=9 --track-origins=yes "$rowtap" -r "$top_srcdir/data/sample.pcap" -w "$out/" -s \
    >"$out/report" 2>"$out/valgrind"
status=$?
if [ "$status" -ne 0 ] && grep -q "debuginfo reader" "$out/valgrind"; then
    echo "SKIP: this valgrind cannot read the binary's debug information (clang's DWARF 5?);"
    echo "      rebuild with CFLAGS='-g -gdwarf-4' to run memcheck"
    exit 77
fi
if [ "$status" -ne 0 ]; then
    cat "$out/valgrind"
    echo "FAIL: valgrind or rowtap exited with $status"
    exit 1
fi
rows=$(($(wc -l <"$out/sample_packets.txt") - 1))
echo "memcheck clean, $rows packet rows"
