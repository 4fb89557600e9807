#!/bin/sh
# run_fuzzers.sh — runs every libFuzzer target of a fuzzing build (configure --enable-fuzzing
# --enable-sanitizers CC=clang) for SECONDS seconds each (default 60), starting from a copy of its
# committed seed corpus, and prints for each target the executions, the executions per second and
# the coverage reached (libFuzzer's final cov: and ft: figures). A crash, a sanitizer report, a
# leak or an input slower than 10 s fails the run; libFuzzer's log is then shown, and the input
# that caused it is kept in BUILD/tests/fuzz/findings/ (add it to tests/fuzz/corpus/<target>/
# with the fix). tools/test-all runs this with 60 seconds.
#   Usage: tests/fuzz/run_fuzzers.sh BUILD [SECONDS]
set -u
build=${1:?usage: run_fuzzers.sh BUILD [SECONDS]}
seconds=${2:-60}
source_dir=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$build" && pwd) || exit 2
findings="$build/tests/fuzz/findings"
mkdir -p "$findings"
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT

targets=$(cd "$build/tests/fuzz" && ls fuzz_* 2>/dev/null | grep -v '\.' | sed 's/^fuzz_//')
if [ -z "$targets" ]; then
    echo "run_fuzzers: no fuzz targets in $build/tests/fuzz: configure with --enable-fuzzing CC=clang and make" >&2
    exit 2
fi
failed=0
printf '%-16s %12s %10s %8s %8s %8s\n' target executions exec/s cov ft corpus
for target in $targets; do
    corpus="$work/$target"
    mkdir -p "$corpus"
    cp "$source_dir/corpus/$target"/* "$corpus"/ 2>/dev/null
    log="$build/tests/fuzz/fuzz_$target.log"
    ROWTAP_PLUGIN_PATH="$build/plugins/.libs" "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" \
        -timeout=10 -print_final_stats=1 -close_fd_mask=2 -artifact_prefix="$findings/$target-" "$corpus" \
        >"$log" 2>&1
    status=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(echo "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$done_line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$done_line" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
    printf '%-16s %12s %10s %8s %8s %8s\n' "$target" "${executions:-?}" "${per_second:-?}" "${cov:-?}" "${ft:-?}" \
        "${corp:-?}"
    if [ "$status" -ne 0 ] || [ -z "$done_line" ]; then
        echo "run_fuzzers: $target failed (exit status $status); its log ($log) ends with:"
        tail -n 60 "$log"
        failed=1
    fi
done
[ "$failed" -eq 0 ] && echo "run_fuzzers: every target ran ${seconds} s without a finding"
exit "$failed"
