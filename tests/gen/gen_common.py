"""gen_common.py - helpers of the generator's tests: where the programs are, running them,
reading classic pcap files and rowtap's text outputs, and counting failed checks."""
import atexit
import os
import shutil
import struct
import subprocess
import sys
import tempfile


def build_path(*parts):
    return os.path.join(os.environ.get('top_builddir', '.'), *parts)


def source_path(*parts):
    return os.path.join(os.environ.get('top_srcdir', '.'), *parts)


GEN = build_path('tools', 'rowtap-gen')
ROWTAP = build_path('rowtap')


def run(command, **kwargs):
    """Runs a command; stops the test (exit 99, a hard error) when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(f'command failed ({result.returncode}): {" ".join(command)}\n'
                         f'{result.stdout}{result.stderr}')
        sys.exit(99)
    return result


def temp_dir():
    """A new folder, removed when the test ends."""
    path = tempfile.mkdtemp(prefix='rowtap-gen-test-')
    atexit.register(shutil.rmtree, path, True)
    return path


def read_pcap(path):
    """The records of a classic pcap file: (time_ns, caplen, wirelen, data)."""
    with open(path, 'rb') as f:
        blob = f.read()
    magic = blob[:4]
    orders = {b'\xd4\xc3\xb2\xa1': ('<', 1000), b'\xa1\xb2\xc3\xd4': ('>', 1000),
              b'\x4d\x3c\xb2\xa1': ('<', 1), b'\xa1\xb2\x3c\x4d': ('>', 1)}
    if magic not in orders:
        raise ValueError(f'{path}: not a classic pcap file')
    order, scale = orders[magic]
    records, at = [], 24
    while at + 16 <= len(blob):
        sec, frac, caplen, wirelen = struct.unpack(order + 'IIII', blob[at:at + 16])
        records.append((sec * 10**9 + frac * scale, caplen, wirelen, blob[at + 16:at + 16 + caplen]))
        at += 16 + caplen
    if at != len(blob):
        raise ValueError(f'{path}: {len(blob) - at} bytes after the last record')
    return records


def read_table(path):
    """Rows of a rowtap text file as dicts by column name."""
    with open(path, encoding='utf-8', errors='replace') as f:
        names = f.readline().rstrip('\n').lstrip('%').split('\t')
        return [dict(zip(names, line.rstrip('\n').split('\t'))) for line in f]


def rowtap(capture, out_dir, *options):
    """Runs rowtap -s on a capture; returns (packet rows, flow rows, standard output)."""
    result = run([ROWTAP, '-r', capture, '-w', out_dir + '/', '-s', '-q', *options])
    base = os.path.splitext(os.path.basename(capture))[0]
    return (read_table(os.path.join(out_dir, base + '_packets.txt')),
            read_table(os.path.join(out_dir, base + '_flows.txt')), result.stdout)


def status(row):
    return int(row['flowStat'], 16)


def bit(n):
    return 1 << n


class Checks:
    """Counts checks; prints one line per check."""

    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, condition, what, detail=''):
        if condition:
            self.passed += 1
            print(f'ok: {what}')
        else:
            self.failed += 1
            print(f'FAIL: {what}' + (f' ({detail})' if detail else ''))

    def finish(self):
        print(f'{self.passed} checks passed, {self.failed} failed')
        sys.exit(1 if self.failed else 0)
