#!/bin/sh
# check_ref.sh [TESTFILE]: run tests/match/ref.py on every block of
# corner.test (format at its top) and print ok - / not ok - lines.
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 - "$here" "${1:-$here/corner.test}" <<'PY'
import subprocess, sys
here, path = sys.argv[1], sys.argv[2]
text = open(path, encoding='utf-8').read()
blocks, cur = [], []
for line in text.split('\n'):
    if line.startswith('#'):
        continue
    if line == '':
        if cur:
            blocks.append(cur)
        cur = []
    else:
        cur.append(line)
if cur:
    blocks.append(cur)
fails = 0
for b in blocks:
    if not b[0].startswith('graph: ') or len(b) < 3:
        print('not ok - malformed block: %r' % b[:2]); fails += 1; continue
    graph, query, want = b[0][7:], b[1], ['' if l == '<empty>' else l for l in b[2:]]
    p = subprocess.run(['/usr/bin/python3', here + '/ref.py', here + '/graphs/' + graph,
                        '-e', query, '--format', 'tsv'], capture_output=True, text=True)
    name = '%s: %s' % (graph, query)
    if want == ['error']:
        good = p.returncode != 0 and p.stderr.startswith('error')
        got = p.stderr
    else:
        got_lines = p.stdout.split('\n')
        if got_lines and got_lines[-1] == '':
            got_lines.pop()
        if 'order by' in query.lower():
            good = p.returncode == 0 and got_lines == want
        else:
            good = p.returncode == 0 and got_lines[:1] == want[:1] and \
                sorted(got_lines[1:]) == sorted(want[1:])
        got = p.stdout + p.stderr
    if good:
        print('ok - ' + name)
    else:
        fails += 1
        print('not ok - ' + name)
        for l in got.split('\n'):
            print('#   got: ' + l)
sys.exit(1 if fails else 0)
PY
