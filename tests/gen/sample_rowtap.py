#!/usr/bin/env python3
"""sample_rowtap.py - rowtap over the bundled sample and the link-type captures.

rowtap must read every capture without failing; its packet files must hold one row per frame and
show every hdrDesc token T2-COMPAT 3.2 lists as required, and the special-purpose range codes of
6.1; the flow-table behaviours the sample was built to show (tools/rowtap-gen.md) must appear as
the specification says: status bits (section 5), A/B and the reply heuristics (4.2), fragments
(3.4), timeouts and restarts (4.3), eviction of a full table. The expected values come from the
specification and from what the generator put into the sample, never from rowtap's output.
When $ROWTAP_SHARED holds the specification, the token and code lists written here are checked
against it as well.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_common import (GEN, Checks, bit, read_pcap, rowtap, run, status,  # noqa: E402
                        temp_dir)

# T2-COMPAT 3.2, "Required in this version" (ipv6.* stands for the four extension tokens).
REQUIRED_TOKENS = ('eth raw null sll vlan mpls llc pppoed pppoes ppp arp rarp lldp ipv4 ipv6 '
                   'ipv6.* ah esp gre tcp udp udplite sctp icmp icmpv6 igmp ssdp').split()
IPV6_EXTENSION_TOKENS = ['ipv6.hopopts', 'ipv6.routing', 'ipv6.fraghdr', 'ipv6.dstopts']
# T2-COMPAT 6.1, the codes of the special-purpose ranges.
SPECIAL_CODES = ('00 01 02 03 04 06 08 10 11 20 21 22 23 24 25 26 27 60 61 62 63 64 65').split()

# Link type captures and the first hdrDesc token of their rows (T2-COMPAT 3.2). The OpenBSD loop
# capture (108) is checked by linktype_loop.sh.
LINK_TOKENS = {
    'linktype-raw-101.pcap': {'raw'}, 'linktype-ipv4-228.pcap': {'raw'},
    'linktype-ipv6-229.pcap': {'raw'}, 'linktype-null-0.pcap': {'null'},
    'linktype-sll-113.pcap': {'sll'}, 'linktype-sll2-276.pcap': {'sll'},
    'linktype-ppp-9.pcap': {'ppp'}, 'nanosecond.pcap': {'eth'},
    'multi-interface.pcapng': {'eth', 'raw', 'sll', 'null'},
}


def tokens(hdrdesc):
    for token in hdrdesc.split(':'):
        yield re.sub(r'\{\d+\}$', '', token)


def spec_lists(checks):
    """Compares the lists above with the specification when it is available."""
    shared = os.environ.get('ROWTAP_SHARED', '')
    path = os.path.join(shared, 'spec', 'T2-COMPAT.md')
    if not shared or not os.path.exists(path):
        print(f'note: {path or "$ROWTAP_SHARED"} absent: token and code lists not compared with '
              'the specification')
        return
    text = open(path, encoding='utf-8').read()
    required = re.search(r'Required in this version: `([^`]*)`', text)
    checks.check(required and required.group(1).split() == REQUIRED_TOKENS,
                 'the required hdrDesc tokens are those of T2-COMPAT 3.2')
    codes = re.findall(r'^\| `(\d\d)` \| `[a-z0-9_]+` \|', text, re.M)
    checks.check(codes == SPECIAL_CODES, 'the special-range codes are those of T2-COMPAT 6.1',
                 f'spec: {codes}')


def find(flows, src=None, dst=None, sport=None, dport=None, proto=None):
    """Flow rows with these values."""
    def ok(row):
        return ((src is None or row['srcIP'] == src) and (dst is None or row['dstIP'] == dst)
                and (sport is None or row['srcPort'] == str(sport))
                and (dport is None or row['dstPort'] == str(dport))
                and (proto is None or row['l4Proto'] == str(proto)))
    return [row for row in flows if ok(row)]


def one(checks, rows, what):
    checks.check(len(rows) == 1, f'{what}: one flow row', f'found {len(rows)}')
    return rows[0] if rows else {'flowStat': '0x0', 'dir': '?', 'flowInd': '?'}


def count_packets(packets, flow):
    """Packet rows of a flow direction: same flowInd, same source address."""
    return sum(1 for r in packets if r['flowInd'] == flow['flowInd'] and r['srcIP'] == flow['srcIP'])


def has_bits(row, *bits):
    return all(status(row) & bit(b) for b in bits)


def lacks_bits(row, *bits):
    return not any(status(row) & bit(b) for b in bits)


def check_flows(checks, packets, flows):
    """The behaviours the sample was built to show (tools/rowtap-gen.md, section 1)."""
    laptop, desktop = '192.168.1.105', '192.168.1.20'

    # 3.4 fragments
    row = one(checks, find(flows, src='8.8.4.4', dst=laptop, sport=0, dport=0, proto=17),
              'later fragments without their first one')
    checks.check(has_bits(row, 36, 38, 43) and row['dir'] == 'A',
                 'they get a flow of their own with ports 0, bits 36, 38 (first fragment missing), 43',
                 row['flowStat'])
    checks.check(any(r['flowStat'] and status(r) & bit(38) for r in packets
                     if r['srcIP'] == '8.8.4.4' and r['srcPort'] == '0'),
                 'the packet rows of those fragments show bit 38 (0x0000004000000000)')
    row = one(checks, find(flows, src=desktop, sport=40100, dport=40200),
              'a datagram whose last fragment never came')
    checks.check(has_bits(row, 36, 39), 'bit 39 (fragments incomplete when the flow ended)',
                 row['flowStat'])
    row = one(checks, find(flows, src='2.125.160.216', dst=laptop, proto=1),
              'a ping reply whose middle fragment was lost')
    checks.check(has_bits(row, 36, 37), 'bit 37 (fragment sequence error)', row['flowStat'])
    rows = find(flows, src=laptop, dst='81.2.69.160', proto=1) + \
        find(flows, src='81.2.69.160', dst=laptop, proto=1)
    complete = [r for r in rows if has_bits(r, 36)]
    sizes = sorted(count_packets(packets, r) for r in complete)
    checks.check(len(complete) == 2 and all(lacks_bits(r, 37, 38, 39) for r in complete)
                 and sizes == [4, 4],
                 'a complete fragmented ping (three fragments each way) joins the record-route '
                 'ping to the same host (ICMP flows have no ports): four packets and bit 36 both '
                 'ways, no fragment error bits',
                 str([(r['dir'], r['flowStat']) for r in complete]) + f' {sizes}')
    row = one(checks, find(flows, src='2001:4860:4860::8888', sport=53, dport=53000),
              'an IPv6 DNS answer in two fragments')
    checks.check(has_bits(row, 15, 36) and lacks_bits(row, 37, 38, 39) and row['dir'] == 'B',
                 'it joins the query\'s flow as B with bit 36', row['flowStat'])

    # 4.3 inactivity: the NTP poll after 256 s gets a new flow index
    rows = find(flows, src=laptop, dst='162.159.200.123', sport=123, dport=123)
    indexes = {r['flowInd'] for r in rows}
    checks.check(len(rows) == 2 and len(indexes) == 2 and all(r['dir'] == 'A' for r in rows),
                 'a conversation silent for 256 s restarts with a new flowInd', str(indexes))
    ntp_packets = [r for r in packets if r['srcPort'] == '123' and r['dstPort'] == '123']
    checks.check(len(ntp_packets) == 4 and len({r['flowInd'] for r in ntp_packets}) == 2,
                 'its packet rows carry the two flow indexes')

    # 4.2 same address and port on both sides
    rows = find(flows, src='192.168.1.77', dst='192.168.1.77', sport=4444, dport=4444)
    row = one(checks, rows, 'a SYN to its own address and port')
    partner = [r for r in flows if r['flowInd'] == row['flowInd']]
    checks.check(has_bits(row, 50) and len(partner) == 1, 'bit 50, no partner', row['flowStat'])

    # 4.2 reply heuristics and A/B
    checks.check(has_bits(one(checks, find(flows, src='8.8.4.4', sport=53, dport=40123),
                              'a DNS response without its query'), 0),
                 'a lone reply from port 53 to a higher port gets bit 0 (written as A)')
    checks.check(has_bits(one(checks, find(flows, src='192.168.1.1', sport=67, dport=68),
                              'the DHCP server\'s broadcasts'), 0),
                 'port 67 to 68 looks like a reply: bit 0')
    checks.check(has_bits(one(checks, find(flows, src='203.0.113.9', proto=1),
                              'an echo reply without request'), 0),
                 'an ICMP echo reply first gets bit 0')
    row = one(checks, find(flows, src='198.51.100.7', sport=22), 'SSH whose SYN-ACK came first')
    checks.check(row['dir'] == 'B' and has_bits(row, 0),
                 'the SYN-ACK side is the reply (B), the client A')
    row = one(checks, find(flows, src='10.8.0.1', sport=8080), 'a proxy connection seen midway')
    checks.check(row['dir'] == 'B' and has_bits(row, 0), 'the side with port 8080 is B')
    row = one(checks, find(flows, src=laptop, sport=49822, dport=80), 'the first HTTP connection')
    checks.check(row['dir'] == 'A' and lacks_bits(row, 0), 'the client of a handshake is A')

    # non-IP flows are keyed on MACs: the broadcast request and the unicast reply are two A flows
    arp = [r for r in flows if r['hdrDesc'] == 'eth:arp']
    checks.check(len(arp) == 4 and all(r['dir'] == 'A' and status(r) & 0x44 == 0x44 for r in arp),
                 'four ARP frames, four A flows with bits 2 and 6', str(len(arp)))

    # VLANs: the same 5-tuple in VLAN 10 and VLAN 20 is two flows
    rows = [r for r in find(flows, src='10.10.0.5', sport=33333, dport=53)]
    checks.check(len(rows) == 2 and {r['ethVlanID'] for r in rows} == {'10', '20'}
                 and len({r['flowInd'] for r in rows}) == 2 and all(has_bits(r, 8) for r in rows),
                 'one DNS 5-tuple in VLANs 10 and 20: two flows with bit 8',
                 str([(r['flowInd'], r['ethVlanID']) for r in rows]))
    row = one(checks, [r for r in flows if r['hdrDesc'] == 'eth:vlan{4}:ipv4:icmp' and r['dir'] == 'A'],
              'four VLAN tags')
    checks.check(row.get('ethVlanID') == '300;200;100' and has_bits(row, 8),
                 'at most three VLAN IDs are listed, outermost first', row.get('ethVlanID'))
    row = one(checks, find(flows, src='192.168.1.60', dport=16386), 'an 802.1p priority tag')
    checks.check(row.get('ethVlanID') == '0' and has_bits(row, 8, 57), 'VLAN 0 and bit 57')

    # hdrDesc limits (bit 48)
    row = one(checks, find(flows, src='10.30.0.5', dport=514), 'one UDP flow in five encapsulations')
    checks.check(row.get('numHdrDesc') == '4' and has_bits(row, 48) and count_packets(packets, row) == 5,
                 'four header stacks stored, bit 48, five packets', row['flowStat'])
    rows = find(flows, src='10.40.0.1', dst='10.40.0.2', proto=1)
    row = one(checks, rows, 'a ping through ten nested tunnels')
    checks.check(has_bits(row, 48) and row['hdrDesc'].endswith('...') and len(row['hdrDesc']) <= 127,
                 'hdrDesc cut to at most 127 characters ending in "...", bit 48',
                 f'{len(row["hdrDesc"])} characters')

    # capture time going backwards (bit 51), a truncated capture (bit 33)
    row = one(checks, find(flows, src=desktop, dst='9.9.9.9', sport=45000), 'a DNS retry stamped earlier')
    checks.check(has_bits(row, 51), 'bit 51 (negative inter-arrival time)', row['flowStat'])
    checks.check(any(r['pktIAT'].startswith('-') for r in packets if r['srcPort'] == '45000'),
                 'its packet row shows a negative pktIAT')
    server = one(checks, find(flows, src='216.160.83.56', dport=49830), 'the download cut short')
    client = one(checks, find(flows, src=laptop, sport=49830), 'the download\'s client')
    checks.check(has_bits(server, 33) and lacks_bits(client, 33),
                 'bit 33 only on the direction with the truncated frame')

    # zero windows (tcpWin, T2-COMPAT 8.5): the FTP data client sent two packets with window 0
    row = one(checks, find(flows, src=laptop, sport=49842), 'the FTP data connection\'s client')
    checks.check(row.get('tcpWinStat') == '0x01' and row.get('tcpWinThCnt') == '2',
                 'tcpWinStat 0x01 and tcpWinThCnt 2', f'{row.get("tcpWinStat")} {row.get("tcpWinThCnt")}')

    # status bits of the protocols and tunnels (section 5), one flow each
    expected = [
        ('PPPoE discovery', lambda r: r['hdrDesc'] == 'eth:pppoed', [2, 3]),
        ('PPPoE session', lambda r: r['hdrDesc'].startswith('eth:pppoes:ppp:ipv4'), [4, 14]),
        ('LLDP', lambda r: r['hdrDesc'] == 'eth:lldp', [2, 5]),
        ('RARP', lambda r: r['hdrDesc'] == 'eth:rarp', [2, 7]),
        ('MPLS unicast', lambda r: r['hdrDesc'] == 'eth:mpls{2}:ipv4:tcp', [9]),
        ('MPLS multicast', lambda r: r['hdrDesc'] == 'eth:mpls:ipv4:udp' and r['srcPort'] == '41900', [10]),
        ('PPP in GRE', lambda r: r['hdrDesc'] == 'eth:ipv4:gre:ppp:ipv4:tcp', [12, 13]),
        ('GRE', lambda r: r['hdrDesc'] == 'eth:ipv4:gre:ipv4:icmp', [12]),
        ('IP in IP', lambda r: r['hdrDesc'] == 'eth:ipv4{2}:udp', [17]),
        ('6in4', lambda r: r['hdrDesc'] == 'eth:ipv4:ipv6:tcp', [15, 17]),
        ('Teredo', lambda r: r['hdrDesc'] == 'eth:ipv4:udp:teredo:ipv6:icmpv6', [15, 19]),
        ('GTP', lambda r: r['hdrDesc'] == 'eth:ipv4:udp:gtp:ipv4:udp', [21]),
        ('VXLAN', lambda r: r['hdrDesc'] == 'eth:ipv4:udp:vxlan:eth:ipv4:tcp', [22]),
        ('SCTP', lambda r: r['hdrDesc'] == 'eth:ipv4:sctp', [24]),
        ('SSDP', lambda r: r['hdrDesc'] == 'eth:ipv4:udp:ssdp', [25]),
        ('Geneve', lambda r: r['hdrDesc'] == 'eth:ipv4:udp:geneve:eth:ipv4:udp', [29]),
        ('AH', lambda r: r['hdrDesc'] == 'eth:ipv4:ah:icmp', [30]),
        ('ESP', lambda r: r['hdrDesc'] == 'eth:ipv6:esp', [15, 31]),
        ('unknown IP protocol', lambda r: r['hdrDesc'] == 'eth:ipv4:UNK(112)', [14, 43]),
        ('unknown ethertype', lambda r: r['hdrDesc'] == 'eth:UNK(0x88b5)', [2, 43]),
        ('unknown PPP protocol', lambda r: r['hdrDesc'] == 'eth:pppoes:ppp:UNK(0xc021)', [4, 43]),
    ]
    for what, match, bits in expected:
        rows = [r for r in flows if match(r)]
        checks.check(rows and all(has_bits(r, *bits) for r in rows),
                     f'{what}: bits {", ".join(map(str, bits))}',
                     str([r['flowStat'] for r in rows]) if rows else 'no flow')


def check_eviction(checks, sample, out):
    """A table of 8 directions is full often: least recently active pairs leave with bit 42."""
    os.makedirs(out)
    packets, flows, _ = rowtap(sample, out, '-X', 'core.flowTableSize=8')
    evicted = [r for r in flows if status(r) & bit(42)]
    checks.check(evicted and len(packets) == len(read_pcap(sample)),
                 'with core.flowTableSize=8 flows are evicted with bit 42, no packet is lost',
                 f'{len(evicted)} evicted')
    indexes = [int(r['flowInd']) for r in flows]
    checks.check(len(flows) > 140 and max(indexes) >= len({i for i in indexes}),
                 'evicted pairs are written and their indexes are not reused')


def main():
    checks = Checks()
    spec_lists(checks)
    work = temp_dir()
    sample = os.path.join(work, 'sample.pcap')
    run([GEN, '--sample', '-o', sample, '-q'])
    linktypes = os.path.join(work, 'linktypes')
    os.makedirs(linktypes)
    run([GEN, '--sample-linktypes', linktypes, '-q'])

    out = os.path.join(work, 'out')
    os.makedirs(out)
    packets, flows, _ = rowtap(sample, out)
    frames = len(read_pcap(sample))
    checks.check(len(packets) == frames, f'one packet row per frame of the sample ({frames})',
                 f'{len(packets)} rows')
    seen_tokens = set()
    seen_codes = set()
    for row in packets:
        seen_tokens.update(tokens(row['hdrDesc']))
    for row in flows:
        seen_codes.update((row['srcIPCC'], row['dstIPCC']))

    for name, first in LINK_TOKENS.items():
        sub = os.path.join(work, 'out-' + name)
        os.makedirs(sub)
        rows, link_flows, _ = rowtap(os.path.join(linktypes, name), sub)
        firsts = {row['hdrDesc'].split(':')[0] for row in rows}
        checks.check(rows and firsts == first, f'{name}: hdrDesc starts with {sorted(first)}',
                     str(sorted(firsts)))
        if 'eth' not in first:
            checks.check(all(status(r) & bit(1) for r in link_flows),
                         f'{name}: every flow has bit 1 (no Ethernet header)')
        for row in rows:
            seen_tokens.update(tokens(row['hdrDesc']))
        for row in link_flows:
            seen_codes.update((row['srcIPCC'], row['dstIPCC']))

    wanted = [t for t in REQUIRED_TOKENS if t != 'ipv6.*'] + IPV6_EXTENSION_TOKENS
    missing = [t for t in wanted if t not in seen_tokens]
    checks.check(not missing, 'every required hdrDesc token occurs', f'missing: {missing}')
    missing = [c for c in SPECIAL_CODES if c not in seen_codes]
    checks.check(not missing, 'every special-range code occurs', f'missing: {missing}')

    check_flows(checks, packets, flows)
    check_eviction(checks, sample, os.path.join(work, 'evict'))
    checks.finish()


if __name__ == '__main__':
    main()
