#!/bin/sh
# test_bash_completion.sh — doc/bash-completion/rowtap, called as bash calls it (COMP_LINE,
# COMP_POINT, COMP_WORDS), completes: every flag the binary accepts (the letters found by asking
# the binary, the long options of src/cli.c); every -X key the binary lists (--list-options=tsv)
# and, after '=', the values of boolean and enum keys; the plugins of -b and the sinks of -o, also
# after a comma; the formats of --schema= (txt, json, sql) and --list-options= (text, man, tsv),
# each of which the binary accepts.
set -u
. "$top_srcdir/tests/usability/common.sh"
require_command bash "the completion is for bash"
require_rowtap
unset ROWTAP_PLUGIN_PATH ROWTAP_SINK_PATH
make_temp completion
"$rowtap" --list-options=tsv >"$tmp/catalog.tsv" || { echo "FAIL: rowtap --list-options=tsv"; exit 1; }

# complete LINE — the candidates for LINE (cursor at its end), one per line, sorted.
complete_line() {
    bash -c '
        . "$1"
        COMP_LINE=$2
        COMP_POINT=${#COMP_LINE}
        COMP_WORDS=($COMP_LINE)
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _rowtap
        printf "%s\n" "${COMPREPLY[@]}"' bash "$top_srcdir/doc/bash-completion/rowtap" "$1" | sort
}
failures=0
# expect NAME EXPECTED_FILE LINE
expect() {
    complete_line "$3" >"$tmp/got"
    sort "$2" >"$tmp/want"
    if ! cmp -s "$tmp/want" "$tmp/got"; then
        echo "FAIL: $1 ('$3')"
        diff "$tmp/want" "$tmp/got" | head -n 10
        failures=$((failures + 1))
    fi
}
tab=$(printf '\t')

# Flags: every letter the binary accepts, every long option of the table.
rowtap_flags >"$tmp/flags"
complete_line "$rowtap -" >"$tmp/got"
while read -r flag; do
    grep -q -x -e "$flag" -e "$flag=.*" "$tmp/got" || { echo "FAIL: '$rowtap -' does not offer $flag"; failures=$((failures + 1)); }
done <"$tmp/flags"
[ "$(wc -l <"$tmp/flags")" -ge 18 ] || { echo "FAIL: only $(wc -l <"$tmp/flags") flags found"; failures=$((failures + 1)); }

# -X keys and values.
awk -F "$tab" '$1 == "option" { k = $2; if (k ~ /<property>$/) { sub(/<property>$/, "", k); print k } else print k "=" }' \
    "$tmp/catalog.tsv" >"$tmp/keys"
expect "-X: every key" "$tmp/keys" "$rowtap -X "
grep '^core\.' "$tmp/keys" >"$tmp/core-keys"
expect "-X core.: the core keys" "$tmp/core-keys" "$rowtap -s -X core."
awk -F "$tab" '$1 == "option" && $3 == "bool" { print $2 }' "$tmp/catalog.tsv" >"$tmp/bools"
[ -s "$tmp/bools" ] || { echo "FAIL: no boolean key"; failures=$((failures + 1)); }
while read -r key; do
    printf '%s\n' true false >"$tmp/want-values"
    expect "-X $key=: true, false" "$tmp/want-values" "$rowtap -X $key="
done <"$tmp/bools"
awk -F "$tab" '$1 == "choices" { print $2 "\t" $3 }' "$tmp/catalog.tsv" >"$tmp/enums"
[ -s "$tmp/enums" ] || { echo "FAIL: no enum key"; failures=$((failures + 1)); }
while IFS="$tab" read -r key choices; do
    printf '%s\n' "$choices" | tr '|' '\n' >"$tmp/want-values"
    expect "-X $key=: its choices" "$tmp/want-values" "$rowtap -X $key="
    printf '%s\n' "$choices" | tr '|' '\n' | head -n 1 >"$tmp/want-one"
    expect "-X $key=<first letters>" "$tmp/want-one" "$rowtap -X $key=$(head -c 2 "$tmp/want-one")"
done <"$tmp/enums"

# -b and -o: the modules, also after a comma.
for kind in plugin sink; do
    flag=-b
    [ $kind = sink ] && flag=-o
    awk -F "$tab" -v kind=$kind '$1 == "module" && $2 == kind { print $3 }' "$tmp/catalog.tsv" >"$tmp/modules"
    [ "$(wc -l <"$tmp/modules")" -ge 1 ] || { echo "FAIL: no $kind listed"; failures=$((failures + 1)); }
    expect "$flag: every $kind" "$tmp/modules" "$rowtap $flag "
    sed 's/^/x,/' "$tmp/modules" >"$tmp/after-comma"
    expect "$flag after a comma" "$tmp/after-comma" "$rowtap $flag x,"
done

# Formats: the ones offered are the ones the binary accepts (each tried; the -h text names them).
for test in schema:txt:json:sql list-options:text:man:tsv; do
    option=${test%%:*}
    printf '%s\n' "${test#*:}" | tr ':' '\n' | sort >"$tmp/want-formats"
    complete_line "$rowtap --$option=" >"$tmp/formats"
    cmp -s "$tmp/want-formats" "$tmp/formats" || { echo "FAIL: --$option= offers $(cat "$tmp/formats")"; failures=$((failures + 1)); }
    while read -r format; do
        "$rowtap" "--$option=$format" >/dev/null 2>&1 || { echo "FAIL: rowtap refuses --$option=$format"; failures=$((failures + 1)); }
    done <"$tmp/formats"
done

[ "$failures" -eq 0 ] && echo "PASS: bash completion of flags, keys, values, plugins, sinks and formats"
[ "$failures" -eq 0 ]
