"""basicstats_oracle.py — the independent side of the basicStats integration tests.

Reads a capture with tshark, one line per frame, and derives for every flow direction what
T2-COMPAT §8.3 says basicStats must print, without looking at rowtap's output: the packets, their
capture times, their L7 lengths (§3.6: tcp.len; udp.length − 8; for ICMP and ICMPv6 the data after
the 8-byte header; for a later IP fragment its data after the IP header(s); for ARP the ARP
message) and their Ethernet padding. Directions are keyed as §4.1 keys flows (ICMP between two
hosts is one flow with ports 0; a later fragment belongs to the flow of its first fragment) and a
conversation idle for core.flowTimeout seconds starts anew (§4.3).

Also runs rowtap and reads its flow file. Used by basicStats_truth.py and basicStats_stats.py;
python3 standard library only. Frames the oracle cannot describe exactly (tunnels, IPv6 extension
headers other than a fragment header, non-IP frames other than ARP) stop the test with a message
rather than produce a guess.
"""

import ipaddress
import os
import shutil
import statistics
import subprocess
import sys

SKIP = 77
FLOW_TIMEOUT_NS = 182 * 10**9          # core.flowTimeout default (§4.3, §11)
SIZE_CAP = 65535                       # minL7PktSz / maxL7PktSz cap (§8.3)
PORT_PROTOCOLS = {6, 17}               # the protocols with ports that the oracle reads (TCP, UDP)

FIELDS = [
    'frame.number', 'frame.time_epoch', 'frame.len', 'eth.src', 'eth.dst', 'eth.padding', 'eth.trailer', 'eth.fcs',
    'ip.src', 'ip.dst', 'ip.proto', 'ip.len', 'ip.hdr_len', 'ip.id', 'ip.frag_offset', 'ip.flags.mf',
    'ipv6.src', 'ipv6.dst', 'ipv6.nxt', 'ipv6.plen', 'ipv6.fraghdr.nxt', 'ipv6.fraghdr.offset',
    'ipv6.fraghdr.more', 'ipv6.fraghdr.ident',
    'tcp.srcport', 'tcp.dstport', 'tcp.len', 'tcp.hdr_len', 'udp.srcport', 'udp.dstport', 'udp.length',
    'arp.hw.size', 'arp.proto.size',
]


def skip(message):
    print('SKIP: ' + message)
    sys.exit(SKIP)


def fail(message):
    print('FAIL: ' + message)
    sys.exit(1)


def environment():
    """The shared folder and the rowtap program, or exit 77 when one of them or tshark is missing."""
    shared = os.environ.get('ROWTAP_SHARED', '')
    if not shared or not os.path.isdir(shared):
        skip('$ROWTAP_SHARED is not set or not a folder (make check sets it to ../shared)')
    if not shutil.which('tshark'):
        skip('tshark is not installed')
    rowtap = os.path.join(os.environ.get('top_builddir', '.'), 'rowtap')
    if not os.access(rowtap, os.X_OK):
        skip(rowtap + ' is not built (it links once the decoder is merged)')
    return shared, rowtap


def run_rowtap(rowtap, pcap, outdir, options=()):
    """Runs rowtap with basicFlow and basicStats; returns the flow rows as dicts by column name and
    the output prefix."""
    prefix = os.path.join(outdir, os.path.splitext(os.path.basename(pcap))[0])
    cmd = [rowtap, '-r', pcap, '-w', prefix, '-b', 'basicFlow,basicStats']
    for option in options:
        cmd += ['-X', option]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        fail('%s exited with %d:\n%s' % (' '.join(cmd), run.returncode, run.stderr))
    with open(prefix + '_flows.txt', encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    if not lines[0].startswith('%'):
        fail('the flow file does not start with the column-name row')
    names = lines[0][1:].split('\t')
    return [dict(zip(names, line.split('\t'))) for line in lines[1:] if line], prefix


def _ip(text):
    return ipaddress.ip_address(text).compressed


def _first(value):
    return value.split(',')[0] if value else ''


def _int(value):
    return int(_first(value), 0) if value else None


def _time_ns(text, precision_us):
    seconds, _, fraction = text.partition('.')
    ns = int(seconds) * 10**9 + int((fraction + '000000000')[:9])
    return ns - ns % 1000 if precision_us else ns


class Frame:
    """One frame as the oracle sees it."""

    def __init__(self, number, time_ns, key, conversation, l7, pad):
        self.number, self.time_ns, self.key, self.conversation = number, time_ns, key, conversation
        self.l7, self.pad = l7, pad


def _l7_length(f, number, proto, payload, later, first_of_several):
    """L7 length of an IP packet (§3.6) from the IP payload length and the transport fields."""
    if later:
        return payload                       # a later fragment: its data after the IP header(s)
    if proto == 6:                           # tshark leaves tcp.len out for a first fragment
        return _int(f['tcp.len']) if f['tcp.len'] else payload - _int(f['tcp.hdr_len'])
    if proto == 17:
        return payload - 8 if first_of_several else _int(f['udp.length']) - 8
    if proto in (1, 58):
        return payload - 8                   # the data after the 8-byte ICMP/ICMPv6 header
    fail('frame %d: IP protocol %d is not described by the oracle' % (number, proto))
    return None


def _ip_frame(f, number):
    """(protocol, src, dst, L7 length, later fragment?, fragment identification) of an IPv4 or
    IPv6 frame (IPv6 with at most a fragment header)."""
    if f['ip.src']:
        proto, payload = _int(f['ip.proto']), _int(f['ip.len']) - _int(f['ip.hdr_len'])
        later = _int(f['ip.frag_offset']) > 0
        first_of_several = not later and _int(f['ip.flags.mf']) == 1
        src, dst, ident = f['ip.src'], f['ip.dst'], _int(f['ip.id'])
    else:
        proto, payload = _int(f['ipv6.nxt']), _int(f['ipv6.plen'])
        later, first_of_several, ident = False, False, None
        if proto == 44:
            proto, payload = _int(f['ipv6.fraghdr.nxt']), payload - 8
            later = _int(f['ipv6.fraghdr.offset']) > 0
            first_of_several = not later and f['ipv6.fraghdr.more'] in ('1', 'True')
            ident = _int(f['ipv6.fraghdr.ident'])
        src, dst = f['ipv6.src'], f['ipv6.dst']
    l7 = _l7_length(f, number, proto, payload, later, first_of_several)
    return proto, _ip(_first(src)), _ip(_first(dst)), l7, later, ident


def read_frames(pcap, precision_us=True):
    """Every frame of the capture as a Frame, in capture order."""
    cmd = ['tshark', '-r', pcap, '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE', '-T', 'fields',
           '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,']
    for field in FIELDS:
        cmd += ['-e', field]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        fail('tshark failed on %s:\n%s' % (pcap, run.stderr))
    frames, fragment_ports, last_seen, instance = [], {}, {}, {}
    for line in run.stdout.split('\n'):
        if not line:
            continue
        f = dict(zip(FIELDS, line.split('\t')))
        number = int(f['frame.number'])
        time_ns = _time_ns(f['frame.time_epoch'], precision_us)
        if ',' in f['ip.src'] + f['ipv6.src'] and _int(f['ip.proto']) != 1:
            fail('frame %d: more than one IP header (tunnel): not described by the oracle' % number)
        # bytes after the IP datagram: what tshark calls padding, trailer or frame check sequence
        pad = (len(f['eth.padding']) + len(f['eth.trailer'])) // 2 + (4 if f['eth.fcs'] else 0)
        if f['ip.src'] or f['ipv6.src']:
            proto, src, dst, l7, later, ident = _ip_frame(f, number)
            fragment = (src, dst, proto, ident)
            if proto not in PORT_PROTOCOLS:
                ports = (0, 0)
            elif later:
                ports = fragment_ports.get(fragment, (0, 0))
            else:
                name = 'tcp' if proto == 6 else 'udp'
                ports = (_int(f[name + '.srcport']), _int(f[name + '.dstport']))
                fragment_ports[fragment] = ports
            key = ('ip', proto, src, ports[0], dst, ports[1])
            conversation = ('ip', proto) + tuple(sorted([(src, ports[0]), (dst, ports[1])]))
        elif f['arp.hw.size']:
            key = ('arp', f['eth.src'].lower(), f['eth.dst'].lower())
            conversation = ('arp',) + tuple(sorted(key[1:]))
            l7, pad = 8 + 2 * _int(f['arp.hw.size']) + 2 * _int(f['arp.proto.size']), 0
        else:
            fail('frame %d of %s: neither IP nor ARP: not described by the oracle' % (number, pcap))
        if conversation in last_seen and time_ns - last_seen[conversation] >= FLOW_TIMEOUT_NS:
            instance[conversation] = instance.get(conversation, 0) + 1
        last_seen[conversation] = time_ns
        frames.append(Frame(number, time_ns, key, (conversation, instance.get(conversation, 0)), l7, pad))
    return frames


def reverse(key):
    if key[0] == 'ip':
        return ('ip', key[1], key[4], key[5], key[2], key[3])
    return ('arp', key[2], key[1])


def directions(frames):
    """Frames grouped by direction: {(key, conversation instance): [Frame, ...]}."""
    groups = {}
    for frame in frames:
        groups.setdefault((frame.key, frame.conversation[1]), []).append(frame)
    return groups


def row_key(row):
    """The direction key of a rowtap flow row, in the oracle's form."""
    proto = int(row['l4Proto'])
    if row['srcIP'] == '-':
        return ('arp', row['srcMac'].split(';')[0].lower(), row['dstMac'].split(';')[0].lower())
    return ('ip', proto, _ip(row['srcIP']), int(row['srcPort']), _ip(row['dstIP']), int(row['dstPort']))


def expected_columns(own, partner, lone_reply):
    """What §8.3 gives for a direction (its frames) and its partner's frames (None for none)."""
    n, sizes = len(own), [frame.l7 for frame in own]
    total = sum(sizes)
    received = len(partner) if partner else 0
    received_bytes = sum(frame.l7 for frame in partner) if partner else 0
    gaps = [b.time_ns - a.time_ns for a, b in zip(own, own[1:])]
    duration = (own[-1].time_ns - own[0].time_ns) / 1e9
    sign = -1 if not partner and lone_reply else 1
    return {
        'pktsSnt': n,
        'pktsRcvd': received,
        'padBytesSnt': sum(frame.pad for frame in own) if own[0].key[0] == 'ip' else 0,
        'l7BytesSnt': total,
        'l7BytesRcvd': received_bytes,
        'minL7PktSz': min(min(sizes), SIZE_CAP),
        'maxL7PktSz': min(max(sizes), SIZE_CAP),
        'avgL7PktSz': total / n,
        'stdL7PktSz': statistics.pstdev(sizes),
        'minIAT': min(gaps) / 1e9 if gaps else 0.0,
        'maxIAT': max(gaps) / 1e9 if gaps else 0.0,
        'avgIAT': statistics.fmean(gaps) / 1e9 if gaps else 0.0,
        'stdIAT': statistics.pstdev(gaps) / 1e9 if gaps else 0.0,
        'pktps': n / duration if duration else 0.0,
        'bytps': total / duration if duration else 0.0,
        'pktAsm': sign * (n - received) / (n + received),
        'bytAsm': (total - received_bytes) / (total + received_bytes) if total + received_bytes else 0.0,
    }


def same_value(printed, want):
    """Compares a printed column with its expected value: integers exactly, F columns within the
    §8.3 tolerance (relative 1e-6, absolute 1e-9 near zero)."""
    if isinstance(want, int):
        return int(printed) == want
    return abs(float(printed) - want) <= max(1e-9, 1e-6 * abs(want))
