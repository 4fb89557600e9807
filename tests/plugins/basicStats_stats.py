#!/usr/bin/env python3
"""basicStats_stats.py — every basicStats column on real captures against values computed from
tshark's per-frame times and lengths (basicstats_oracle.py), never from rowtap's own output.

For each capture below (small ones of $ROWTAP_SHARED/pcaps: tshark is slow) rowtap runs with
-b basicFlow,basicStats; each flow row is matched to the oracle's direction with the same key
(and the same conversation instance when a conversation restarted after core.flowTimeout), and
all 17 columns are compared: integers exactly, F columns with the §8.3 tolerance. The only value
taken from rowtap's row is flowStat bit 0, which decides the sign of pktAsm for a lone direction
(§8.3). The column dictionary (_headers.txt) must list the 17 columns as §8.1 does: numbers
23-39 (basicFlow before them), type codes, names and descriptions. Exits 77 when $ROWTAP_SHARED,
tshark or a built rowtap is missing.
"""

import itertools
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import basicstats_oracle as oracle  # noqa: E402

# (capture, rowtap -X options, timestamps truncated to µs): FTP over IPv4 and IPv6, DNS over TCP
# with Ethernet padding, DNS over UDP with lone replies (pktAsm −1), pings, a VLAN, IPv4 and IPv6
# fragments, ARP, a bulk HTTP download with Ethernet trailers, and a nanosecond capture read with
# both time precisions (§2.7).
CAPTURES = [
    ('zeek-ftp-ipv4.pcap', (), True),
    ('zeek-ftp-ipv6.pcap', (), True),
    ('tcpdump-dns-tcp.pcap', (), True),
    ('zeek-dns-edns-ecs.pcap', (), True),
    ('zeek-icmp-5-pings.pcap', (), True),
    ('zeek-icmp-dot1q.pcap', (), True),
    ('zeek-ipv4-fragmented-3.pcap', (), True),
    ('ndpi-dns-fragmented.pcap', (), True),
    ('zeek-ipv6-fragmented-dns.pcap', (), True),
    ('suricata-arp.pcap', (), True),
    ('zeek-http-206-zerowindow.pcap', (), True),
    ('zeek-http-nanosecond.pcap', (), True),
    ('zeek-http-nanosecond.pcap', ('core.timePrecision=ns',), False),
]

# T2-COMPAT §8.1, columns 23-39: name, type code, description.
DICTIONARY = [
    ('pktsSnt', 'U64', 'Packets sent'),
    ('pktsRcvd', 'U64', 'Packets received (opposite direction)'),
    ('padBytesSnt', 'I64', 'Link-layer padding bytes sent'),
    ('l7BytesSnt', 'U64', 'Payload bytes sent'),
    ('l7BytesRcvd', 'U64', 'Payload bytes received (opposite direction)'),
    ('minL7PktSz', 'U16', 'Smallest payload'),
    ('maxL7PktSz', 'U16', 'Largest payload'),
    ('avgL7PktSz', 'F', 'Mean payload'),
    ('stdL7PktSz', 'F', 'Standard deviation of payload sizes'),
    ('minIAT', 'F', 'Shortest gap between packets'),
    ('maxIAT', 'F', 'Longest gap between packets'),
    ('avgIAT', 'F', 'Mean gap between packets'),
    ('stdIAT', 'F', 'Standard deviation of gaps'),
    ('pktps', 'F', 'Packets per second'),
    ('bytps', 'F', 'Payload bytes per second'),
    ('pktAsm', 'F', 'Packet count asymmetry'),
    ('bytAsm', 'F', 'Payload byte asymmetry'),
]
COLUMNS = [name for name, _, _ in DICTIONARY]


def check_dictionary(prefix):
    """Mismatches of the flow section of <prefix>_headers.txt against §8.1."""
    with open(prefix + '_headers.txt', encoding='utf-8') as f:
        lines = f.read().split('\n')
    start = next(i for i, line in enumerate(lines) if line.startswith('# Col No.'))
    flow_section = list(itertools.takewhile(lambda line: not line.startswith('#'), lines[start + 1:]))
    errors = []
    for number, (name, code, description) in enumerate(DICTIONARY, 23):
        want = '%d\t%s\t%s\t%s' % (number, code, name, description)
        if want not in flow_section:
            errors.append('_headers.txt lacks the line %r' % want)
    return errors


def check_capture(rowtap, pcap, options, precision_us, tmp):
    """Mismatches of one capture, as messages."""
    rows, prefix = oracle.run_rowtap(rowtap, pcap, tmp, options)
    groups = oracle.directions(oracle.read_frames(pcap, precision_us))
    instances = {}
    for key, instance in sorted(groups, key=lambda d: groups[d][0].time_ns):
        instances.setdefault(key, []).append(instance)
    errors, matched = check_dictionary(prefix), set()
    name = os.path.basename(pcap) + ''.join(' -X ' + o for o in options)
    for row in sorted(rows, key=lambda r: r['timeFirst']):
        key = oracle.row_key(row)
        if not instances.get(key):
            errors.append('%s: flowInd %s dir %s %s: no such direction in the capture' % (name, row['flowInd'],
                                                                                       row['dir'], key))
            continue
        instance = instances[key].pop(0)
        matched.add((key, instance))
        partner = groups.get((oracle.reverse(key), instance))
        lone_reply = int(row['flowStat'], 16) & 1
        want = oracle.expected_columns(groups[(key, instance)], partner, lone_reply)
        for column in COLUMNS:
            if not oracle.same_value(row[column], want[column]):
                errors.append('%s: flowInd %s dir %s %s: %s, expected %r' % (name, row['flowInd'], row['dir'],
                                                                          column, row[column], want[column]))
    for direction in groups:
        if direction not in matched:
            errors.append('%s: direction %s has no flow row' % (name, direction))
    return errors, len(rows)


def main():
    shared, rowtap = oracle.environment()
    errors, checked = [], 0
    with tempfile.TemporaryDirectory(prefix='rowtap-basicstats-') as tmp:
        for capture, options, precision_us in CAPTURES:
            found, n = check_capture(rowtap, os.path.join(shared, 'pcaps', capture), options, precision_us, tmp)
            errors += found
            checked += n
    for error in errors[:40]:
        print(error)
    if errors:
        oracle.fail('%d mismatches' % len(errors))
    print('PASS: %d flow rows of %d captures, %d columns each' % (checked, len(CAPTURES), len(COLUMNS)))


if __name__ == '__main__':
    main()
