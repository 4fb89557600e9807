#!/bin/sh
# test_hostile_captures.sh — damaged and hostile captures (written by hostile_capture, see its
# header): cut files, a wrong magic, impossible record lengths, snap length 0, an unknown link
# type, pcapng blocks that lie, frames whose length fields lie, deep tag and tunnel nesting, a
# flood of fragments. For each: no crash and no sanitizer report; a message that names the file
# and the byte offset of the damage; the rows of every packet before the damage written (packet
# rows numbered 1..n, and a flow row for every flow they belong to); the exit status of the README
# (1 when the input was damaged, 0 when every packet could be read).
set -u
. "$(dirname "$0")/common.sh"
writer=$(helper hostile_capture) || exit 99

# numbers N: "1 2 ... N " (what pktNo must read).
numbers() {
    i=1
    while [ "$i" -le "$1" ]; do printf '%s ' "$i"; i=$((i + 1)); done
}

# run_case NAME EXIT PACKETS NEEDLE [ROWTAP ARGS...]: writes the capture, runs rowtap on it with
# packet rows, checks the exit status, the message (NEEDLE, with @OFFSET replaced by the damage
# offset), the packet rows 1..PACKETS and a flow row for each flow of those packets.
run_case() {
    name=$1 expected=$2 packets=$3 needle=$4
    shift 4
    info=$("$writer" "$name" "$name.pcap") || { fail "$name: the capture could not be written"; return; }
    offset=${info#* }
    needle=$(echo "$needle" | sed "s/@OFFSET/$offset/")
    run_rowtap "$name" -r "$name.pcap" -s -w "out-$name/" "$@" || return
    check "$name: exit status $expected" [ "$status" -eq "$expected" ]
    check "$name: message '$needle'" grep -q -F -e "$needle" "$name.err" "$name.out"
    packet_file="out-$name/${name}_packets.txt"
    flow_file="out-$name/${name}_flows.txt"
    if [ "$packets" -eq 0 ]; then
        check "$name: no output (the input could not be opened)" [ ! -e "$packet_file" ]
        return
    fi
    check "$name: packet rows 1..$packets" [ "$(column pktNo "$packet_file" | tr '\n' ' ')" = "$(numbers "$packets")" ]
    column flowInd "$packet_file" | sort -u >packet-flows
    column flowInd "$flow_file" | sort -u >flow-flows
    check "$name: every flow of those packets has its flow row" cmp -s packet-flows flow-flows
    check "$name: every hdrDesc at most 127 characters" \
        [ -z "$(column hdrDesc "$packet_file" | awk 'length($0) > 127')" ]
}

run_case cut-file-header 1 0 "cut-file-header.pcap: pcap file header is cut: 10 of 24 bytes present"
run_case bad-version 1 0 "bad-version.pcap: pcap file header: unsupported format version 3.0"
run_case wrong-magic 1 0 "wrong-magic.pcap: not a pcap or pcapng file (first bytes 47 49 46 38)"
run_case cut-record-header 1 5 "cut-record-header.pcap: record at byte @OFFSET is cut: 8 of 16 header bytes"
run_case cut-record-data 1 5 "cut-record-data.pcap: record at byte @OFFSET is cut: 20 of 60 bytes present"
run_case caplen-over-limit 1 5 "caplen-over-limit.pcap: record at byte @OFFSET: captured length 300000 is larger than the limit of 262144 bytes"
run_case caplen-over-snaplen 0 20 "warning: caplen-over-snaplen.pcap: frame at byte 252: captured length 81 is larger than the snap length 64"
run_case zero-snaplen 0 20 "(link type 1, snap length 262144)"
run_case unknown-linktype 0 20 "(link type 147, snap length 65535)"
check "unknown-linktype: hdrDesc UNK(0x0093), flowStat bits 1, 2 and 43" \
    [ "$(column hdrDesc out-unknown-linktype/unknown-linktype_packets.txt | sort -u)/$(column flowStat out-unknown-linktype/unknown-linktype_packets.txt | sort -u)" = "UNK(0x0093)/0x0000080000000006" ]
run_case pcapng-bad-length 1 5 "pcapng-bad-length.pcap: enhanced packet block at byte @OFFSET has an invalid length of 101 bytes"
run_case pcapng-trailer 1 5 "pcapng-trailer.pcap: enhanced packet block at byte @OFFSET: the length at its end (4000) differs"
run_case pcapng-unknown-iface 1 5 "pcapng-unknown-iface.pcap: enhanced packet block at byte @OFFSET names interface 7, but only 1 are described"
run_case pcapng-cut-block 1 5 "pcapng-cut-block.pcap: enhanced packet block at byte @OFFSET is cut: 40 of"

# Lying length fields: every frame but the last, with IHL 4, gets a flow (T2-COMPAT §3.7).
lying=$("$writer" lying-lengths probe.pcap | cut -d' ' -f1)
run_case lying-lengths 0 "$((lying - 1))" "Packets without flow: 1"
check "lying-lengths: IHL 4 and the lying lengths are flagged (bits 46, 47, 34, 35, 43)" \
    grep -q 'Aggregated flowStat: 0x0000c8' lying-lengths.out
run_case deep-nesting 0 6 "Deepest VLAN stack: 250, deepest MPLS stack: 250"
check "deep-nesting: stacks collapsed or cut with ... (bit 48 on the cut ones)" \
    [ "$(column hdrDesc out-deep-nesting/deep-nesting_packets.txt | head -n 3 | tr '\n' ' ')" = "eth:vlan{250}:ipv4:udp eth:mpls{250}:ipv4:icmp eth:ipv4{60}:icmp " ]
check "deep-nesting: the tunnel stacks end in ... and set bit 48" \
    [ "$(awk -F '\t' 'NR > 1 && $3 ~ /^0x0001/ && $8 ~ /\.\.\.$/' out-deep-nesting/deep-nesting_packets.txt | wc -l)" -eq 2 ]
run_case fragment-flood 0 40000 "IPv4 fragments packets: 40000" -X core.fragTableSize=1024
check "fragment-flood: later fragments whose first was forgotten set bit 38" \
    [ "$(column flowStat out-fragment-flood/fragment-flood_flows.txt | awk 'index("4567cdef", substr($1, 9, 1)) { n++ } END { print n + 0 }')" -ge 1 ]

# More distinct header stacks than rowtap keeps (16384, hdrdesc.h): the later ones read "..."
# with flowStat bit 48; the memory stays bounded.
run_case stack-flood 0 20000 "Packets processed: 20000"
column hdrDesc out-stack-flood/stack-flood_packets.txt >out-stack-flood/hdrdesc
column flowStat out-stack-flood/stack-flood_packets.txt >out-stack-flood/flowstat
check "stack-flood: 16384 distinct hdrDesc stacks, then \"...\" for the 3616 others" \
    [ "$(sort -u out-stack-flood/hdrdesc | wc -l)/$(grep -c -x -F '...' out-stack-flood/hdrdesc)" = "16385/3616" ]
check "stack-flood: the first and the last stack kept" \
    [ "$(sed -n '1p;16384p;16385p' out-stack-flood/hdrdesc | tr '\n' ' ')" = "eth:UNK(0x1000) eth:UNK(0x4fff) ... " ]
check "stack-flood: the 3616 rows of \"...\" have flowStat bit 48" \
    [ "$(paste out-stack-flood/hdrdesc out-stack-flood/flowstat | awk '$1 == "..." && index("13579bdf", substr($2, 6, 1))' | wc -l)" -eq 3616 ]

# A damaged file in a list: its rows up to the damage, then the next file; exit status 1.
printf '%s\n%s\n' "$tmp/cut-record-data.pcap" "$tmp/zero-snaplen.pcap" >two.list
run_rowtap list -R two.list -s -w list/
check "-R with a damaged file: exit status 1" [ "$status" -eq 1 ]
check "-R with a damaged file: the damage is reported" grep -q "cut-record-data.pcap: record at byte" list.err
check "-R with a damaged file: 5 + 20 packet rows" [ "$(column pktNo list/two_packets.txt | wc -l)" -eq 25 ]

# The same damage through a pipe.
cat cut-record-data.pcap | "$rowtap" -r - -s -w pipe/ >pipe.out 2>pipe.err
status=$?
sane pipe "$status" pipe.err
check "a damaged capture on standard input: exit status 1, rows 1..5" \
    [ "$status" -eq 1 ] && [ "$(column pktNo pipe/stdin_packets.txt | tr '\n' ' ')" = "1 2 3 4 5 " ]
check "a damaged capture on standard input: the message names -" grep -q -- "-: record at byte 459 is cut" pipe.err

finish
