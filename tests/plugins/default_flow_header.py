#!/usr/bin/env python3
"""default_flow_header.py — the default run's flow columns equal T2-COMPAT §8.1/§8.4 exactly:
the '%' name row of _flows.txt and the flow section of _headers.txt (number, type code, name,
a non-empty description). The expected list is read from the specification in $ROWTAP_SHARED;
without it the test is skipped (exit 77) with a message."""
import os
import re
import subprocess
import sys
import tempfile

shared = os.environ.get('ROWTAP_SHARED', '')
spec_path = os.path.join(shared, 'spec', 'T2-COMPAT.md')
if not os.path.isfile(spec_path):
    print('SKIP: %s not found (the specification is needed for the expected columns)' % spec_path)
    sys.exit(77)
build = os.environ.get('top_builddir', '.')
source = os.environ.get('top_srcdir', '.')

spec = open(spec_path, encoding='utf-8').read()
section = spec[spec.index('### 8.1 Columns'):spec.index('### 8.2')]
expected = {int(n): (name, code.strip()) for n, name, code in
            re.findall(r'^\| (\d+) \| `(\w+)` \| ([^|]+) \|', section, re.M)}
section = spec[spec.index('### 8.4 tcpFlags'):spec.index('### 8.5')]
expected.update({int(n): (name, code.strip()) for n, name, code in
                 re.findall(r'^\| (\d+) \| `(\w+)` \| ([^|]+) \|', section, re.M)})
if sorted(expected) != list(range(1, 94)):
    print('FAIL: could not read columns 1-93 from the specification')
    sys.exit(1)

with tempfile.TemporaryDirectory() as out:
    run = subprocess.run([os.path.join(build, 'rowtap'), '-r', os.path.join(source, 'data', 'sample.pcap'),
                          '-w', out + '/'], capture_output=True, text=True)
    if run.returncode != 0:
        print('FAIL: rowtap exited with %d: %s' % (run.returncode, run.stderr))
        sys.exit(1)
    names = open(os.path.join(out, 'sample_flows.txt')).readline().rstrip('\n')
    headers = open(os.path.join(out, 'sample_headers.txt')).read()

failures = []
want_names = '%' + '\t'.join(expected[n][0] for n in range(1, 94))
if names != want_names:
    failures.append('name row differs:\n  got  %s\n  want %s' % (names, want_names))
flow = headers[headers.index('# Flow columns'):]
flow = flow[:flow.index('\n#\n')] if '\n#\n' in flow else flow
got = {}
for line in flow.splitlines():
    m = re.match(r'^(\d+)\t(\S+)\t(\S+)\t(.*)$', line)
    if m:
        got[int(m.group(1))] = (m.group(3), m.group(2), m.group(4))
for n in range(1, 94):
    if n not in got:
        failures.append('_headers.txt has no flow column %d' % n)
        continue
    name, code, description = got[n]
    if (name, code) != expected[n]:
        failures.append('column %d: _headers.txt has %s %s, the specification %s %s' % (n, code, name, expected[n][1], expected[n][0]))
    if not description.strip():
        failures.append('column %d (%s) has no description' % (n, name))
if len(got) != 93:
    failures.append('_headers.txt lists %d flow columns, not 93' % len(got))
for f in failures:
    print('FAIL: ' + f)
print('%d flow columns checked against T2-COMPAT §8.1, %d failures' % (len(expected), len(failures)))
sys.exit(1 if failures else 0)
