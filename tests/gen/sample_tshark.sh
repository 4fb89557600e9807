#!/bin/sh
# sample_tshark.sh — tshark, an independent dissector, reads the sample and every link-type
# capture without a malformed packet, without an expert error and without a bad IPv4, TCP, UDP,
# UDP-Lite or SCTP checksum (checksum validation switched on), and sees as many frames as were
# written. Skips (77) without tshark.
set -u
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark is not installed"; exit 77; }
gen="${top_builddir:-.}/tools/rowtap-gen"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$gen" --sample -o "$tmp/sample.pcap" -q || exit 99
mkdir "$tmp/lt" && "$gen" --sample-linktypes "$tmp/lt" -q || exit 99

fail=0
for f in "$tmp/sample.pcap" "$tmp"/lt/*; do
    name=$(basename "$f")
    frames=$(tshark -r "$f" -T fields -e frame.number 2>/dev/null | wc -l)
    malformed=$(tshark -r "$f" -Y _ws.malformed -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
    errors=$(tshark -r "$f" -Y "_ws.expert.severity >= 8388608" -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
    bad=$(tshark -r "$f" -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
              -o ip.check_checksum:TRUE -o udplite.check_checksum:TRUE \
              -o udplite.ignore_checksum_coverage:FALSE -o "sctp.checksum:CRC 32c" \
              -Y "tcp.checksum.status == 0 or udp.checksum.status == 0 or ip.checksum.status == 0 or icmp.checksum.status == 0 or icmpv6.checksum.status == 0 or sctp.checksum.status == 0" \
              -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
    if [ "$frames" -gt 0 ] && [ -z "$malformed" ] && [ -z "$errors" ] && [ -z "$bad" ]; then
        echo "ok: $name: $frames frames, no malformed packet, no expert error, no bad checksum"
    else
        echo "FAIL: $name: $frames frames; malformed: ${malformed:-none}; expert errors: ${errors:-none}; bad checksums: ${bad:-none}"
        fail=1
    fi
done
# The sample's frame count as tshark sees it equals what the generator reported writing.
written=$("$gen" --sample -o "$tmp/again.pcap" 2>&1 | sed -n 's/.*: \([0-9]*\) frames$/\1/p')
seen=$(tshark -r "$tmp/sample.pcap" -T fields -e frame.number 2>/dev/null | wc -l)
if [ -n "$written" ] && [ "$written" -eq "$seen" ]; then
    echo "ok: tshark sees the $written frames the generator wrote"
else
    echo "FAIL: the generator wrote ${written:-?} frames, tshark sees $seen"
    fail=1
fi
exit $fail
