#!/bin/sh
# msgpack_cat.sh — rowtap-cat's command line on the seed-corpus files of tests/fuzz/corpus/
# msgpack_decode (made by gen_msgpack_corpus: a header and 3 rows each; flows_cut_in_last_row is
# flows_alltypes without its last 40 bytes; flows_garbage_after is flows_alltypes plus the byte
# 0xc1): complete output, standard input, JSON and schema modes, and the errors for truncated,
# corrupt, empty and missing files (complete rows first, the byte offset named, exit status 1).
set -u
cat="$top_builddir/rowtap-cat"
corpus="$top_srcdir/tests/fuzz/corpus/msgpack_decode"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*"
    exit 1
}

# expect STATUS NAME COMMAND... — runs COMMAND with stdout in $tmp/NAME.out, stderr in $tmp/NAME.err
expect() {
    want=$1 name=$2
    shift 2
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    got=$?
    [ "$got" -eq "$want" ] || fail "$name: exit status $got instead of $want ($(cat "$tmp/$name.err"))"
}

err_has() {
    grep -qF -- "$2" "$tmp/$1.err" || fail "$1: the message '$(cat "$tmp/$1.err")' does not contain '$2'"
}

expect 0 full "$cat" "$corpus/flows_alltypes.msgpack"
[ ! -s "$tmp/full.err" ] || fail "messages for a complete file: $(cat "$tmp/full.err")"
[ "$(wc -l <"$tmp/full.out")" -eq 4 ] || fail "a file of 3 rows printed $(wc -l <"$tmp/full.out") lines"
head -n 1 "$tmp/full.out" | grep -q '^%i8	i16	i32	i64	u8	' || fail "the first line is not the column-name line"
[ "$(grep -c '^%' "$tmp/full.out")" -eq 1 ] || fail "more than one line starts with %"

expect 0 stdin "$cat" - <"$corpus/flows_alltypes.msgpack"
cmp -s "$tmp/stdin.out" "$tmp/full.out" || fail "standard input gives other output than the file"

expect 0 two "$cat" "$corpus/flows_alltypes.msgpack" "$corpus/packets_alltypes.msgpack"
expect 0 packets "$cat" "$corpus/packets_alltypes.msgpack"
cat "$tmp/full.out" "$tmp/packets.out" | cmp -s - "$tmp/two.out" || fail "two files are not printed one after the other"

expect 0 header_only "$cat" "$corpus/flows_header_only.msgpack"
head -n 1 "$tmp/full.out" | cmp -s - "$tmp/header_only.out" || fail "a file without rows must print the column-name line only"

expect 0 json "$cat" --json "$corpus/flows_alltypes.msgpack"
[ "$(wc -l <"$tmp/json.out")" -eq 3 ] || fail "--json printed $(wc -l <"$tmp/json.out") lines for 3 rows"
[ "$(grep -c '^{"i8":.*,"tail":[0-9]*}$' "$tmp/json.out")" -eq 3 ] || fail "--json lines are not objects from i8 to tail"

expect 0 schema "$cat" --schema "$corpus/packets_ns.msgpack"
grep -q '^# Stream: packets$' "$tmp/schema.out" || fail "--schema does not name the stream"
grep -q '^# Time precision: ns$' "$tmp/schema.out" || fail "--schema does not give the time precision"
grep -q '^# Col No.	Type	Name	Description	Plugin$' "$tmp/schema.out" || fail "--schema has no column heading"
grep -q '^31	U8_IPX_S:R	kind_addr_name	repeated compound U8_IPX_S	allTypes$' "$tmp/schema.out" \
    || fail "--schema does not list the repeated compound column 31"
[ "$(grep -c '^[0-9]' "$tmp/schema.out")" -eq 33 ] || fail "--schema does not list 33 columns"

size=$(wc -c <"$corpus/flows_cut_in_last_row.msgpack")
expect 1 cut "$cat" "$corpus/flows_cut_in_last_row.msgpack"
head -n 3 "$tmp/full.out" | cmp -s - "$tmp/cut.out" || fail "a file cut in row 3 must print the names and rows 1 and 2"
err_has cut "rowtap-cat: error: $corpus/flows_cut_in_last_row.msgpack: byte $size: the file ends inside row 3"

size=$(wc -c <"$corpus/flows_alltypes.msgpack")
expect 1 garbage "$cat" "$corpus/flows_garbage_after.msgpack"
cmp -s "$tmp/full.out" "$tmp/garbage.out" || fail "garbage after the last row must not hide the rows"
err_has garbage "byte $size: row 4: invalid msgpack byte 0xc1"

printf '\223' >"$tmp/not_header.msgpack"
tail -c +2 "$corpus/flows_alltypes.msgpack" >>"$tmp/not_header.msgpack"
expect 1 not_header "$cat" "$tmp/not_header.msgpack"
[ ! -s "$tmp/not_header.out" ] || fail "a file without header printed rows"
err_has not_header "byte 0: not a rowtap msgpack file: the first object is not the header map"

: >"$tmp/empty.msgpack"
expect 1 empty "$cat" "$tmp/empty.msgpack"
err_has empty "byte 0: the file is empty"

expect 1 missing "$cat" "$tmp/no-such-file.msgpack"
err_has missing "cannot open $tmp/no-such-file.msgpack"

expect 1 mixed "$cat" "$tmp/empty.msgpack" "$corpus/flows_alltypes.msgpack"
cmp -s "$tmp/full.out" "$tmp/mixed.out" || fail "a bad file must not stop the next one"

expect 2 no_args "$cat"
expect 2 bad_option "$cat" --no-such-option "$corpus/flows_alltypes.msgpack"
expect 0 help "$cat" -h
grep -q '^Usage: rowtap-cat' "$tmp/help.out" || fail "-h prints no usage"
echo "ok: rowtap-cat output and errors"
