#!/bin/sh
# test_full_disk.sh — write errors: outputs on a small tmpfs that fills up during the run (mounted
# in a mount namespace of its own with unshare, as root; skipped with a message where that is not
# permitted; also with the msgpack sink when it is built), on a tmpfs that is full from the start,
# and `-w -` into /dev/full. Each: no crash, an error naming the file and the reason, exit status
# 1, and an end report whose sink lines account for every row: rows written + rows failed = rows
# made (the packet rows of the packets read, the flow rows of the directions).
set -u
. "$(dirname "$0")/common.sh"
flood=$(helper flow_flood) || exit 99
"$flood" 40000 flood.pcap || exit 99

# sink_counts FILE STREAM [SINK]: "written failed" of the sink's (default txt) line for the stream.
sink_counts() {
    sed -n "s/^Sink ${3:-txt}, $2: \([0-9]*\) rows written, .* \([0-9]*\) rows failed.*/\1 \2/p" "$1"
}

# accounts NAME FILE STREAM MADE [SINK]: checks rows written + rows failed = MADE, and that rows failed.
accounts() {
    set -- "$1" "$2" "$3" "$4" $(sink_counts "$2" "$3" "${5:-txt}")
    check "$1: $3 rows written ($5) + failed ($6) = made ($4)" [ "$(($5 + $6))" -eq "$4" ]
    check "$1: some $3 rows failed" [ "$6" -gt 0 ]
}

# filled NAME SINK SUFFIX: the run NAME (NAME.status, .out, .err) of SINK on the tmpfs that filled up
# failed as it should: exit status 1, an error naming one of its files ($tmp/disk/<prefix>_packets
# or _flows + SUFFIX), every packet row written or counted as failed. 0 when the run was sane.
filled() {
    status=$(cat "$1.status")
    sane "$1" "$status" "$1.err" || return 1
    check "$1: exit status 1" [ "$status" -eq 1 ]
    check "$1: an error names the file and the reason" \
        grep -q -E "^rowtap: $2: error: cannot write $tmp/disk/[a-z]*_(packets|flows)\\$3: No space left on device$" \
        "$1.err"
    check "$1: the run says the input was not read to its end" \
        grep -q "a sink failed: the input was not read to its end" "$1.err"
    accounts "$1" "$1.out" packets "$(report_value "Packets processed:" "$1.out")" "$2"
}

# complete_rows FILE: the number of lines with as many fields as the column-name row.
complete_rows() {
    awk -F '\t' 'NR == 1 { n = NF } NF == n { good++ } END { print good - 1 }' "$1"
}

# --- a tmpfs that fills up, and one full from the start --------------------------------------
mkdir disk copy
if ! unshare -m sh -c "mount -t tmpfs -o size=128k tmpfs '$tmp/disk'" 2>unshare.err; then
    skip_part "the tmpfs cases: cannot mount a tmpfs in a mount namespace here ($(cat unshare.err))"
else
    msgpack=no
    "$rowtap" --list-options -o msgpack >/dev/null 2>&1 && msgpack=yes
    ROWTAP="$rowtap" DISK="$tmp/disk" MSGPACK="$msgpack" unshare -m sh -c '
        mount -t tmpfs -o size=128k tmpfs "$DISK" || exit 97
        "$ROWTAP" -r flood.pcap -s -w "$DISK/run" >fills.out 2>fills.err
        echo $? >fills.status
        cp "$DISK"/run_* copy/
        rm -f "$DISK"/run_*
        if [ "$MSGPACK" = yes ]; then
            "$ROWTAP" -r flood.pcap -s -o msgpack -w "$DISK/mp" >msgpack.out 2>msgpack.err
            echo $? >msgpack.status
            rm -f "$DISK"/mp_*
        fi
        dd if=/dev/zero of="$DISK/filler" bs=4096 2>/dev/null
        "$ROWTAP" -r flood.pcap -w "$DISK/late" >full.out 2>full.err
        echo $? >full.status
    '
    if filled fills txt .txt; then
        directions=$(report_value "Flow directions:" fills.out)
        check "fills: the flow rows written + failed = the directions ($directions)" \
            [ "$(sink_counts fills.out flows | awk '{ print $1 + $2 }')" = "$directions" ]
        check "fills: the packet file holds at least the rows counted as written" \
            [ "$(complete_rows copy/run_packets.txt)" -ge "$(sink_counts fills.out packets | cut -d' ' -f1)" ]
    fi
    if [ "$msgpack" = no ]; then
        skip_part "the msgpack sink on a full tmpfs: the msgpack sink is not built"
    else
        filled msgpack msgpack .msgpack
    fi
    status=$(cat full.status)
    if sane "a full tmpfs" "$status" full.err; then
        check "a full tmpfs: exit status 1" [ "$status" -eq 1 ]
        check "a full tmpfs: an error names the file and the reason" \
            grep -q "^rowtap: txt: error: cannot write $tmp/disk/late_headers.txt: No space left on device$" full.err
        check "a full tmpfs: the sink could not start" grep -q "sink txt could not start" full.err
    fi
fi

# --- -w - into /dev/full -----------------------------------------------------------------------
"$rowtap" -r flood.pcap -w - >/dev/full 2>devfull.err
status=$?
if sane "/dev/full" "$status" devfull.err; then
    check "/dev/full: exit status 1" [ "$status" -eq 1 ]
    check "/dev/full: an error names standard output and the reason" \
        grep -q "^rowtap: txt: error: cannot write standard output: No space left on device$" devfull.err
    directions=$(report_value "Flow directions:" devfull.err)
    accounts "/dev/full" devfull.err flows "$directions"
    check "/dev/full: no flow row was written" [ "$(sink_counts devfull.err flows | cut -d' ' -f1)" -eq 0 ]
fi

finish
