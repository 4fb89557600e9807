# common.sh — sourced by the reliability tests (tests/reliability/test_*.sh): where the programs
# are, a temporary folder removed at exit, counting checks and failures, reading a column of a
# packet or flow file, and running rowtap with its outputs in files.
#   . "$(dirname "$0")/common.sh"
# Each test ends with `finish`, which prints the counts and exits 0 or 1.

build="$(cd "${top_builddir:-.}" && pwd)"
rowtap="$build/rowtap"
[ -x "$rowtap" ] || { echo "ERROR: $rowtap is not built"; exit 99; }
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
failures=0
checks=0

# helper NAME: the path of a test helper program of the build tree, which must exist.
helper() {
    [ -x "$build/tests/reliability/$1" ] || { echo "ERROR: $build/tests/reliability/$1 is not built"; exit 99; }
    echo "$build/tests/reliability/$1"
}

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# check DESCRIPTION COMMAND...: runs the command; a failure when it fails.
check() {
    what=$1
    shift
    checks=$((checks + 1))
    if "$@"; then echo "ok: $what"; else fail "$what"; fi
}

# skip_part MESSAGE: says why a part of a test does not run (not counted as passing).
skip_part() {
    echo "SKIPPED: $*"
}

# column NAME FILE: the values of one column of a packet or flow file, one per line.
column() {
    awk -F '\t' -v name="$1" 'NR == 1 { sub(/^%/, ""); for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
                              { print $c }' "$2"
}

# sane NAME STATUS ERRFILE: no crash (status below 128) and no sanitizer report; 0 when sane.
sane() {
    if [ "$2" -ge 128 ]; then
        fail "$1: rowtap was killed or crashed (status $2): $(tail -n 5 "$3")"
        return 1
    fi
    if grep -q -e 'Sanitizer' -e 'runtime error' "$3"; then
        fail "$1: sanitizer report:"
        cat "$3"
        return 1
    fi
    return 0
}

# run_rowtap NAME ARGS...: rowtap with standard output in NAME.out, standard error in NAME.err and
# the exit status in $status; counts a failure on a crash or a sanitizer report.
run_rowtap() {
    name=$1
    shift
    "$rowtap" "$@" >"$name.out" 2>"$name.err" </dev/null
    status=$?
    sane "$name" "$status" "$name.err"
}

# report_value TEXT FILE: the first number after TEXT in the end report.
report_value() {
    grep -F -e "$1" "$2" | head -n 1 | sed "s/.*$1 *\([0-9][0-9]*\).*/\1/"
}

finish() {
    echo "$checks checks, $failures failures"
    [ "$failures" -eq 0 ]
    exit $?
}
