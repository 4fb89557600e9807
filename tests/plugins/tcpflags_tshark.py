#!/usr/bin/env python3
"""tcpflags_tshark.py - the tcpFlags flow columns over every capture in $ROWTAP_SHARED/pcaps with
TCP, compared per flow direction with what tshark reads from the same frames.

rowtap runs with `-s -b basicFlow,tcpFlags,tcpWin`. For every flow row of a TCP flow, the frames
of that direction are chosen from tshark's output alone: frames whose innermost IP header and TCP
header carry the row's addresses and ports, with a capture time (truncated to microseconds, as
rowtap's default precision does) between the row's timeFirst and timeLast. Over those frames:

  packets          the number of frames = the number of rowtap packet rows of the direction
                   (flowInd, and flowStat bit 0 for the B side);
  tcpFlags         OR of tcp.flags' low byte plus the combination bits of T2-COMPAT 8.4, computed
                   here from each frame's flags;
  tcpISeqN         tcp.seq_raw of the first frame;
  tcpMSS           the last tcp.options.mss_val (0 without);
  tcpWS            2^shift (shift from this direction's SYN, at most 14) when the SYNs of both
                   directions carried tcp.options.wscale.shift, else 0;
  tcpMinWinSz,     smallest and largest window: tcp.window_size_value as sent in SYN packets
  tcpMaxWinSz      (never scaled); in other packets shifted left by this direction's shift once
                   both directions' SYNs with the option have been seen (T2-COMPAT 8.4). Not
                   tshark's tcp.window_size: tshark scales from its own view of the handshake;
  ipMinTTL,        smallest and largest ip.ttl / ipv6.hlim of the innermost IP header.
  ipMaxTTL

Explained differences are listed in EXPLAINED below with their reason and are reported, not
failed; any other difference fails. Exit 77 (skip) when $ROWTAP_SHARED, tshark or a linking
rowtap binary is missing.
"""
import ipaddress
import os
import shutil
import subprocess
import sys
import tempfile

FIELDS = ['frame.number', 'frame.time_epoch', 'frame.protocols', 'ip.src', 'ip.dst', 'ip.ttl',
          'ipv6.src', 'ipv6.dst', 'ipv6.hlim', 'tcp.srcport', 'tcp.dstport', 'tcp.flags',
          'tcp.seq_raw', 'tcp.window_size_value', 'tcp.options.mss_val',
          'tcp.options.wscale.shift', 'ip.id', 'ip.flags.mf', 'ip.frag_offset', 'ip.proto']
IPV6_WALKED = {'ipv6.hopopts', 'ipv6.routing', 'ipv6.fraghdr', 'ipv6.dstopts', 'ah'}
COMBINATIONS = [(0x11, 0x0100), (0x12, 0x0200), (0x14, 0x0400), (0x03, 0x1000), (0x07, 0x2000),
                (0x05, 0x4000), (0x29, 0x8000)]
MAX_SHIFT = 14

# (capture, flowInd or '*', column): reason. None so far: every difference fails.
EXPLAINED = {}


def skip(message):
    print(f'SKIP: {message}')
    sys.exit(77)


def usec(epoch_text):
    """A tshark epoch time as integer microseconds, truncated."""
    seconds, _, fraction = epoch_text.partition('.')
    return int(seconds) * 1000000 + int((fraction + '000000')[:6])


def rowtap_usec(text):
    seconds, _, fraction = text.partition('.')
    return int(seconds) * 1000000 + int((fraction + '000000')[:6])


def tshark_frames(path):
    """The TCP frames of a capture (a dict per frame with the innermost IP/TCP fields), and the
    later IPv4 fragments of TCP datagrams attributed to them."""
    command = ['tshark', '-n', '-r', path, '-o', 'ip.defragment:FALSE', '-o',
               'ipv6.defragment:FALSE', '-o', 'tcp.analyze_sequence_numbers:FALSE', '-T', 'fields',
               '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,']
    for field in FIELDS:
        command += ['-e', field]
    result = subprocess.run(command, capture_output=True, text=True)
    frames, first_fragments, later = [], {}, []
    for line in result.stdout.splitlines():
        values = dict(zip(FIELDS, line.split('\t')))
        row = {f: (v.split(',') if v else []) for f, v in values.items()}
        frame = innermost_tcp(row)
        fragments = ipv4_fragments(row)
        if frame:
            frames.append(frame)
            for key, offset, _ in fragments:
                if offset == 0:
                    first_fragments[key] = frame
        elif fragments and fragments[-1][1] > 0:
            later.append((row, fragments[-1]))
    # T2-COMPAT 3.4: a later fragment belongs to the flow of its first fragment; it has no TCP
    # header, and its IP header (the fragmented one, where decoding stops) gives the TTL.
    for row, (key, _, ttl) in later:
        first = first_fragments.get(key)
        if first:
            frames.append(dict(first, number=int(row['frame.number'][0]),
                               time=usec(row['frame.time_epoch'][0]), ttl=ttl, later_fragment=True))
    frames.sort(key=lambda fr: fr['number'])
    return frames


def ipv4_fragments(row):
    """(key, offset, ttl) of every fragmented IPv4 header of a frame, outermost first."""
    out = []
    for i, mf in enumerate(row['ip.flags.mf']):
        offset = int(row['ip.frag_offset'][i]) if i < len(row['ip.frag_offset']) else 0
        if mf in ('1', 'True') or offset > 0:
            key = (row['ip.src'][i], row['ip.dst'][i], row['ip.id'][i], row['ip.proto'][i])
            out.append((key, offset, int(row['ip.ttl'][i])))
    return out


def innermost_tcp(row):
    """The frame's innermost IP header followed by TCP, or None (T2-COMPAT 3.2: ICMP payloads
    are not decoded, so a TCP header quoted in an ICMP error does not count)."""
    layers = row['frame.protocols'][0].split(':')
    for stop in ('icmp', 'icmpv6'):
        if stop in layers:
            layers = layers[:layers.index(stop) + 1]
    positions = [i for i, layer in enumerate(layers) if layer in ('ip', 'ipv6')]
    if not positions:
        return None
    where = positions[-1]
    family = layers[where]
    index = layers[:where].count(family)
    after = where + 1
    while after < len(layers) and layers[after] in IPV6_WALKED:
        after += 1
    if after >= len(layers) or layers[after] != 'tcp':
        return None
    tcp_index = layers[:after].count('tcp')
    prefix = 'ip' if family == 'ip' else 'ipv6'
    ttl_field = 'ip.ttl' if family == 'ip' else 'ipv6.hlim'

    def pick(field, i):
        values = row[field]
        return values[i] if i < len(values) else None

    window = pick('tcp.window_size_value', tcp_index)
    if window is None:
        return None
    return {
        'number': int(row['frame.number'][0]),
        'time': usec(row['frame.time_epoch'][0]),
        'src': pick(prefix + '.src', index), 'dst': pick(prefix + '.dst', index),
        'ttl': int(pick(ttl_field, index)),
        'sport': int(pick('tcp.srcport', tcp_index)), 'dport': int(pick('tcp.dstport', tcp_index)),
        'flags': int(pick('tcp.flags', tcp_index), 16) & 0xff,
        'seq': int(pick('tcp.seq_raw', tcp_index)),
        'window': int(window),
        # Option fields occur only in frames that carry the option; one TCP layer per frame here.
        'mss': int(row['tcp.options.mss_val'][-1]) if row['tcp.options.mss_val'] else None,
        'shift': int(row['tcp.options.wscale.shift'][-1]) if row['tcp.options.wscale.shift'] else None,
    }


def read_table(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().splitlines()
    names = lines[0].lstrip('%').split('\t')
    return [dict(zip(names, line.split('\t'))) for line in lines[1:]]


def compact_ip6(text):
    """tshark and rowtap both print RFC 5952 addresses; normalise anyway."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text


def expected_for(frames, partner_frames):
    """What tcpFlags should report for a direction with these frames (sorted by frame number)."""
    tcp_frames = [fr for fr in frames if not fr.get('later_fragment')]
    partner_frames = [fr for fr in partner_frames if not fr.get('later_fragment')]
    flags = 0
    for fr in tcp_frames:
        flags |= fr['flags']
        if fr['flags'] == 0:
            flags |= 0x0800
        for bits, mark in COMBINATIONS:
            if fr['flags'] & bits == bits:
                flags |= mark
    mss = [fr['mss'] for fr in tcp_frames if fr['mss'] is not None]

    # Windows: walk both directions in frame order, tracking which SYNs announced scaling.
    own_shift = None
    partner_ws = False
    own_ws = False
    events = sorted([(fr['number'], 0, fr) for fr in tcp_frames] +
                    [(fr['number'], 1, fr) for fr in partner_frames])
    windows = []
    for _, side, fr in events:
        syn = fr['flags'] & 0x02
        if side == 1:
            if syn and fr['shift'] is not None:
                partner_ws = True
            continue
        if syn and fr['shift'] is not None:
            own_ws = True
            own_shift = min(fr['shift'], MAX_SHIFT)
        if not syn and own_ws and partner_ws:
            windows.append(fr['window'] << own_shift)
        else:
            windows.append(fr['window'])
    scaling = own_ws and partner_ws
    return {
        'packets': len(frames),
        'tcpFlags': flags,
        'tcpISeqN': tcp_frames[0]['seq'],
        'tcpMSS': mss[-1] if mss else 0,
        'tcpWS': (1 << own_shift) if scaling else 0,
        'tcpMinWinSz': min(windows),
        'tcpMaxWinSz': max(windows),
        'ipMinTTL': min(fr['ttl'] for fr in frames),
        'ipMaxTTL': max(fr['ttl'] for fr in frames),
    }


def observed(row, packets):
    return {
        'packets': packets,
        'tcpFlags': int(row['tcpFlags'], 16),
        'tcpISeqN': int(row['tcpISeqN']),
        'tcpMSS': int(row['tcpMSS']),
        'tcpWS': int(row['tcpWS']),
        'tcpMinWinSz': int(row['tcpMinWinSz']),
        'tcpMaxWinSz': int(row['tcpMaxWinSz']),
        'ipMinTTL': int(row['ipMinTTL']),
        'ipMaxTTL': int(row['ipMaxTTL']),
    }


def direction_frames(frames, row):
    src, dst = compact_ip6(row['srcIP']), compact_ip6(row['dstIP'])
    sport, dport = int(row['srcPort']), int(row['dstPort'])
    first, last = rowtap_usec(row['timeFirst']), rowtap_usec(row['timeLast'])
    return [fr for fr in frames
            if compact_ip6(fr['src']) == src and compact_ip6(fr['dst']) == dst
            and fr['sport'] == sport and fr['dport'] == dport and first <= fr['time'] <= last]


def packet_counts(packet_rows):
    """Packets per (flowInd, reply bit) from the packet file."""
    counts = {}
    for p in packet_rows:
        key = (p['flowInd'], int(p['flowStat'], 16) & 1)
        counts[key] = counts.get(key, 0) + 1
    return counts


def check_capture(rowtap, path, out_dir):
    """Returns (directions checked, failures, explained) for one capture."""
    frames = tshark_frames(path)
    if not frames:
        return None
    prefix = os.path.join(out_dir, os.path.basename(path).rsplit('.', 1)[0])
    run = subprocess.run([rowtap, '-r', path, '-w', prefix, '-s', '-b', 'basicFlow,tcpFlags,tcpWin'],
                         capture_output=True, text=True)
    if run.returncode < 0 or 'Sanitizer' in run.stderr or 'runtime error' in run.stderr:
        return 0, [f'{os.path.basename(path)}: rowtap failed (exit {run.returncode}): {run.stderr.strip()}'], []
    if not os.path.exists(prefix + '_flows.txt'):
        return 0, [f'rowtap wrote no flow file (exit {run.returncode}): {run.stderr.strip()}'], []
    flows = read_table(prefix + '_flows.txt')
    counts = packet_counts(read_table(prefix + '_packets.txt'))
    pairs = {}
    for row in flows:
        pairs.setdefault(row['flowInd'], []).append(row)
    name = os.path.basename(path)
    failures, explained, checked = [], [], 0
    for row in flows:
        if row['l4Proto'] != '6':
            continue
        mine = direction_frames(frames, row)
        if not mine:
            failures.append(f'{name} flow {row["flowInd"]} {row["dir"]}: tshark has no TCP frame for it')
            continue
        partner = [r for r in pairs[row['flowInd']] if r is not row]
        partner_frames = direction_frames(frames, partner[0]) if partner else []
        if len(pairs[row['flowInd']]) == 1:
            packets = sum(n for (ind, _), n in counts.items() if ind == row['flowInd'])
        else:
            packets = counts.get((row['flowInd'], 1 if row['dir'] == 'B' else 0), 0)
        want, got = expected_for(mine, partner_frames), observed(row, packets)
        checked += 1
        for column, value in want.items():
            if got[column] == value:
                continue
            text = (f'{name} flow {row["flowInd"]} {row["dir"]} {column}: rowtap {got[column]}, '
                    f'tshark {value}')
            reason = EXPLAINED.get((name, row['flowInd'], column)) or EXPLAINED.get((name, '*', column))
            if reason:
                explained.append(f'{text} ({reason})')
            else:
                failures.append(text)
    return checked, failures, explained


def find_rowtap():
    top = os.environ.get('top_builddir', '.')
    rowtap = os.path.join(top, 'rowtap')
    if not os.access(rowtap, os.X_OK):
        skip(f'{rowtap} is not built (it links once the decoder is on main)')
    plugin = os.path.join(top, 'plugins', '.libs', 'tcpFlags.so')
    if not os.path.exists(plugin):
        skip(f'{plugin} is not built')
    return rowtap


def main():
    shared = os.environ.get('ROWTAP_SHARED')
    if not shared or not os.path.isdir(os.path.join(shared, 'pcaps')):
        skip('$ROWTAP_SHARED/pcaps is not available')
    if not shutil.which('tshark'):
        skip('tshark is not installed')
    rowtap = find_rowtap()
    pcaps = os.path.join(shared, 'pcaps')
    total, all_failures = 0, []
    with tempfile.TemporaryDirectory() as out_dir:
        for name in sorted(os.listdir(pcaps)):
            if name.endswith('.md') or name.endswith('.txt'):
                continue
            result = check_capture(rowtap, os.path.join(pcaps, name), out_dir)
            if result is None:
                continue
            checked, failures, explained = result
            total += checked
            print(f'{name}: {checked} TCP directions, {len(failures)} differences')
            for line in explained:
                print(f'  explained: {line}')
            all_failures += failures
    for line in all_failures:
        print(f'FAIL: {line}')
    print(f'{total} TCP directions checked, {len(all_failures)} unexplained differences')
    return 1 if all_failures or total == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
