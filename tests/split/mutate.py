#!/usr/bin/env python3
"""mutate.py SRC OUTDIR N - N truncated and N byte-flipped copies of SRC
(SRC-cutK.yaml, SRC-flipK.yaml) for the thread differential test
(tests/suites/threads.sh).  Deterministic: the same files every run.  The
flips favour the bytes the split scan reads (quotes, brackets, comment and
block-scalar marks, dashes, colons, blanks, tabs) and some libyaml refuses."""
import os
import random
import sys

src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, 'rb').read()
base = os.path.basename(src).rsplit('.', 1)[0]
r = random.Random(sum(data) * 31 + len(data))
chars = b'"\'[]{}#|>-: \n\t&*!,?%'
for i in range(n):
    cut = r.randrange(1, len(data))
    with open(os.path.join(out, '%s-cut%d.yaml' % (base, i)), 'wb') as f:
        f.write(data[:cut])
    d = bytearray(data)
    for _ in range(r.choice([1, 1, 2, 3])):
        p = r.randrange(len(d))
        d[p] = r.choice(chars) if r.random() < 0.9 else r.choice([0, 0xC3, 0x85, 0x0D])
    with open(os.path.join(out, '%s-flip%d.yaml' % (base, i)), 'wb') as f:
        f.write(bytes(d))
