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
"$flood" 10000 flood.pcap || exit 99

# sink_counts FILE STREAM: "written failed" of the txt sink's line for the stream.
sink_counts() {
    sed -n "s/^Sink txt, $2: \([0-9]*\) rows written, .* \([0-9]*\) rows failed.*/\1 \2/p" "$1"
}

# accounts NAME FILE STREAM MADE: checks rows written + rows failed = MADE and that rows failed.
accounts() {
    set -- "$1" "$2" "$3" "$4" $(sink_counts "$2" "$3")
    check "$1: $3 rows written ($5) + failed ($6) = made ($4)" [ "$(($5 + $6))" -eq "$4" ]
    check "$1: some $3 rows failed" [ "$6" -gt 0 ]
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
    status=$(cat fills.status)
    if sane "a tmpfs filling up" "$status" fills.err; then
        check "a tmpfs filling up: exit status 1" [ "$status" -eq 1 ]
        check "a tmpfs filling up: an error names the file and the reason" \
            grep -q -E "^rowtap: txt: error: cannot write $tmp/disk/run_(packets|flows)\.txt: No space left on device$" fills.err
        check "a tmpfs filling up: the run says the input was not read to its end" \
            grep -q "a sink failed: the input was not read to its end" fills.err
        packets=$(report_value "Packets processed:" fills.out)
        directions=$(report_value "Flow directions:" fills.out)
        accounts "a tmpfs filling up" fills.out packets "$packets"
        check "a tmpfs filling up: the flow rows written + failed = the directions ($directions)" \
            [ "$(sink_counts fills.out flows | awk '{ print $1 + $2 }')" = "$directions" ]
        check "a tmpfs filling up: the packet file holds at least the rows counted as written" \
            [ "$(complete_rows copy/run_packets.txt)" -ge "$(sink_counts fills.out packets | cut -d' ' -f1)" ]
    fi
    if [ "$msgpack" = no ]; then
        skip_part "the msgpack sink on a full tmpfs: the msgpack sink is not built"
    else
        status=$(cat msgpack.status)
        if sane "msgpack on a tmpfs filling up" "$status" msgpack.err; then
            check "msgpack on a tmpfs filling up: exit status 1" [ "$status" -eq 1 ]
            check "msgpack on a tmpfs filling up: an error names the file and the reason" \
                grep -q -E "^rowtap: msgpack: error: cannot write $tmp/disk/mp_(packets|flows)\.msgpack: No space left on device$" msgpack.err
            check "msgpack on a tmpfs filling up: rows written + failed = packets read" \
                [ "$(sed -n 's/^Sink msgpack, packets: \([0-9]*\) rows written, .* \([0-9]*\) rows failed.*/\1 \2/p' msgpack.err msgpack.out | awk '{ print $1 + $2 }')" = "$(report_value "Packets processed:" msgpack.out)" ]
        fi
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
