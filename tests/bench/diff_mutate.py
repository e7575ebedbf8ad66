#!/usr/bin/env python3
"""tests/bench/diff_mutate.py IN OUT [PERCENT] [SEED] - a second version of a
generated bench graph (tests/bench/gen.c's layout: block style, one key per
line) with PERCENT (default 1) of its entries (sources, nodes, edges)
changed, for the `diff` bench row (tests/bench/diff.sh).

Each picked entry gets one change, in turn: a value changed (a source's
title, a node's name, an edge's date, which makes it another edge), an
attribute added, the entry removed (only an edge: edges point at nodes and
sources), or a
copy of it added after it (a parallel edge; a node or source with a new id).
Prints how many of each on stderr.  Streams: memory stays small.
"""
import random
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    pct = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 17)
    counts = {}
    section = None
    entry = []           # the lines of the entry being read

    def flush(out):
        if not entry:
            return
        lines = entry[:]
        entry.clear()
        if section not in ('sources', 'nodes', 'edges') or rnd.random() * 100 >= pct:
            out.writelines(lines)
            return
        how = rnd.randrange(4)
        if how == 2 and section != 'edges':
            how = 1
        name = section + ':' + ('change', 'attribute', 'remove', 'copy')[how]
        counts[name] = counts.get(name, 0) + 1
        if how == 0:
            key = {'sources': 'title:', 'nodes': 'name:', 'edges': 'date:'}[section]
            for i, l in enumerate(lines):
                if l.strip().startswith(key):
                    ind = l[:len(l) - len(l.lstrip())]
                    if section == 'edges':
                        lines[i] = ind + 'date: %04d-%02d\n' % (rnd.randrange(1990, 2024), rnd.randrange(1, 13))
                    else:
                        lines[i] = ind + key + ' "changed %d"\n' % rnd.randrange(10**6)
                    break
            else:
                lines.insert(1, '    ' + key + ' 2001\n')
            out.writelines(lines)
        elif how == 1:
            out.writelines(lines)
            out.write('    bench_note: changed %d\n' % rnd.randrange(10**6))
        elif how == 2:
            pass
        else:
            out.writelines(lines)
            copy = lines[:]
            if section != 'edges':
                copy[0] = copy[0].rstrip('\n') + '-copy%d\n' % rnd.randrange(10**6)
            out.writelines(copy)

    with open(src, encoding='utf-8') as f, open(dst, 'w', encoding='utf-8') as out:
        for line in f:
            if not line.startswith(' ') and not line.startswith('-'):
                flush(out)
                key = line.split(':', 1)[0]
                section = key if key in ('sources', 'nodes', 'edges') else None
                out.write(line)
            elif line.startswith('  - '):
                flush(out)
                entry.append(line)
            elif entry:
                entry.append(line)
            else:
                out.write(line)
        flush(out)
    print(' '.join('%s=%d' % kv for kv in sorted(counts.items())), file=sys.stderr)


main()
