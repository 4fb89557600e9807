#!/usr/bin/env python3
"""test_decode_pcaps.py - the decoder over every capture in $ROWTAP_SHARED/pcaps, compared with tshark.

For each capture, tests/unit/decode_pcap_dump (libpcap's pcap_next_ex, then decoder_decode; built
with the sanitizers in a sanitizer build, so a bad read aborts it) prints one line per frame. For
the frames libpcap can read, the innermost IP addresses, the ports and the protocol must agree with
tshark's (IP reassembly off, so each frame is dissected on its own):

  * tshark's innermost IP header is the last ip/ipv6 layer of frame.protocols before any
    icmp/icmpv6 layer (T2-COMPAT 3.2: ICMP payloads are not decoded); its addresses are that
    occurrence of ip.src/ip.dst or ipv6.src/ipv6.dst;
  * ports come from the transport layer right after it (IPv6 extension headers and AH skipped);
  * the protocol is that layer's number, or ip.proto for IPv4 when tshark shows no transport layer.

Disagreements listed with a reason in decode_pcaps_explained.txt (file, frame numbers or "*",
field) are reported and accepted; any other disagreement fails the test. Exit 77 when the captures
or tshark are missing.
"""
import os
import subprocess
import sys

TRANSPORT = {'tcp': 6, 'udp': 17, 'sctp': 132, 'udplite': 136, 'icmp': 1, 'icmpv6': 58,
             'igmp': 2, 'gre': 47, 'esp': 50}
WALKED = {'ipv6.hopopts', 'ipv6.routing', 'ipv6.fraghdr', 'ipv6.dstopts', 'ah'}
FIELDS = ['frame.number', 'frame.protocols', 'ip.src', 'ip.dst', 'ip.proto', 'ipv6.src', 'ipv6.dst',
          'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'sctp.srcport',
          'sctp.dstport']
PORT_FIELDS = {'tcp': 'tcp', 'udp': 'udp', 'udplite': 'udp', 'sctp': 'sctp'}  # UDP-Lite: udp.*


def tshark_frames(path):
    command = ['tshark', '-n', '-r', path, '-o', 'ip.defragment:FALSE', '-o',
               'ipv6.defragment:FALSE', '-T', 'fields', '-E', 'separator=/t', '-E',
               'occurrence=a', '-E', 'aggregator=,']
    for field in FIELDS:
        command += ['-e', field]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 and not result.stdout:
        raise RuntimeError(f'tshark failed on {path}: {result.stderr}')
    frames = {}
    for line in result.stdout.splitlines():
        values = line.split('\t')
        row = {f: (v.split(',') if v else []) for f, v in zip(FIELDS, values)}
        frames[int(values[0])] = row
    return frames


def tshark_view(row):
    """(version, src, dst, ports or None, protocol or None) of the innermost IP header, or None."""
    layers = row['frame.protocols'][0].split(':')
    for stop in ('icmp', 'icmpv6'):
        if stop in layers:
            layers = layers[:layers.index(stop) + 1]
    positions = [i for i, layer in enumerate(layers) if layer in ('ip', 'ipv6')]
    if not positions:
        return None
    where = positions[-1]
    name = layers[where]
    index = layers[:where].count(name)
    prefix = 'ip' if name == 'ip' else 'ipv6'
    src, dst = row[prefix + '.src'][index], row[prefix + '.dst'][index]
    after = where + 1
    while after < len(layers) and layers[after] in WALKED:
        after += 1
    ports, proto = None, None
    if after < len(layers) and layers[after] in TRANSPORT:
        transport = layers[after]
        proto = TRANSPORT[transport]
        if transport in PORT_FIELDS:
            field = PORT_FIELDS[transport]
            k = sum(1 for layer in layers[:after] if PORT_FIELDS.get(layer) == field)
            if len(row[field + '.srcport']) > k:
                ports = (row[field + '.srcport'][k], row[field + '.dstport'][k])
    elif name == 'ip' and len(row['ip.proto']) > index and not [x for x in layers[where + 1:after] if x == 'ah']:
        proto = int(row['ip.proto'][index])
    return (4 if name == 'ip' else 6, src, dst, ports, proto)


def load_explained(path):
    explained = []
    for line in open(path):
        line = line.split('#', 1)[0].strip()
        if line:
            name, frames, field = line.split()[:3]
            explained.append((name, frames, field))
    return explained


def is_explained(explained, name, frame, field):
    for e_name, e_frames, e_field in explained:
        if e_name == name and e_field in (field, '*'):
            if e_frames == '*' or str(frame) in e_frames.split(','):
                return True
            for part in e_frames.split(','):
                if '-' in part:
                    low, high = part.split('-')
                    if int(low) <= frame <= int(high):
                        return True
    return False


def main():
    shared = os.environ.get('ROWTAP_SHARED', '')
    pcaps = os.path.join(shared, 'pcaps')
    if not shared or not os.path.isdir(pcaps):
        print('ROWTAP_SHARED/pcaps not found: skipping the capture corpus')
        return 77
    if subprocess.run(['tshark', '-v'], capture_output=True).returncode != 0:
        print('tshark not found: skipping the capture corpus')
        return 77
    here = os.path.dirname(os.path.abspath(__file__))
    builddir = os.environ.get('top_builddir', '.')
    dump = os.path.join(builddir, 'tests', 'unit', 'decode_pcap_dump')
    explained = load_explained(os.path.join(here, 'decode_pcaps_explained.txt'))
    names = sorted(f for f in os.listdir(pcaps) if f.endswith(('.pcap', '.pcapng', '.cap')))
    failures = accepted = compared = 0
    for name in names:
        path = os.path.join(pcaps, name)
        run = subprocess.run([dump, path], capture_output=True, text=True)
        if run.returncode not in (0, 1) or 'Sanitizer' in run.stderr or 'runtime error' in run.stderr:
            print(f'FAIL {name}: the decoder crashed (status {run.returncode})\n{run.stderr}')
            failures += 1
            continue
        if run.returncode == 1:
            print(f'note {name}: libpcap stopped reading: {run.stderr.strip()}')
        frames = tshark_frames(path)
        for line in run.stdout.splitlines():
            (number, no_flow, status, num_hdrs, hdrdesc, version, src, dst, sport, dport, proto,
             *_) = line.split('\t')
            number = int(number)
            row = frames.get(number)
            if row is None:
                continue
            compared += 1
            view = tshark_view(row)
            problems = []
            if no_flow == '1':
                problems.append(('no_flow', 'no flow', 'tshark decodes it'))
            elif view is None:
                if version != '0':
                    problems.append(('version', version, 'non-IP'))
            else:
                t_version, t_src, t_dst, t_ports, t_proto = view
                if version != str(t_version):
                    problems.append(('version', version, t_version))
                elif (src, dst) != (t_src, t_dst):
                    problems.append(('address', f'{src} > {dst}', f'{t_src} > {t_dst}'))
                if t_ports and (sport, dport) != t_ports:
                    problems.append(('ports', f'{sport} > {dport}', f'{t_ports[0]} > {t_ports[1]}'))
                if t_proto is not None and version == str(t_version) and proto != str(t_proto):
                    problems.append(('proto', proto, t_proto))
            for field, ours, theirs in problems:
                text = (f'{name} frame {number} {field}: decoder {ours}, tshark {theirs} '
                        f'[{hdrdesc} | {row["frame.protocols"][0]}]')
                if is_explained(explained, name, number, field):
                    accepted += 1
                    print('explained ' + text)
                else:
                    failures += 1
                    print('FAIL ' + text)
    print(f'{len(names)} captures, {compared} frames compared, {accepted} explained '
          f'disagreements, {failures} failures')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
