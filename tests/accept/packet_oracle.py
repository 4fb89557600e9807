#!/usr/bin/env python3
"""packet_oracle.py - rowtap's packet file compared with tshark, packet by packet and field by field.

For every capture in $ROWTAP_SHARED/pcaps, rowtap runs with `-s -b basicFlow,tcpWin` and its packet
file (T2-COMPAT §7) is compared with tshark's dissection of the same file (PDML, IP reassembly and
TCP reassembly off, so that every frame is dissected on its own), rows matched by pktNo =
frame.number (§3.1). Per packet:

  time            frame.time_epoch truncated to microseconds (§2.7)
  srcMac, dstMac  the last (innermost) Ethernet header's addresses; empty without one (§3.3)
  ethVlanID       the vlan.id of every 802.1Q/802.1ad tag, outermost first, at most 3 (§3.3)
  ethType         0x0800 / 0x86dd after an IPv4 / IPv6 header; else the last type field (§3.3)
  srcIP, dstIP    the innermost IP header's addresses (§3.5)
  l4Proto         the protocol after the innermost IP header and its extension headers
  srcPort, dstPort, winSize   that TCP/UDP/UDP-Lite/SCTP header's ports and TCP window field
  l7Len           captured L7 bytes (§3.6): from the end of the last header to the end of the IP
                  packet (IP length fields), at most to the captured end; rowtap's l7Content
                  counted back to bytes (§2.6: each escape and each other character is one byte)

ICMP payloads are not decoded (§3.2), so tshark's layers after the first icmp/icmpv6 are cut off.
A frame tshark reads but rowtap has no row for is a 'row' difference, and so is a row tshark has no
frame for.

Every difference must be listed in packet_oracle_explained.txt with the section of T2-COMPAT that
explains it; any other difference fails the test. Exit 77 (skip) with a message when tshark or the
captures are missing.
"""
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

COLUMNS = ['time', 'srcMac', 'dstMac', 'ethVlanID', 'ethType', 'srcIP', 'dstIP', 'l4Proto',
           'srcPort', 'dstPort', 'winSize', 'l7Len']
IP_LAYERS = ('ip', 'ipv6')
IPV6_EXTENSIONS = ('ipv6.hopopts', 'ipv6.routing', 'ipv6.fraghdr', 'ipv6.dstopts', 'ah')
TRANSPORT_HEADER = {'tcp': None, 'udp': 8, 'udplite': 8, 'sctp': 12, 'icmp': 8, 'icmpv6': 8,
                    'igmp': 8}
TRANSPORT_NUMBER = {'tcp': 6, 'udp': 17, 'udplite': 136, 'sctp': 132, 'icmp': 1, 'icmpv6': 58,
                    'igmp': 2}
PORTED = ('tcp', 'udp', 'udplite', 'sctp')
LINK_LAYERS = ('eth', 'vlan', 'sll', 'llc', 'mpls', 'pppoed', 'pppoes', 'ppp', 'null')
HEADER_SIZE = {'pppoed': 6, 'pppoes': 6}  # tshark's layer also spans the PPPoE payload
DECODED_AFTER_IP = ('gre', 'ppp')  # tunnel headers rowtap decodes before an unknown protocol (§3.5)
NOT_LAYERS = ('geninfo', 'frame', 'fake-field-wrapper')
TYPE_FIELDS = ('eth.type', 'vlan.etype', 'sll.etype', 'llc.type')


class Layer:
    """One protocol of a frame as tshark dissected it: name, position, size, its own fields."""

    def __init__(self, element):
        self.name = element.get('name')
        self.pos = int(element.get('pos') or 0)
        self.size = int(element.get('size') or 0)
        self.fields = {}
        self._collect(element)

    def _collect(self, element):
        for child in element:
            if child.tag == 'field':
                name = child.get('name')
                if name and name not in self.fields:
                    self.fields[name] = (child.get('show') or '', child.get('value') or '')
                self._collect(child)

    def show(self, name, default=''):
        return self.fields.get(name, (default, ''))[0]

    def number(self, name):
        text = self.show(name)
        return int(text, 0) if text else None


def flatten(element, out):
    """Appends the layers under element in document order; stops after the first ICMP layer."""
    for child in element:
        if child.tag != 'proto':
            continue
        layer = Layer(child)
        if layer.name not in NOT_LAYERS:
            out.append(layer)
            if layer.name in ('icmp', 'icmpv6'):
                return True
        if flatten(child, out):
            return True
    return False


def frame_info(packet):
    info = {}
    for proto in packet:
        if proto.tag == 'proto' and proto.get('name') == 'frame':
            for field in proto.iter('field'):
                info[field.get('name')] = field.get('show') or ''
    return info


def truncated_time(epoch):
    if not epoch:
        return None
    seconds, _, fraction = epoch.partition('.')
    return seconds + '.' + (fraction + '000000')[:6]


def l7_end_and_start(layers, ip_index, frame_len):
    """(end of the IP packet, start of the L7 payload) of the innermost IP header (§3.6)."""
    ip = layers[ip_index]
    if ip.name == 'ip':
        length = ip.number('ip.len') or 0
        header_end = ip.pos + (ip.number('ip.hdr_len') or 20)
    else:
        length = 40 + (ip.number('ipv6.plen') or 0)
        header_end = ip.pos + 40
    end = ip.pos + length
    if length == 0 or end > frame_len:
        end = frame_len
    after = ip_index + 1
    while after < len(layers) and layers[after].name in IPV6_EXTENSIONS:
        header_end = layers[after].pos + layers[after].size
        after += 1
    transport = layers[after] if after < len(layers) and layers[after].name in TRANSPORT_HEADER else None
    if transport is None:
        while after < len(layers) and layers[after].name in DECODED_AFTER_IP:
            header_end = layers[after].pos + layers[after].size
            after += 1
        return end, header_end, None
    size = TRANSPORT_HEADER[transport.name]
    if size is None:
        size = transport.number('tcp.hdr_len')
    return end, transport.pos + (20 if size is None else size), transport


def last_type_field(layers):
    value = ''
    for layer in layers:
        for name in TYPE_FIELDS:
            if name in layer.fields:
                value = layer.show(name)
        if layer.name == 'llc' and 'llc.type' not in layer.fields:
            dsap, ssap = layer.fields.get('llc.dsap'), layer.fields.get('llc.ssap')
            if dsap and ssap:
                value = '0x%02x%02x' % (int(dsap[1], 16), int(ssap[1], 16))
    return value


def expected_row(packet):
    """The packet-file values tshark's dissection of one frame calls for."""
    info = frame_info(packet)
    layers = []
    flatten(packet, layers)
    cap_len, frame_len = int(info.get('frame.cap_len', '0')), int(info.get('frame.len', '0'))
    row = dict.fromkeys(COLUMNS, '')
    row['time'] = truncated_time(info.get('frame.time_epoch'))
    ethernet = [layer for layer in layers if layer.name == 'eth']
    if ethernet:
        row['srcMac'], row['dstMac'] = ethernet[-1].show('eth.src'), ethernet[-1].show('eth.dst')
    row['ethVlanID'] = ';'.join([layer.show('vlan.id') for layer in layers if layer.name == 'vlan'][:3])
    ip_indexes = [i for i, layer in enumerate(layers) if layer.name in IP_LAYERS]
    if not ip_indexes:
        row['ethType'] = last_type_field(layers)
        start = 0
        for layer in layers:
            if layer.name not in LINK_LAYERS:
                break
            start = layer.pos + HEADER_SIZE.get(layer.name, layer.size)
        arp = [layer for layer in layers if layer.name == 'arp']
        end = min(arp[0].pos + arp[0].size, cap_len) if arp else cap_len
        row['l7Len'] = str(max(0, end - start))
        return row
    ip_index = ip_indexes[-1]
    ip = layers[ip_index]
    prefix = 'ip' if ip.name == 'ip' else 'ipv6'
    row['ethType'] = '0x0800' if ip.name == 'ip' else '0x86dd'
    row['srcIP'], row['dstIP'] = ip.show(prefix + '.src'), ip.show(prefix + '.dst')
    end, start, transport = l7_end_and_start(layers, ip_index, frame_len)
    row['l7Len'] = str(max(0, min(end, cap_len) - start))
    if transport is not None:
        row['l4Proto'] = str(TRANSPORT_NUMBER[transport.name])
        if transport.name in PORTED:
            ports = [v for k, (v, _) in transport.fields.items() if k.endswith('.srcport')]
            ports += [v for k, (v, _) in transport.fields.items() if k.endswith('.dstport')]
            if len(ports) == 2:
                row['srcPort'], row['dstPort'] = ports
        if transport.name == 'tcp':
            row['winSize'] = transport.show('tcp.window_size_value')
    else:
        chain = layers[ip_index:]
        next_header = ''
        for layer in chain:
            if layer.name not in IP_LAYERS + IPV6_EXTENSIONS or (layer is not ip and layer.name in IP_LAYERS):
                break
            for name, (show, _) in layer.fields.items():
                if name in ('ip.proto', 'ah.next_header') or name.endswith('.nxt'):
                    next_header = show
        row['l4Proto'] = next_header
    return row


def l7_length(content):
    """Bytes of an l7Content field (§2.6): an escape is one byte, any other character one byte."""
    count, i = 0, 0
    while i < len(content):
        i += 2 if content[i] == '\\' and i + 1 < len(content) else 1
        count += 1
    return count


def rowtap_rows(path):
    rows = {}
    with open(path, encoding='ascii', errors='replace', newline='\n') as f:
        names = f.readline().rstrip('\n').lstrip('%').split('\t')
        for line in f:
            values = dict(zip(names, line.rstrip('\n').split('\t')))
            values['l7Len'] = str(l7_length(values.get('l7Content', '')))
            rows[int(values['pktNo'])] = values
    return rows


def tshark_frames(path):
    command = ['tshark', '-n', '-r', path, '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE',
               '-o', 'tcp.desegment_tcp_streams:FALSE', '-T', 'pdml']
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    frames = {}
    try:
        for _, element in ET.iterparse(process.stdout, events=('end',)):
            if element.tag == 'packet':
                info = frame_info(element)
                frames[int(info['frame.number'])] = expected_row(element)
                element.clear()
    except ET.ParseError:
        pass  # tshark stopped in the middle of a damaged file: keep the frames it finished
    stderr = process.stderr.read().decode(errors='replace')
    process.wait()
    messages = [line for line in stderr.splitlines() if line and not line.startswith('Running as user')]
    return frames, ' '.join(messages)


class Explained:
    """The accepted differences: capture, frames ('*', 'a-b', lists), field ('*'), § section."""

    def __init__(self, path):
        self.entries = []
        for number, line in enumerate(open(path, encoding='utf-8'), 1):
            text = line.split('#', 1)[0].split()
            if not text:
                continue
            if len(text) != 4 or not text[3].startswith('§'):
                raise SystemExit(f'{path}:{number}: expected "capture frames field §section"')
            self.entries.append({'capture': text[0], 'frames': text[1], 'field': text[2],
                                 'section': text[3], 'used': 0, 'line': number})

    @staticmethod
    def _covers(frames, frame):
        if frames == '*':
            return True
        for part in frames.split(','):
            low, _, high = part.partition('-')
            if int(low) <= frame <= int(high or low):
                return True
        return False

    def find(self, capture, frame, field):
        for entry in self.entries:
            if (entry['capture'] == capture and entry['field'] in (field, '*')
                    and self._covers(entry['frames'], frame)):
                entry['used'] += 1
                return entry
        return None


def compare_capture(job):
    """Runs rowtap and tshark on one capture; returns (name, messages, differences, rows)."""
    rowtap, path, workdir = job
    name = os.path.basename(path)
    out = os.path.join(workdir, name) + '/'
    os.makedirs(out)
    run = subprocess.run([rowtap, '-q', '-r', path, '-w', out, '-s', '-b', 'basicFlow,tcpWin'],
                         capture_output=True, text=True, errors='replace')
    messages = []
    if 'Sanitizer' in run.stderr or 'runtime error' in run.stderr or run.returncode not in (0, 1):
        return name, [f'FAIL {name}: rowtap crashed (status {run.returncode})\n{run.stderr}'], [], 0
    if run.returncode == 1:
        messages.append(f'note {name}: rowtap exit status 1: {run.stderr.strip()}')
    stem = name.rsplit('.', 1)[0]
    rows = rowtap_rows(os.path.join(out, stem + '_packets.txt'))
    frames, tshark_errors = tshark_frames(path)
    if tshark_errors:
        messages.append(f'note {name}: tshark: {tshark_errors}')
    if 'damaged or corrupt' in tshark_errors:
        # tshark may guess another record layout for a damaged file. rowtap must name the byte
        # offset of the damage and stop there: the frames before it are compared with tshark's
        # view of the undamaged part.
        damage = re.search(r'at byte (\d+)', run.stderr)
        if run.returncode != 1 or not damage:
            return name, messages + [f'FAIL {name}: tshark finds the file damaged, rowtap names no '
                                     f'byte offset (status {run.returncode}): {run.stderr.strip()}'], [], 0
        cut = os.path.join(workdir, 'undamaged-' + name)
        with open(path, 'rb') as source, open(cut, 'wb') as copy:
            copy.write(source.read(int(damage.group(1))))
        frames, tshark_errors = tshark_frames(cut)
        messages.append(f'note {name}: compared with tshark on its first {damage.group(1)} bytes'
                        + (f' (tshark: {tshark_errors})' if tshark_errors else ''))
    differences = []
    for number, expected in frames.items():
        row = rows.get(number)
        if row is None:
            differences.append((number, 'row', 'no row', 'a frame'))
            continue
        for column in COLUMNS:
            if column == 'time' and expected['time'] is None:
                continue
            if row.get(column, '') != expected[column]:
                differences.append((number, column, row.get(column, ''), expected[column]))
    for number in sorted(set(rows) - set(frames)):
        differences.append((number, 'row', 'a row', 'no frame'))
    return name, messages, differences, len(rows)


def main():
    shared = os.environ.get('ROWTAP_SHARED', '')
    pcaps = os.path.join(shared, 'pcaps')
    if not shared or not os.path.isdir(pcaps):
        print(f"SKIP: no shared captures (ROWTAP_SHARED='{shared}' has no pcaps folder)")
        return 77
    try:
        subprocess.run(['tshark', '-v'], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        print('SKIP: tshark is not installed (Debian package tshark)')
        return 77
    here = os.path.dirname(os.path.abspath(__file__))
    rowtap = os.path.join(os.environ.get('top_builddir', '.'), 'rowtap')
    if not os.access(rowtap, os.X_OK):
        print(f'ERROR: {rowtap} is not built')
        return 99
    explained = Explained(os.path.join(here, 'packet_oracle_explained.txt'))
    names = sorted(f for f in os.listdir(pcaps) if f.endswith(('.pcap', '.pcapng', '.cap')))
    failures = accepted = compared = 0
    summary = {}
    with tempfile.TemporaryDirectory() as workdir:
        jobs = [(rowtap, os.path.join(pcaps, n), workdir) for n in names]
        with multiprocessing.Pool(min(4, os.cpu_count() or 1)) as pool:
            results = pool.map(compare_capture, jobs)
    for name, messages, differences, n_rows in results:
        compared += n_rows
        for message in messages:
            print(message)
            failures += message.startswith('FAIL')
        for number, column, ours, theirs in differences:
            entry = explained.find(name, number, column)
            text = f'{name} frame {number} {column}: rowtap "{ours}", tshark "{theirs}"'
            if entry:
                accepted += 1
                summary.setdefault((name, column, entry['section']), []).append(number)
            else:
                failures += 1
                print(f'FAIL {text}')
    for (name, column, section), numbers in sorted(summary.items()):
        print(f'explained ({section}) {name} {column}: {len(numbers)} frames '
              f'({", ".join(map(str, numbers[:8]))}{", ..." if len(numbers) > 8 else ""})')
    for entry in explained.entries:
        if not entry['used']:
            print(f'note: explanation on line {entry["line"]} ({entry["capture"]} {entry["frames"]} '
                  f'{entry["field"]}) matched no difference')
    print(f'{len(names)} captures, {compared} rows compared, {accepted} explained differences, '
          f'{failures} failures')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
