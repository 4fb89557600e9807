#!/usr/bin/env python3
"""basicStats_truth.py — basicStats' counts on a generated capture against its ground truth.

Generates a capture with $ROWTAP_SHARED/tools/genpcap.py --truth (20000 packets, 500 flows,
seed 3: TCP, UDP, ICMP, ICMPv6, VLAN and QinQ tags, IPv6, IPv4 fragments, Ethernet padding),
runs rowtap -b basicFlow,basicStats on it, and checks for every flow direction:
  - pktsSnt and pktsRcvd against the packet counts per direction of the truth JSON. genpcap keys
    ICMP flows by (a, b, icmp_id) while rowtap keys all ICMP between two hosts as one flow with
    ports 0 (T2-COMPAT §4.1): the truth is summed per host pair for ICMP;
  - l7BytesSnt, l7BytesRcvd and padBytesSnt against values derived from tshark's per-frame fields
    (basicstats_oracle.py), since the truth has no L7 byte counts;
  - that rowtap has no direction the truth lacks and misses none.
Exits 77 when $ROWTAP_SHARED, tshark or a built rowtap is missing.
"""

import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import basicstats_oracle as oracle  # noqa: E402

PROTOCOLS = {'tcp': 6, 'udp': 17, 'icmp': 1, 'icmpv6': 58}


def truth_packets(truth):
    """Packets per direction key (the oracle's key form) from the truth's flows."""
    counts = {}
    for flow in truth['flows']:
        proto = PROTOCOLS[flow['proto']]
        with_ports = proto in oracle.PORT_PROTOCOLS
        a = (oracle._ip(flow['a']), flow['a_port'] if with_ports else 0)
        b = (oracle._ip(flow['b']), flow['b_port'] if with_ports else 0)
        for (src, dst), packets in (((a, b), flow['packets_a_to_b']), ((b, a), flow['packets_b_to_a'])):
            if packets:
                key = ('ip', proto) + src + dst
                counts[key] = counts.get(key, 0) + packets
    return counts


def main():
    shared, rowtap = oracle.environment()
    with tempfile.TemporaryDirectory(prefix='rowtap-basicstats-') as tmp:
        pcap, truth_path = os.path.join(tmp, 'generated.pcap'), os.path.join(tmp, 'truth.json')
        subprocess.run([sys.executable, os.path.join(shared, 'tools', 'genpcap.py'), '--packets', '20000',
                        '--flows', '500', '--seed', '3', '-o', pcap, '--truth', truth_path, '-q'], check=True)
        with open(truth_path) as f:
            truth = json.load(f)
        rows, _ = oracle.run_rowtap(rowtap, pcap, tmp)
        frames = oracle.read_frames(pcap)

    packets = truth_packets(truth)
    l7, pad = {}, {}
    for frame in frames:
        l7[frame.key] = l7.get(frame.key, 0) + frame.l7
        pad[frame.key] = pad.get(frame.key, 0) + frame.pad

    errors = []
    seen = {}
    for row in rows:
        key = oracle.row_key(row)
        seen[key] = seen.get(key, 0) + 1
        want = {
            'pktsSnt': packets.get(key, 0),
            'pktsRcvd': packets.get(oracle.reverse(key), 0),
            'l7BytesSnt': l7.get(key, 0),
            'l7BytesRcvd': l7.get(oracle.reverse(key), 0),
            'padBytesSnt': pad.get(key, 0),
        }
        for column, value in want.items():
            if int(row[column]) != value:
                errors.append('flowInd %s dir %s %s: %s, expected %d' % (row['flowInd'], row['dir'], column,
                                                                      row[column], value))
    for key in packets:
        if seen.get(key) != 1:
            errors.append('direction %s: %d flow rows, expected 1' % (key, seen.get(key, 0)))
    if len(rows) != len(packets):
        errors.append('%d flow rows, the truth has %d directions' % (len(rows), len(packets)))
    if sum(packets.values()) != truth['total_packets']:
        errors.append('the truth flows hold %d packets, its total says %d' % (sum(packets.values()),
                                                                             truth['total_packets']))
    for error in errors[:40]:
        print(error)
    if errors:
        oracle.fail('%d mismatches' % len(errors))
    print('PASS: %d directions: pktsSnt, pktsRcvd, l7BytesSnt, l7BytesRcvd, padBytesSnt as expected' % len(rows))


if __name__ == '__main__':
    main()
