#!/usr/bin/env python3
"""mix_truth.py - the benchmark mix of rowtap-gen against its own truth file, rowtap and tshark.

* The capture holds exactly the packets asked for, in the flows asked for, with timestamps that
  never go backwards; the truth file's totals agree with its flows and with the capture.
* rowtap (an independent reader of the capture): every truth flow is one rowtap flow, and the
  packet rows per flow index and direction equal the truth's packets per direction.
* tshark (an independent dissector, on a smaller run): no malformed packet, no bad checksum, and
  its TCP and UDP conversations are the truth's with Frames == l4_packets. Without tshark this
  part is skipped with a message and the rest still counts.
"""
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_common import GEN, Checks, read_pcap, rowtap, run, temp_dir  # noqa: E402

PROTOCOLS = {'tcp': 6, 'udp': 17, 'icmp': 1, 'icmpv6': 58}


def address(text):
    return str(ipaddress.ip_address(text))


def generate(work, name, packets, flows, seed, *options):
    capture = os.path.join(work, name + '.pcap')
    truth = os.path.join(work, name + '.json')
    run([GEN, '--packets', str(packets), '--flows', str(flows), '--seed', str(seed), '--truth',
         truth, '-o', capture, '-q', *options])
    with open(truth, encoding='utf-8') as f:
        return capture, json.load(f)


def check_capture(checks, capture, truth, packets, flows, applications):
    records = read_pcap(capture)
    checks.check(len(records) == packets, f'the capture holds exactly {packets} packets',
                 str(len(records)))
    checks.check(all(records[i][0] <= records[i + 1][0] for i in range(len(records) - 1)),
                 'timestamps never go backwards')
    rows = truth['flows']
    checks.check(len(rows) == flows and truth['flows_count'] == flows
                 and len({r['id'] for r in rows}) == flows, f'the truth lists {flows} flows')
    checks.check(sum(r['packets'] for r in rows) == truth['total_packets'] == packets
                 and all(r['packets'] == r['packets_a_to_b'] + r['packets_b_to_a'] for r in rows),
                 'flow packet counts add up to the total')
    wire = sum(r[2] for r in records)
    checks.check(sum(r['bytes'] for r in rows) == truth['total_bytes'] == wire,
                 'wire bytes of the flows, the totals and the capture agree', f'{wire}')
    keys = Counter((r['proto'], address(r['a']), r['a_port'], address(r['b']), r['b_port'])
                   for r in rows)
    checks.check(max(keys.values()) == 1, 'every 5-tuple belongs to one flow')
    apps = Counter(r['app'] for r in rows)
    checks.check(len(apps) >= applications, f'the mix holds at least {applications} applications',
                 str(apps))


def check_rowtap(checks, capture, truth, work):
    """Per flow index and direction, rowtap's packet rows equal the truth's packets."""
    out = os.path.join(work, 'out')
    os.makedirs(out)
    packets, flows, _ = rowtap(capture, out)
    rows = defaultdict(Counter)
    ends = defaultdict(set)
    for p in packets:
        src, dst = address(p['srcIP']), address(p['dstIP'])
        rows[p['flowInd']][src] += 1
        proto = int(p['l4Proto'])
        if p['srcPort'] not in ('', '0') or proto in (1, 58):
            ends[p['flowInd']].add((proto,) + tuple(sorted([(src, int(p['srcPort'] or 0)),
                                                            (dst, int(p['dstPort'] or 0))])))
    checks.check(all(len(e) == 1 for e in ends.values()), 'every rowtap flow has one pair of endpoints')
    by_key = {next(iter(e)): index for index, e in ends.items() if len(e) == 1}
    missing, wrong = [], []
    for flow in truth['flows']:
        a, b = address(flow['a']), address(flow['b'])
        key = (PROTOCOLS[flow['proto']],) + tuple(sorted([(a, flow['a_port']), (b, flow['b_port'])]))
        index = by_key.get(key)
        if index is None:
            missing.append(flow['id'])
            continue
        got = (rows[index][a], rows[index][b])
        if got != (flow['packets_a_to_b'], flow['packets_b_to_a']):
            wrong.append((flow['id'], flow['app'], got, flow['packets_a_to_b'], flow['packets_b_to_a']))
    checks.check(not missing, 'every truth flow is a rowtap flow', f'missing ids {missing[:10]}')
    checks.check(not wrong, 'packets per direction agree with rowtap\'s packet rows',
                 f'{len(wrong)} flows differ, e.g. {wrong[:5]}')
    checks.check(len(rows) == len(truth['flows']), 'rowtap sees as many flows as the truth lists',
                 f'{len(rows)} flow indexes')
    checks.check(len(flows) == sum(1 + (f['packets_b_to_a'] > 0 and f['packets_a_to_b'] > 0)
                                   for f in truth['flows']),
                 'rowtap writes one flow row per direction that sent packets')


def tshark_conversations(capture):
    """{(proto, endpoint, endpoint): frames} from tshark -z conv,tcp and -z conv,udp."""
    result = subprocess.run(['tshark', '-n', '-q', '-r', capture, '-z', 'conv,tcp', '-z', 'conv,udp'],
                            capture_output=True, text=True)
    conversations, proto = {}, None
    for line in result.stdout.splitlines():
        if line.startswith('TCP Conversations'):
            proto = 'tcp'
        elif line.startswith('UDP Conversations'):
            proto = 'udp'
        elif '<->' in line and proto:
            left, right = line.split('<->')
            a = left.strip()
            fields = right.split()
            b = fields[0]
            frames = int(fields[7])  # after "<-" frames and bytes, "->" frames and bytes
            conversations[(proto,) + tuple(sorted([a, b]))] = frames
    return conversations


def endpoint(ip, port):
    return f'{address(ip)}:{port}'


def check_tshark(checks, capture, truth):
    if not shutil.which('tshark'):
        print('note: tshark is not installed: the tshark comparison is skipped')
        return
    malformed = subprocess.run(['tshark', '-n', '-r', capture, '-Y', '_ws.malformed', '-T', 'fields',
                                '-e', 'frame.number'], capture_output=True, text=True).stdout.split()
    checks.check(not malformed, 'tshark finds no malformed packet', f'frames {malformed[:10]}')
    bad = subprocess.run(['tshark', '-n', '-r', capture, '-o', 'tcp.check_checksum:TRUE', '-o',
                          'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-Y',
                          'tcp.checksum.status == 0 or udp.checksum.status == 0 or '
                          'ip.checksum.status == 0 or icmp.checksum.status == 0 or '
                          'icmpv6.checksum.status == 0', '-T', 'fields', '-e', 'frame.number'],
                         capture_output=True, text=True).stdout.split()
    checks.check(not bad, 'tshark finds every checksum right', f'frames {bad[:10]}')
    seen = tshark_conversations(capture)
    expected = {}
    for flow in truth['flows']:
        if flow['proto'] in ('tcp', 'udp'):
            key = (flow['proto'],) + tuple(sorted([endpoint(flow['a'], flow['a_port']),
                                                   endpoint(flow['b'], flow['b_port'])]))
            expected[key] = flow['l4_packets']
    checks.check(set(seen) == set(expected), 'tshark\'s TCP and UDP conversations are the truth\'s',
                 f'{len(set(seen) - set(expected))} unexpected, {len(set(expected) - set(seen))} missing')
    differ = [(k, seen[k], expected[k]) for k in expected if k in seen and seen[k] != expected[k]]
    checks.check(not differ, 'their Frames equal the truth\'s l4_packets', str(differ[:5]))


def main():
    checks = Checks()
    work = temp_dir()
    capture, truth = generate(work, 'mix', 40000, 2000, 5, '--vlan-share', '0.25', '--ipv6-share', '0.3')
    check_capture(checks, capture, truth, 40000, 2000, 11)
    check_rowtap(checks, capture, truth, work)
    # more flows than packets: one packet per flow (failed connections, DNS, pings, syslog ...)
    capture, truth = generate(work, 'tiny', 50, 80, 1)
    check_capture(checks, capture, truth, 50, 50, 3)
    small, small_truth = generate(work, 'small', 4000, 200, 9)
    check_tshark(checks, small, small_truth)
    checks.finish()


if __name__ == '__main__':
    main()
