# msgpack_runs.sh — sourced by the end-to-end msgpack tests: runs rowtap with `-o txt,msgpack -s`
# over every capture of $ROWTAP_SHARED/pcaps and over captures made by genpcap.py (VLANs, IPv6,
# fragments, payloads; microsecond and nanosecond precision), and lists the output prefixes.
# Skips the calling test (exit 77, with the reason) while rowtap, its plugins or the sinks are
# missing, or ../shared is absent.

skip() {
    echo "SKIP: $*"
    exit 77
}

fail() {
    echo "FAIL: $*"
    exit 1
}

rowtap="$top_builddir/rowtap"
rowtap_cat="$top_builddir/rowtap-cat"
[ -x "$rowtap" ] || skip "rowtap is not built (it links once the capture reader and the decoder are merged)"
[ -x "$rowtap_cat" ] || skip "rowtap-cat is not built (it links once the text renderer is merged)"
[ -n "${ROWTAP_SHARED:-}" ] && [ -d "$ROWTAP_SHARED/pcaps" ] || skip "ROWTAP_SHARED/pcaps is absent"

runs_dir=$(mktemp -d)
trap 'rm -rf "$runs_dir"' EXIT

plugins=
for p in basicFlow basicStats tcpFlags tcpWin; do
    [ -e "$top_builddir/plugins/.libs/$p.so" ] && plugins="$plugins${plugins:+,}$p"
done
[ -n "$plugins" ] || skip "no plugin is built yet (plugins/.libs/basicFlow.so is missing)"
"$rowtap" -b "$plugins" -o txt,msgpack --list-options >/dev/null 2>"$runs_dir/probe" \
    || skip "rowtap cannot load the txt and msgpack sinks with the plugins $plugins: $(cat "$runs_dir/probe")"

# msgpack_run NAME CAPTURE [rowtap options...] — one run into $runs_dir/NAME/; prints its prefix.
msgpack_run() {
    name=$1 capture=$2
    shift 2
    mkdir -p "$runs_dir/$name"
    "$rowtap" -q -r "$capture" -w "$runs_dir/$name/out" -s -o txt,msgpack -b "$plugins" "$@" \
        >"$runs_dir/$name/report" 2>&1
    status=$?
    [ $status -le 1 ] || fail "rowtap -r $capture $* ended with status $status: $(tail -5 "$runs_dir/$name/report")"
    for stream in flows packets; do
        [ -f "$runs_dir/$name/out_$stream.txt" ] || fail "rowtap -r $capture wrote no _$stream.txt"
        [ -f "$runs_dir/$name/out_$stream.msgpack" ] || fail "rowtap -r $capture wrote no _$stream.msgpack"
    done
    echo "$runs_dir/$name/out"
}

# msgpack_run_all — every run; prints the prefixes, one per line.
msgpack_run_all() {
    for pcap in "$ROWTAP_SHARED"/pcaps/*.pcap "$ROWTAP_SHARED"/pcaps/*.pcapng "$ROWTAP_SHARED"/pcaps/*.cap; do
        [ -f "$pcap" ] || continue
        base=$(basename "$pcap")
        msgpack_run "${base%.*}" "$pcap" || exit 1
    done
    python3 "$ROWTAP_SHARED/tools/genpcap.py" --packets 3000 --flows 200 --seed 7 --vlan-share 0.3 \
        --ipv6-share 0.3 -q -o "$runs_dir/generated.pcap" >"$runs_dir/genpcap.log" 2>&1 \
        || fail "genpcap.py failed: $(cat "$runs_dir/genpcap.log")"
    msgpack_run generated-us "$runs_dir/generated.pcap" || exit 1
    msgpack_run generated-ns "$runs_dir/generated.pcap" -X core.timePrecision=ns || exit 1
}
