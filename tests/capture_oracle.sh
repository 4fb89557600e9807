#!/bin/sh
# capture_oracle.sh — compares rowtap's capture reader (tests/tools/capture_dump) with tshark frame
# by frame on every capture in $ROWTAP_SHARED/pcaps: time (at the precision tshark prints),
# captured length and wire length; and the set of link types with the one MANIFEST.md lists.
# A file tshark reports as damaged is cut by tcpdump (libpcap) first: rowtap must deliver exactly
# the frames tcpdump could copy (compared with tshark on the copy) and then report an error that
# names the file and a byte offset. Skips (77) without the folder, tshark or tcpdump.
set -u

dump="${top_builddir:-.}/tests/tools/capture_dump"
pcaps="${ROWTAP_SHARED:-}/pcaps"
if [ -z "${ROWTAP_SHARED:-}" ] || [ ! -d "$pcaps" ]; then
    echo "SKIP: no shared captures (ROWTAP_SHARED='${ROWTAP_SHARED:-}' has no pcaps folder)"
    exit 77
fi
for tool in tshark tcpdump; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed"
        exit 77
    fi
done
[ -x "$dump" ] || { echo "ERROR: $dump not built"; exit 99; }

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# tshark's fields of a file: time, captured length, wire length.
fields() {
    tshark -r "$1" -T fields -E separator=/t -e frame.time_epoch -e frame.cap_len -e frame.len 2>"$tmp/tshark.err"
}

# Compares capture_dump output ($1) with tshark's fields ($2). tshark prints no time for a simple
# packet block: rowtap then repeats the previous frame's time (0 for the first frame).
compare() {
    awk -F '\t' -v theirs="$2" '
        BEGIN { while ((getline line < theirs) > 0) { n++; split(line, f, "\t"); t[n] = f[1]; c[n] = f[2]; l[n] = f[3] } }
        {
            i = FNR
            if (i > n) { printf "frame %d: rowtap has it, tshark does not\n", i; bad = 1; exit }
            time = $1
            if (t[i] == "") {
                want = (i == 1) ? "0.000000000" : previous
                if (time != want) { printf "frame %d (no timestamp): rowtap %s, expected the previous %s\n", i, time, want; bad = 1 }
            } else {
                digits = length(t[i]) - index(t[i], ".")
                mine = substr(time, 1, length(time) - 9 + digits)
                if (mine != t[i]) { printf "frame %d: time rowtap %s, tshark %s\n", i, time, t[i]; bad = 1 }
            }
            if ($2 != c[i] || $3 != l[i]) { printf "frame %d: lengths rowtap %s/%s, tshark %s/%s\n", i, $2, $3, c[i], l[i]; bad = 1 }
            previous = time
        }
        END {
            if (!bad && FNR != n) { printf "rowtap has %d frames, tshark %d\n", FNR, n; bad = 1 }
            exit bad
        }' "$1"
}

# Link types MANIFEST.md lists for a file, sorted, one line ("1 EN10MB, 0 NULL" -> "0 1").
manifest_linktypes() {
    awk -F '|' -v file="$1" '{ name = $2; gsub(/ /, "", name) } name == file {
        n = split($9, parts, ","); for (i = 1; i <= n; i++) { split(parts[i], w, " "); print w[1] } }' \
        "$pcaps/MANIFEST.md" | sort -n -u | tr '\n' ' '
}

failures=0
files=0
fail() {
    echo "FAIL $name: $*"
    failures=$((failures + 1))
}

for file in "$pcaps"/*.pcap "$pcaps"/*.pcapng "$pcaps"/*.cap; do
    [ -f "$file" ] || continue
    name=$(basename "$file")
    files=$((files + 1))
    "$dump" "$file" >"$tmp/ours" 2>"$tmp/ours.err"
    ours_status=$?
    fields "$file" >"$tmp/theirs"
    tshark_status=$?
    if [ "$tshark_status" -eq 0 ]; then
        [ "$ours_status" -eq 0 ] || fail "tshark reads it, rowtap says: $(cat "$tmp/ours.err")"
        expected="$tmp/theirs"
    else
        # Damaged: keep what libpcap can read, and compare with tshark's view of that copy.
        tcpdump -r "$file" --time-stamp-precision=nano -w "$tmp/intact.pcap" 2>/dev/null
        fields "$tmp/intact.pcap" >"$tmp/intact" || { fail "tshark cannot read tcpdump's copy"; continue; }
        expected="$tmp/intact"
        [ "$ours_status" -eq 1 ] || fail "tshark reports damage, rowtap exited with $ours_status"
        grep -q "^error: $file: .*byte [0-9]" "$tmp/ours.err" ||
            fail "no error naming the file and a byte offset: $(cat "$tmp/ours.err")"
        echo "$name: damaged; rowtap: $(cat "$tmp/ours.err")"
    fi
    compare "$tmp/ours" "$expected" >"$tmp/diff" || fail "$(head -5 "$tmp/diff")"
    linktypes=$(cut -f4 "$tmp/ours" | sort -n -u | tr '\n' ' ')
    listed=$(manifest_linktypes "$name")
    [ -z "$listed" ] || [ "$linktypes" = "$listed" ] || fail "link types '$linktypes', MANIFEST.md lists '$listed'"
    [ -z "$listed" ] && echo "$name: not in MANIFEST.md, link types not checked"
    echo "$name: $(wc -l <"$tmp/ours") frames compared"
done

[ "$files" -gt 0 ] || { echo "SKIP: no captures in $pcaps"; exit 77; }
echo "$files files, $failures failed"
[ "$failures" -eq 0 ]
