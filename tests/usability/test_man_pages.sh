#!/bin/sh
# test_man_pages.sh — the manual pages (doc/*.1):
#   - groff renders each without a warning (groff -ww), and so does `man -l` when man is installed;
#   - rowtap.1 documents every -X key of the core and of every plugin and sink of the build tree
#     (`rowtap --list-options=tsv`), and its generated part holds, for each of them, exactly what
#     `rowtap --list-options=man` prints now (else: run `make update-man`);
#   - rowtap.1 documents every flag the binary accepts: the letters found by asking the binary
#     (`rowtap -c` says "unknown option -c" for the others), the long options of src/cli.c's table
#     and of `rowtap -h`; every ROWTAP_* environment variable the binary reads; exit status 0, 1, 2;
#   - rowtap-cat.1, rowtap-gen.1, tawk.1 and tcol.1 document every flag of their -h text.
set -u
. "$top_srcdir/tests/usability/common.sh"
require_command groff "Debian: apt-get install groff"
require_rowtap
make_temp man
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
unset ROWTAP_PLUGIN_PATH ROWTAP_SINK_PATH

# render PAGE — the page as plain text, long lines, no hyphenation.
render() {
    groff -man -Tascii -rHY=0 -rLL=250n -P-cbou "$1" 2>/dev/null
}
# section TEXT_FILE TITLE — the lines of one section (from its heading to the next heading).
section() {
    awk -v title="$2" '/^[A-Z]/ { inside = ($0 == title) } inside' "$1"
}
# documents TEXT_FILE FLAG — the flag occurs as a word ("-r", "--schema=format", "-X key=value").
documents() {
    grep -Eq -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" "$1"
}

for page in "$top_srcdir"/doc/*.1; do
    name=$(basename "$page")
    warnings=$(groff -ww -man -z "$page" 2>&1)
    [ -z "$warnings" ] || fail "groff -ww $name: $warnings"
    if command -v man >/dev/null 2>&1; then
        warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$page" 2>&1 >/dev/null)
        [ -z "$warnings" ] || fail "man -l $name: $warnings"
    fi
    render "$page" >"$tmp/$name.txt"
    [ -s "$tmp/$name.txt" ] || fail "$name renders to nothing"
done
page_text=$tmp/rowtap.1.txt

# -X keys: every key of the core and of the build tree's modules is in the page (modules installed
# elsewhere on this machine, which the search path also finds, are left out).
"$rowtap" --list-options=tsv >"$tmp/options.tsv" || fail "rowtap --list-options=tsv"
build=$(cd "$top_builddir" && pwd -P)
keys=0
: >"$tmp/modules"
while IFS="$(printf '\t')" read -r record key rest; do
    if [ "$record" = module ]; then
        file=${rest##*"$(printf '\t')"}
        kind=${key}
        name=$(printf '%s\n' "$rest" | cut -f 1)
        in_build=0
        case "$(cd "$(dirname "$file")" 2>/dev/null && pwd -P)/" in "$build"/*) in_build=1 ;; esac
        [ "$file" = built-in ] && in_build=1
        [ $in_build = 1 ] && echo "$kind-$name" >>"$tmp/modules"
        continue
    fi
    [ "$record" = option ] && [ $in_build = 1 ] || continue
    keys=$((keys + 1))
    case "$key" in
        *'.<property>') grep -qF "${key%<property>}property" "$page_text" || fail "rowtap.1 lacks the key $key" ;;
        *) grep -qF "$key=" "$page_text" || fail "rowtap.1 lacks the key $key" ;;
    esac
done <"$tmp/options.tsv"
[ "$keys" -ge 15 ] || fail "only $keys keys listed by rowtap --list-options=tsv"

# The generated part, module by module: as `rowtap --list-options=man` prints it now.
"$rowtap" --list-options=man >"$tmp/generated.man"
sh "$top_srcdir/doc/man-splice" --extract "$top_srcdir/doc/rowtap.1" >"$tmp/page.man"
mkdir "$tmp/now" "$tmp/page"
for side in now page; do
    file=$tmp/generated.man
    [ $side = page ] && file=$tmp/page.man
    awk -v dir="$tmp/$side" '/^\.\\" rowtap-options: / { out = dir "/" $3 "-" $4 } out { print > out }' "$file"
done
for block in "$tmp"/now/*; do
    module=$(basename "$block")
    grep -qx -- "$module" "$tmp/modules" || continue
    if [ ! -f "$tmp/page/$module" ]; then
        fail "rowtap.1 has no option section for $module: run 'make update-man' and commit doc/rowtap.1"
    elif ! cmp -s "$tmp/page/$module" "$block"; then
        fail "the options of $module in rowtap.1 are out of date: run 'make update-man' and commit doc/rowtap.1"
        diff "$tmp/page/$module" "$block" | head -n 10
    fi
done
for block in "$tmp"/page/*; do
    [ -f "$tmp/now/$(basename "$block")" ] || echo "note: rowtap.1 documents $(basename "$block"), which is not built here"
done

# Flags: the letters the binary accepts, and the long options.
section "$page_text" OPTIONS >"$tmp/options.txt"
rowtap_flags >"$tmp/flags"
[ "$(wc -l <"$tmp/flags")" -ge 18 ] || fail "only $(wc -l <"$tmp/flags") flags found"
"$rowtap" -h | grep -o -- '--[a-z][a-z-]*' >>"$tmp/flags"
for flag in $(sort -u "$tmp/flags"); do
    documents "$tmp/options.txt" "$flag" || fail "rowtap.1 does not document the flag $flag"
done
section "$page_text" ENVIRONMENT >"$tmp/environment.txt"
for variable in $(grep -ao 'ROWTAP_[A-Z_]*' "$rowtap" | sort -u) PGHOST; do
    grep -qw "$variable" "$tmp/environment.txt" || fail "rowtap.1 does not document the environment variable $variable"
done
section "$page_text" "EXIT STATUS" >"$tmp/exit.txt"
for status in 0 1 2; do
    grep -Eq "^ +$status( |\$)" "$tmp/exit.txt" || fail "rowtap.1 does not document exit status $status"
done

# help_flags PROGRAM — the flags of PROGRAM's -h text: those of its Usage lines, and those that
# open a column of an indented option line ("  -o, --output FILE      the capture ...").
help_flags() {
    "$1" -h 2>&1 | awk '
        /^Usage:/ || (usage && /^ +[a-z]/) { usage = 1; print; next }
        { usage = 0 }
        /^ +-/ {
            n = split($0, column, /  +/)
            for (i = 1; i <= n; i++)
                if (column[i] ~ /^-/)
                    print column[i]
        }' | grep -oE -- '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[^-]*//' | sort -u
}

# The other programs: every flag of their -h text.
for program in "$top_builddir/rowtap-cat" "$top_builddir/tools/rowtap-gen" "$top_srcdir/tools/tawk" \
    "$top_srcdir/tools/tcol"; do
    name=$(basename "$program")
    if [ ! -x "$program" ]; then
        fail "$program is not built"
        continue
    fi
    section "$tmp/$name.1.txt" OPTIONS >"$tmp/options.txt"
    flags=$(help_flags "$program")
    for flag in $flags -h --help; do
        documents "$tmp/options.txt" "$flag" || fail "$name.1 does not document $flag"
    done
done

[ "$failures" -eq 0 ] && echo "PASS: the manual pages render cleanly and document every flag, key and variable"
[ "$failures" -eq 0 ]
